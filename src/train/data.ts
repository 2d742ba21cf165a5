/**
 * Datasets: inputs (Gaussian, 1-D grid) and named targets, drawn deterministically from a data seed.
 *
 * A target is a pure function of the inputs (and of its own parameters and seed). Papers add targets here by name,
 * so a run spec stays plain JSON: `{ inputs: "gaussian", target: "chen2024", n: 200, d: 5, dataSeed: 0 }`.
 *
 * @example
 * ```ts
 * import { makeDataset } from "./data.ts";
 * const data = makeDataset({ inputs: "gaussian", target: "chen2024", n: 200, d: 5, dataSeed: 0, targetParams: {} });
 * console.log(data.X.length); // 1000
 * ```
 * @module
 */
import type { Dataset } from "../core/network.ts";
import { normals, type Rng, rng } from "./rng.ts";

/** How a dataset is made. */
export interface DataSpec {
  inputs: string;
  target: string;
  n: number;
  d: number;
  dataSeed: number;
  targetParams: Record<string, number>;
}

/** Makes n inputs in R^d. */
export type InputMaker = (n: number, d: number, r: Rng) => Float64Array;
/** Computes targets for inputs X (n×d); `r` is the target's own random stream (teachers). */
export type TargetMaker = (
  X: Float64Array,
  n: number,
  d: number,
  params: Record<string, number>,
  r: Rng,
) => Float64Array;

/** Input distributions by name. */
export const inputMakers: Record<string, InputMaker> = {
  /** x ~ N(0, I_d). */
  gaussian: (n, d, r) => normals(r, n * d),
  /** n points evenly spaced in [−1, 1] (d must be 1); paper 2's reference setup. */
  grid1d: (n, _d, _r) => Float64Array.from({ length: n }, (_, i) => n === 1 ? 0 : -1 + 2 * i / (n - 1)),
  /**
   * Paper 2's grid with each point moved uniformly by up to ¼ of the spacing (order kept): a data draw around the
   * paper's fixed grid, so that spreads can include the data (ours, not the paper's).
   */
  grid1d_jitter: (n, _d, r) =>
    Float64Array.from({ length: n }, (_, i) => n === 1 ? 0 : -1 + (2 * i + (r.uniform() - 0.5)) / (n - 1)),
};

/** u·x for row i. */
function dotRow(X: Float64Array, i: number, d: number, u: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += X[i * d + j] * u[j];
  return s;
}

/** Probabilists' Hermite polynomial He₃(u) = u³ − 3u. */
const he3 = (u: number) => u * u * u - 3 * u;

/** Targets by name. */
export const targetMakers: Record<string, TargetMaker> = {
  /** Paper 1's reference target: y = tanh(2 w*·x) + 0.5 tanh(x₁ − x₂), w* = (1,…,1)/√d (CLAIMS.md). */
  chen2024(X, n, d) {
    const w = 1 / Math.sqrt(d);
    return Float64Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += X[i * d + j] * w;
      const x2 = d > 1 ? X[i * d + 1] : 0;
      return Math.tanh(2 * s) + 0.5 * Math.tanh(X[i * d] - x2);
    });
  },
  /**
   * A linear part plus an orthogonal cubic: y = β·x + c·He₃(v·x), β = b·(1,…,1)/√d, v = (e₁ − e₂)/√2 ⊥ β.
   * The linear part is learnt first; He₃ has no linear or quadratic component, so GD then sits at L ≈ L_lin
   * (the secondary plateau of P1-C5). Params: `b` (default 1), `c` (default 0.5).
   */
  linear_he3(X, n, d, p) {
    const b = p.b ?? 1, c = p.c ?? 0.5, w = b / Math.sqrt(d);
    const v = new Float64Array(d);
    v[0] = Math.SQRT1_2;
    if (d > 1) v[1] = -Math.SQRT1_2;
    return Float64Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += X[i * d + j] * w;
      return s + c * he3(dotRow(X, i, d, v));
    });
  },
  /** y = sin(π x₁): paper 2's reference target. */
  sin_pi: (X, n, d) => Float64Array.from({ length: n }, (_, i) => Math.sin(Math.PI * X[i * d])),
  /**
   * A random ReLU teacher y = Σⱼ cⱼ relu(vⱼ·x) / √k with vⱼ ~ N(0, I/d), cⱼ = ±1; `k` teacher neurons
   * (default 4). With `sign` = 1 the label is sign(y) ∈ {−1, +1} (for logistic and exponential losses).
   */
  relu_teacher(X, n, d, p, r) {
    const k = p.k ?? 4;
    const V = normals(r, k * d, 1 / Math.sqrt(d));
    const c = Float64Array.from({ length: k }, (_, j) => (j % 2 === 0 ? 1 : -1));
    return Float64Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let j = 0; j < k; j++) s += c[j] * Math.max(0, dotRow(X, i, d, V.subarray(j * d, (j + 1) * d)));
      s /= Math.sqrt(k);
      return p.sign ? (s >= 0 ? 1 : -1) : s;
    });
  },
  /**
   * Random labels yᵢ = ±1 with probability ½ each, independent of the inputs (paper 5's negative controls: labels
   * with no structure the initial kernel can fit, so any fit is memorisation).
   */
  random_sign: (_X, n, _d, _p, r) => Float64Array.from({ length: n }, () => (r.uniform() < 0.5 ? -1 : 1)),
};

/** Builds the dataset of `spec`. Throws on an unknown input or target name. */
export function makeDataset(spec: DataSpec): Dataset {
  const makeX = inputMakers[spec.inputs];
  if (!makeX) throw new Error(`unknown inputs "${spec.inputs}" (known: ${Object.keys(inputMakers).join(", ")})`);
  const makeY = targetMakers[spec.target];
  if (!makeY) throw new Error(`unknown target "${spec.target}" (known: ${Object.keys(targetMakers).join(", ")})`);
  const X = makeX(spec.n, spec.d, rng(spec.dataSeed, "inputs"));
  const y = makeY(X, spec.n, spec.d, spec.targetParams, rng(spec.dataSeed, "target"));
  return { X, y, n: spec.n, d: spec.d };
}
