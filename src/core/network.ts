/**
 * The two-layer network f(x) = (1/α) Σₖ aₖ σ(wₖ·x + bₖ), its losses and its gradient, in float64.
 *
 * This page is the reference every engine is checked against: it reads like the maths, one sample at a time.
 * Engines (`engines/`) compute the same step faster.
 *
 * @example
 * ```ts
 * import { gradient, lossOf } from "./network.ts";
 * const net = { a: new Float64Array([1]), W: new Float64Array([0.5]) };
 * const data = { X: new Float64Array([1, -1]), y: new Float64Array([0.2, -0.2]), n: 2, d: 1 };
 * const arch = { m: 1, activation: "tanh", bias: false, alpha: 1, loss: "square" } as const;
 * const L = lossOf(arch, net, data);
 * const g = gradient(arch, net, data);
 * ```
 * @module
 */

/** Activation functions σ. `xtanh` is x·tanh(x) (multiplicity p = 2 in paper 3). */
export type Activation = "tanh" | "relu" | "xtanh";
/** Loss kinds: square (1/2n)Σ(f−y)², logistic (1/n)Σ log(1+e^{−yf}), exponential (1/n)Σ e^{−yf}. */
export type LossKind = "square" | "logistic" | "exponential";

/** Network shape and loss, fixed during training. */
export interface Architecture {
  m: number;
  activation: Activation;
  bias: boolean;
  /** Output scale: f = (1/α) Σ aₖ σ(·). */
  alpha: number;
  loss: LossKind;
}

/** Trainable parameters. `W` is m×d row-major (row k is wₖ); `b` is present when the network has bias. */
export interface Net {
  a: Float64Array;
  W: Float64Array;
  b?: Float64Array;
}

/** Inputs `X` (n×d row-major) and targets `y`. */
export interface Dataset {
  X: Float64Array;
  y: Float64Array;
  n: number;
  d: number;
}

/** σ(z). */
export function activate(kind: Activation, z: number): number {
  switch (kind) {
    case "tanh":
      return Math.tanh(z);
    case "relu":
      return z > 0 ? z : 0;
    case "xtanh":
      return z * Math.tanh(z);
  }
}

/** σ'(z). For ReLU, σ'(0) = 0. */
export function activateDerivative(kind: Activation, z: number): number {
  switch (kind) {
    case "tanh": {
      const t = Math.tanh(z);
      return 1 - t * t;
    }
    case "relu":
      return z > 0 ? 1 : 0;
    case "xtanh": {
      const t = Math.tanh(z);
      return t + z * (1 - t * t);
    }
  }
}

/** Per-sample loss ℓ(f, y). */
export function sampleLoss(kind: LossKind, f: number, y: number): number {
  switch (kind) {
    case "square":
      return 0.5 * (f - y) * (f - y);
    case "logistic": {
      const u = -y * f; // log(1 + e^u), stable for large |u|
      return u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u));
    }
    case "exponential":
      return Math.exp(-y * f);
  }
}

/** ∂ℓ/∂f. */
export function sampleLossDerivative(kind: LossKind, f: number, y: number): number {
  switch (kind) {
    case "square":
      return f - y;
    case "logistic": {
      const u = -y * f;
      return u > 0 ? -y / (1 + Math.exp(-u)) : -y * Math.exp(u) / (1 + Math.exp(u));
    }
    case "exponential":
      return -y * Math.exp(-y * f);
  }
}

/** Outputs f(xᵢ) for every sample. */
export function predict(arch: Architecture, net: Net, data: Dataset): Float64Array {
  const { n, d, X } = data;
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let out = 0;
    for (let k = 0; k < arch.m; k++) {
      let z = net.b ? net.b[k] : 0;
      for (let j = 0; j < d; j++) z += net.W[k * d + j] * X[i * d + j];
      out += net.a[k] * activate(arch.activation, z);
    }
    f[i] = out / arch.alpha;
  }
  return f;
}

/** The loss L = (1/n) Σᵢ ℓ(f(xᵢ), yᵢ) (square: (1/2n) Σ (f − y)²). */
export function lossOf(arch: Architecture, net: Net, data: Dataset): number {
  const f = predict(arch, net, data);
  let L = 0;
  for (let i = 0; i < data.n; i++) L += sampleLoss(arch.loss, f[i], data.y[i]);
  return L / data.n;
}

/**
 * The decrease L(0-output) − L = (1/2n) Σ f(2y − f) for the square loss, computed without subtracting two O(1)
 * numbers, so it resolves tiny changes during a plateau (CLAIMS.md, conventions).
 */
export function lossDecreaseOf(arch: Architecture, net: Net, data: Dataset): number {
  const f = predict(arch, net, data);
  let s = 0;
  for (let i = 0; i < data.n; i++) s += f[i] * (2 * data.y[i] - f[i]);
  return s / (2 * data.n);
}

/**
 * ∇L over the samples in `batch` (all samples when omitted):
 * ∂L/∂aₖ = (1/α)(1/B) Σᵢ rᵢ σ(zᵢₖ),  ∂L/∂wₖ = (1/α)(1/B) Σᵢ rᵢ aₖ σ'(zᵢₖ) xᵢ,  ∂L/∂bₖ likewise without xᵢ,
 * with rᵢ = ∂ℓ/∂f at sample i.
 */
export function gradient(arch: Architecture, net: Net, data: Dataset, batch?: Int32Array): Net {
  const { d, X, y } = data;
  const { m, activation, alpha } = arch;
  const ga = new Float64Array(m), gW = new Float64Array(m * d);
  const gb = net.b ? new Float64Array(m) : undefined;
  const count = batch ? batch.length : data.n;
  const z = new Float64Array(m);
  for (let s = 0; s < count; s++) {
    const i = batch ? batch[s] : s;
    let out = 0;
    for (let k = 0; k < m; k++) {
      let zk = net.b ? net.b[k] : 0;
      for (let j = 0; j < d; j++) zk += net.W[k * d + j] * X[i * d + j];
      z[k] = zk;
      out += net.a[k] * activate(activation, zk);
    }
    const r = sampleLossDerivative(arch.loss, out / alpha, y[i]) / (alpha * count);
    for (let k = 0; k < m; k++) {
      ga[k] += r * activate(activation, z[k]);
      const g = r * net.a[k] * activateDerivative(activation, z[k]);
      if (gb) gb[k] += g;
      for (let j = 0; j < d; j++) gW[k * d + j] += g * X[i * d + j];
    }
  }
  return gb ? { a: ga, W: gW, b: gb } : { a: ga, W: gW };
}

/** A deep copy of a network. */
export function cloneNet(net: Net): Net {
  const c: Net = { a: net.a.slice(), W: net.W.slice() };
  if (net.b) c.b = net.b.slice();
  return c;
}
