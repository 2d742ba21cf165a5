/**
 * The WGSL kernels of the `webgpu` engine: one GD/SGD step of an ensemble of B two-layer networks of one shape,
 * in two dispatches that read the weights where they live on the GPU.
 *
 * 1. `residual`, one thread per (network r, batch slot t): the output f = (1/α) Σₖ aₖ σ(wₖ·xᵢ + bₖ) and the
 *    loss derivative ρ = ℓ'(f, yᵢ)/(α·count), the per-sample factor of every gradient (`network.ts`, `gradient`).
 * 2. `update`, one thread per (network r, neuron k): ∂aₖ = Σᵢ ρᵢ σ(zᵢₖ), ∂wₖ = Σᵢ ρᵢ aₖ σ'(zᵢₖ) xᵢ, ∂bₖ likewise,
 *    then aₖ −= η_a ∂aₖ, wₖ −= η_W ∂wₖ, bₖ −= η_W ∂bₖ. Each thread owns its neuron, so the sums run in a fixed
 *    order and a network's numbers never depend on the other networks of its ensemble.
 *
 * @example
 * ```ts
 * import { WGSL, MAX_D } from "./webgpu_kernels.ts";
 * console.log(WGSL.includes("fn residual"), MAX_D); // true 64
 * ```
 * @module
 */

/** The widest input the `update` kernel holds in registers (its ∂wₖ accumulator). */
export const MAX_D = 64;

/** Activation codes shared with the host. */
export const ACTIVATION_CODE = { relu: 0, tanh: 1, xtanh: 2 } as const;

/** Loss codes shared with the host. */
export const LOSS_CODE = { square: 0, logistic: 1, exponential: 2 } as const;

/** Both kernels, one module. Bindings: params, X, y, a, W, b, ρ, sample indices; `slot` picks the minibatch. */
export const WGSL = /* wgsl */ `
struct Params {
  B: u32, n: u32, d: u32, m: u32,
  count: u32, activation: u32, loss: u32, bias: u32,
  alpha: f32, lrW: f32, lrA: f32, minibatch: u32,
}
struct Slot { step: u32 }

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> Y: array<f32>;
@group(0) @binding(3) var<storage, read_write> A: array<f32>;
@group(0) @binding(4) var<storage, read_write> W: array<f32>;
@group(0) @binding(5) var<storage, read_write> Bias: array<f32>;
@group(0) @binding(6) var<storage, read_write> Rho: array<f32>;
@group(0) @binding(7) var<storage, read> Idx: array<u32>;
@group(1) @binding(0) var<uniform> S: Slot;

// tanh clamped: |z| > 15 is ±1 in float32, and some drivers return NaN for large |z|.
fn th(z: f32) -> f32 { return tanh(clamp(z, -15.0, 15.0)); }

fn sigma(z: f32) -> f32 {
  if (P.activation == 0u) { return max(z, 0.0); }
  if (P.activation == 1u) { return th(z); }
  return z * th(z);
}

fn sigmaPrime(z: f32) -> f32 {
  if (P.activation == 0u) { return select(0.0, 1.0, z > 0.0); }
  let t = th(z);
  if (P.activation == 1u) { return 1.0 - t * t; }
  return t + z * (1.0 - t * t);
}

// ℓ'(f, y): square f − y; logistic −y/(1 + e^{yf}) (stable form); exponential −y e^{−yf}.
fn lossPrime(f: f32, y: f32) -> f32 {
  if (P.loss == 0u) { return f - y; }
  if (P.loss == 1u) {
    let u = -y * f;
    if (u > 0.0) { return -y / (1.0 + exp(-u)); }
    let e = exp(u);
    return -y * e / (1.0 + e);
  }
  return -y * exp(-y * f);
}

fn sampleOf(t: u32) -> u32 {
  if (P.minibatch == 1u) { return Idx[S.step * P.count + t]; }
  return t;
}

fn flat(gid: vec3<u32>, nwg: vec3<u32>) -> u32 { return gid.x + gid.y * nwg.x * 64u; }

@compute @workgroup_size(64)
fn residual(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = flat(gid, nwg);
  if (id >= P.B * P.count) { return; }
  let r = id / P.count;
  let t = id % P.count;
  let i = sampleOf(t);
  var out = 0.0;
  for (var k = 0u; k < P.m; k++) {
    let o = (r * P.m + k) * P.d;
    var z = select(0.0, Bias[r * P.m + k], P.bias == 1u);
    for (var j = 0u; j < P.d; j++) { z += W[o + j] * X[i * P.d + j]; }
    out += A[r * P.m + k] * sigma(z);
  }
  Rho[id] = lossPrime(out / P.alpha, Y[i]) / (P.alpha * f32(P.count));
}

@compute @workgroup_size(64)
fn update(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = flat(gid, nwg);
  if (id >= P.B * P.m) { return; }
  let r = id / P.m;
  let o = id * P.d;
  let ak = A[id];
  let bk = select(0.0, Bias[id], P.bias == 1u);
  var gw: array<f32, ${MAX_D}>;
  for (var j = 0u; j < P.d; j++) { gw[j] = 0.0; }
  var ga = 0.0;
  var gb = 0.0;
  for (var t = 0u; t < P.count; t++) {
    let i = sampleOf(t);
    var z = bk;
    for (var j = 0u; j < P.d; j++) { z += W[o + j] * X[i * P.d + j]; }
    let rho = Rho[r * P.count + t];
    ga += rho * sigma(z);
    let g = rho * ak * sigmaPrime(z);
    gb += g;
    for (var j = 0u; j < P.d; j++) { gw[j] += g * X[i * P.d + j]; }
  }
  A[id] = ak - P.lrA * ga;
  for (var j = 0u; j < P.d; j++) { W[o + j] -= P.lrW * gw[j]; }
  if (P.bias == 1u) { Bias[id] = bk - P.lrW * gb; }
}
`;
