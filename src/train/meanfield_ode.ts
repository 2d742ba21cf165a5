/**
 * The `meanfield_ode` task: paper 4's mean-field particle ODE for m particles (aᵢ, sᵢ), integrated in float64 with
 * the stiff Rosenbrock solver of `stiff.ts` and a block-diagonal-plus-low-rank (Woodbury) linear solve.
 *
 * With M_k = (1/m) Σᵢ aᵢ sᵢ^k and r_k = σ_k (φ_k − σ_k M_k) (CLAIMS.md, paper 4 setting):
 *   ε ȧᵢ = Σ_k r_k sᵢ^k,   ṡᵢ = (1 − sᵢ²) aᵢ Σ_k k r_k sᵢ^{k−1},
 * the gradient flow of R_mf = ½ Σ_k (φ_k − σ_k M_k)² (second layer sped up by 1/ε, first layer on the sphere).
 * The risk and each Hermite component's error e_k = φ_k − σ_k M_k are recorded on a log-time grid.
 *
 * @example
 * ```ts
 * import { meanfieldOdeTask } from "./meanfield_ode.ts";
 * import { f64Engine } from "./engines/f64.ts";
 * const spec = { task: "meanfield_ode", m: 8, phi: [0, 1, 1], sigma: [0, 1, 1], eps: 1e-3, initScaleA: 1, seed: 0,
 *   tMin: 1e-6, tEnd: 1, perDecade: 4 };
 * const [res] = await meanfieldOdeTask.run([{ ...spec }], { engine: f64Engine, progress: () => {} });
 * console.log((res.risk as number[]).at(-1)! < (res.risk as number[])[0]); // true
 * ```
 * @module
 */
import { bool, int, list, num, oneOf, type Schema } from "../core/schema.ts";
import type { JsonObject, RunSpec } from "../core/types.ts";
import { normals, rng } from "./rng.ts";
import { integrateStiff, type LinearSolverFactory, luFactor, luSolve, type StiffProblem } from "./stiff.ts";
import type { Task } from "./task.ts";

/** The fields of a `meanfield_ode` run. */
export const meanfieldOdeSchema: Schema = {
  m: int({ min: 1, doc: "particles" }),
  phi: list(num(), { nonEmpty: true, doc: "target's normalised Hermite coefficients φ_0, …, φ_K" }),
  sigma: list(num(), { nonEmpty: true, doc: "activation's normalised Hermite coefficients σ_0, …, σ_K" }),
  eps: num({ positive: true, doc: "time-scale ratio ε (second-layer rate 1/ε)" }),
  initScaleA: num({ min: 0, doc: "aᵢ(0) ~ N(0, initScaleA²) (0: exactly 0)" }),
  initS: oneOf(["zero", "sphere"], {
    default: "zero",
    doc: "sᵢ(0): exactly 0 (d → ∞), or ⟨uᵢ, e₁⟩ for uᵢ uniform on S^{d−1} (the SGD run's start, same seed)",
  }),
  d: int({ min: 2, default: 2, doc: "dimension of the sphere start (initS = sphere)" }),
  seed: int({ min: 0, doc: "seed of the initialisation" }),
  tMin: num({ positive: true, doc: "first log-grid time" }),
  tEnd: num({ positive: true, doc: "last time" }),
  perDecade: int({ min: 1, default: 20, doc: "log-grid points per decade" }),
  linear: int({ min: 0, default: 0, doc: "extra evenly spaced grid points on [0, tEnd]" }),
  rtol: num({ positive: true, default: 1e-7 }),
  atol: num({ positive: true, default: 1e-12 }),
  maxSteps: int({ min: 1, default: 200000 }),
  particles: bool({ default: false, doc: "store all (aᵢ, sᵢ) at the last time" }),
  selfTerm: bool({
    default: false,
    doc: "finite-m self-interaction: the exact d = ∞ flow of m particles (‖uᵢ‖ = 1 gives U(1), not U(sᵢ²))",
  }),
};

/** Rounds to 10 significant digits (compact JSON, identical fresh or cached). */
const compact = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(10)) : x);

/** The coefficient lists padded to one length K + 1. */
export function paddedCoefficients(spec: RunSpec): { phi: number[]; sigma: number[] } {
  const phi = spec.phi as number[], sigma = spec.sigma as number[];
  const K = Math.max(phi.length, sigma.length) - 1;
  const pad = (c: number[]) => Array.from({ length: K + 1 }, (_, k) => c[k] ?? 0);
  return { phi: pad(phi), sigma: pad(sigma) };
}

/**
 * The initial second layer and first-layer directions of paper 4's network, shared by the ODE and the SGD task:
 * aᵢ ~ N(0, initScaleA²), then uᵢ uniform on S^{d−1} (normalised Gaussians), from `rng(seed, "init")`.
 */
export function initialNetwork(
  m: number,
  d: number,
  initScaleA: number,
  seed: number,
): { a: Float64Array; U: Float64Array } {
  const r = rng(seed, "init");
  const a = normals(r, m, initScaleA);
  const U = normals(r, m * d);
  for (let i = 0; i < m; i++) {
    let n2 = 0;
    for (let j = 0; j < d; j++) n2 += U[i * d + j] ** 2;
    const inv = 1 / Math.sqrt(n2);
    for (let j = 0; j < d; j++) U[i * d + j] *= inv;
  }
  return { a, U };
}

/** The initial particles of a spec, packed as y = (a₁…a_m, s₁…s_m); the target direction is w* = e₁. */
export function initialParticles(spec: RunSpec): Float64Array {
  const m = spec.m as number, d = spec.initS === "sphere" ? spec.d as number : 1;
  const y = new Float64Array(2 * m);
  if (spec.initS === "sphere") {
    const { a, U } = initialNetwork(m, d, spec.initScaleA as number, spec.seed as number);
    y.set(a);
    for (let i = 0; i < m; i++) y[m + i] = U[i * d];
  } else {
    y.set(normals(rng(spec.seed as number, "init"), m, spec.initScaleA as number));
  }
  return y;
}

/** M_k = (1/m) Σᵢ aᵢ sᵢ^k for k = 0..K (the order parameters). */
export function momentsOf(y: Float64Array, m: number, K: number, out = new Float64Array(K + 1)): Float64Array {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    let p = y[i];
    for (let k = 0; k <= K; k++) out[k] += p, p *= y[m + i];
  }
  for (let k = 0; k <= K; k++) out[k] /= m;
  return out;
}

/** s^k for a small integer k ≥ 0 by repeated multiplication. */
function ipow(s: number, k: number): number {
  let p = 1;
  for (let j = 0; j < k; j++) p *= s;
  return p;
}

/** The mean-field particle system of CLAIMS.md as a stiff problem, with its Woodbury linear solver. */
export function meanfieldProblem(
  phi: readonly number[],
  sigma: readonly number[],
  eps: number,
  m: number,
  selfTerm = false,
): StiffProblem {
  const K = phi.length - 1;
  // Self-interaction (selfTerm): R gains (1/2m²) Σᵢ aᵢ² (U(1) − U(sᵢ²)), U(ρ) = Σ_k σ_k² ρ^k. With x = sᵢ²:
  // ε ȧᵢ += aᵢ (U(x) − U(1))/m,  ṡᵢ += (1 − x) aᵢ² sᵢ U'(x)/m.
  const U1 = sigma.reduce((t, c) => t + c * c, 0);
  let u0 = 0, u1 = 0, u2 = 0; // U(x), U'(x), U''(x)
  const Useries = (x: number) => {
    let v = 0, d1 = 0, d2 = 0;
    for (let k = K; k >= 0; k--) d2 = d2 * x + 2 * d1, d1 = d1 * x + v, v = v * x + sigma[k] * sigma[k];
    u0 = v, u1 = d1, u2 = d2;
  };
  const active = sigma.map((s, k) => (s !== 0 ? k : -1)).filter((k) => k >= 0);
  const R = active.length;
  const M = new Float64Array(K + 1), r = new Float64Array(K + 1);
  const residuals = (y: Float64Array) => {
    momentsOf(y, m, K, M);
    for (let k = 0; k <= K; k++) r[k] = sigma[k] * (phi[k] - sigma[k] * M[k]);
  };
  // G(s) = Σ r_k s^k and its first two derivatives (Horner), written to g0, g1, g2 (no allocation per particle).
  let g0 = 0, g1 = 0, g2 = 0;
  const G = (s: number) => {
    let g = 0, d1 = 0, d2 = 0;
    for (let k = K; k >= 0; k--) d2 = d2 * s + 2 * d1, d1 = d1 * s + g, g = g * s + r[k];
    g0 = g, g1 = d1, g2 = d2;
  };
  const f = (_t: number, y: Float64Array, out: Float64Array) => {
    residuals(y);
    for (let i = 0; i < m; i++) {
      const a = y[i], s = y[m + i];
      G(s);
      out[i] = g0 / eps; // ε ȧᵢ = Σ_k r_k sᵢ^k
      out[m + i] = (1 - s * s) * a * g1; // ṡᵢ = (1 − sᵢ²) aᵢ Σ_k k r_k sᵢ^{k−1}
      if (selfTerm) {
        Useries(s * s);
        out[i] += a * (u0 - U1) / (m * eps);
        out[m + i] += (1 - s * s) * a * a * s * u1 / m;
      }
    }
  };
  // J = blockdiag(Dᵢ) + P Qᵀ (rank R: one column per degree with σ_k ≠ 0, through ∂r_k = −σ_k² ∂M_k).
  const B = new Float64Array(4 * m), Z = new Float64Array(2 * m * R), Q = new Float64Array(2 * m * R);
  const C = new Float64Array(R * R), w = new Float64Array(R);
  const linear: LinearSolverFactory = (_t, y, c) => {
    residuals(y);
    for (let i = 0; i < m; i++) {
      const a = y[i], s = y[m + i], q = 1 - s * s;
      G(s);
      // B = I − c·Dᵢ, Dᵢ = [[0, G'/ε], [q G', −2 s a G' + q a G'']]; store B⁻¹.
      let d11 = 0, d12 = g1 / eps, d21 = q * g1, d22 = -2 * s * a * g1 + q * a * g2;
      if (selfTerm) {
        const x = s * s;
        Useries(x);
        d11 += (u0 - U1) / (m * eps);
        d12 += a * 2 * s * u1 / (m * eps);
        d21 += q * 2 * a * s * u1 / m;
        d22 += (a * a / m) * ((1 - 3 * x) * u1 + q * 2 * x * u2);
      }
      const b11 = 1 - c * d11, b12 = -c * d12, b21 = -c * d21, b22 = 1 - c * d22;
      const det = b11 * b22 - b12 * b21;
      if (!(Math.abs(det) > 1e-300) || !Number.isFinite(det)) return null;
      B[4 * i] = b22 / det, B[4 * i + 1] = -b12 / det, B[4 * i + 2] = -b21 / det, B[4 * i + 3] = b11 / det;
      for (let j = 0; j < R; j++) {
        const k = active[j], dsk = k === 0 ? 0 : k * ipow(s, k - 1), sk = ipow(s, k), s2 = sigma[k] * sigma[k];
        const pa = -c * s2 * sk / eps, ps = -c * s2 * q * a * dsk; // c·P
        Z[i * R + j] = B[4 * i] * pa + B[4 * i + 1] * ps;
        Z[(m + i) * R + j] = B[4 * i + 2] * pa + B[4 * i + 3] * ps;
        Q[i * R + j] = sk / m;
        Q[(m + i) * R + j] = a * dsk / m;
      }
    }
    // Capacitance C = I − Qᵀ Z.
    C.fill(0);
    for (let p = 0; p < 2 * m; p++) {
      for (let j = 0; j < R; j++) {
        const qj = Q[p * R + j];
        if (qj !== 0) { for (let l = 0; l < R; l++) C[j * R + l] -= qj * Z[p * R + l]; }
      }
    }
    for (let j = 0; j < R; j++) C[j * R + j] += 1;
    const piv = luFactor(C, R);
    if (!piv) return null;
    return (b) => {
      for (let i = 0; i < m; i++) {
        const ba = b[i], bs = b[m + i];
        b[i] = B[4 * i] * ba + B[4 * i + 1] * bs;
        b[m + i] = B[4 * i + 2] * ba + B[4 * i + 3] * bs;
      }
      w.fill(0);
      for (let p = 0; p < 2 * m; p++) for (let j = 0; j < R; j++) w[j] += Q[p * R + j] * b[p];
      luSolve(C, piv, R, w);
      for (let p = 0; p < 2 * m; p++) {
        let s = 0;
        for (let j = 0; j < R; j++) s += Z[p * R + j] * w[j];
        b[p] += s;
      }
    };
  };
  return { dim: 2 * m, f, linear };
}

/** The output grid: 0, then tMin·10^{j/perDecade} up to tEnd, plus `linear` evenly spaced times; sorted, unique. */
export function logTimeGrid(tMin: number, tEnd: number, perDecade: number, linear = 0): number[] {
  const set = new Set<number>([0, tEnd]);
  const J = Math.floor(Math.log10(tEnd / tMin) * perDecade + 1e-9);
  for (let j = 0; j <= J; j++) set.add(compact(tMin * 10 ** (j / perDecade)));
  for (let i = 1; i <= linear; i++) set.add(compact(tEnd * i / linear));
  return [...set].filter((t) => t <= tEnd).sort((a, b) => a - b);
}

/** Integrates one spec and returns its result (series on the grid). */
export function runMeanfield(spec: RunSpec): JsonObject {
  const m = spec.m as number;
  const { phi, sigma } = paddedCoefficients(spec);
  const K = phi.length - 1;
  const degrees = phi.map((p, k) => (p !== 0 || sigma[k] !== 0 ? k : -1)).filter((k) => k >= 0);
  const selfTerm = spec.selfTerm === true;
  const problem = meanfieldProblem(phi, sigma, spec.eps as number, m, selfTerm);
  const U = (x: number) => sigma.reduce((t, c, k) => t + c * c * x ** k, 0);
  const times = logTimeGrid(spec.tMin as number, spec.tEnd as number, spec.perDecade as number, spec.linear as number);
  const series = {
    t: [] as number[],
    risk: [] as number[],
    maxAbsA: [] as number[],
    rmsS: [] as number[],
    maxAbsS: [] as number[],
  };
  const errors: Record<string, number[]> = Object.fromEntries(degrees.map((k) => [String(k), []]));
  const M = new Float64Array(K + 1);
  const y0 = initialParticles(spec);
  const sol = integrateStiff(problem, y0, times, {
    rtol: spec.rtol as number,
    atol: spec.atol as number,
    maxSteps: spec.maxSteps as number,
    onOutput(_i, t, y) {
      momentsOf(y, m, K, M);
      let risk = 0, maxA = 0, s2 = 0, maxS = 0;
      for (let k = 0; k <= K; k++) risk += 0.5 * (phi[k] - sigma[k] * M[k]) ** 2; // R_mf = ½ Σ_k e_k²
      // With the self-interaction, the exact d = ∞ risk of m particles: + (1/2m²) Σᵢ aᵢ² (U(1) − U(sᵢ²)).
      if (selfTerm) { for (let i = 0; i < m; i++) risk += y[i] * y[i] * (U(1) - U(y[m + i] ** 2)) / (2 * m * m); }
      for (const k of degrees) errors[String(k)].push(compact(phi[k] - sigma[k] * M[k]));
      for (let i = 0; i < m; i++) {
        maxA = Math.max(maxA, Math.abs(y[i]));
        s2 += y[m + i] ** 2;
        maxS = Math.max(maxS, Math.abs(y[m + i]));
      }
      series.t.push(compact(t));
      series.risk.push(compact(risk));
      series.maxAbsA.push(compact(maxA));
      series.rmsS.push(compact(Math.sqrt(s2 / m)));
      // Kept unrounded: paper 4's claim C6 asks whether s stays exactly 0.
      series.maxAbsS.push(maxS);
    },
  });
  const res: JsonObject = {
    ...series,
    errors,
    R0: series.risk[0],
    accepted: sol.accepted,
    rejected: sol.rejected,
    stop: sol.stop,
  };
  if (spec.particles) {
    const y = sol.y[sol.y.length - 1];
    res.a = Array.from(y.subarray(0, m), compact);
    res.s = Array.from(y.subarray(m), compact);
  }
  return res;
}

/** The `meanfield_ode` task (always float64). */
export const meanfieldOdeTask: Task = {
  name: "meanfield_ode",
  version: "2",
  engines: "f64",
  schema: meanfieldOdeSchema,
  validate(spec) {
    const problems = [];
    if ((spec.tMin as number) >= (spec.tEnd as number)) problems.push({ field: "tMin", message: "must be < tEnd" });
    const sigma = spec.sigma as number[];
    if (!sigma.some((s) => s !== 0)) problems.push({ field: "sigma", message: "must have a non-zero coefficient" });
    return problems;
  },
  cost: (spec) => Math.round(Math.log10((spec.tEnd as number) / (spec.tMin as number)) * (spec.perDecade as number)),
  run(specs, ctx) {
    return Promise.resolve(specs.map((spec) => {
      const res = runMeanfield(spec);
      ctx.progress(meanfieldOdeTask.cost(spec));
      return res;
    }));
  },
};
