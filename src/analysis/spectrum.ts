/**
 * Spectral measurements of a weight matrix: its top singular value and the share of ‖W‖_F it carries, a
 * measure of condensation to low rank (P1-C5).
 *
 * @example
 * ```ts
 * import { topSingularShare } from "./spectrum.ts";
 * console.log(topSingularShare(new Float64Array([1, 0, 2, 0]), 2, 2)); // 1 (rank one)
 * ```
 * @module
 */

/**
 * Top right singular vector of W (m×d row-major) and its singular value, by power iteration on the d×d Gram
 * matrix WᵀW. The vector's sign is fixed so that its largest-magnitude entry is positive (a zero matrix gives
 * σ = 0 and a zero vector).
 *
 * @example
 * ```ts
 * import { topSingular } from "./spectrum.ts";
 * console.log(topSingular(new Float64Array([3, 0, -4, 0]), 2, 2)); // { sigma: 5, vector: [1, 0] }
 * ```
 */
export function topSingular(
  W: ArrayLike<number>,
  m: number,
  d: number,
  iterations = 300,
): { sigma: number; vector: number[] } {
  const G = new Float64Array(d * d);
  for (let k = 0; k < m; k++) {
    for (let i = 0; i < d; i++) {
      const wi = W[k * d + i];
      for (let j = 0; j < d; j++) G[i * d + j] += wi * W[k * d + j];
    }
  }
  let v = Float64Array.from({ length: d }, (_, i) => 1 + i / d);
  let lambda = 0;
  for (let it = 0; it < iterations; it++) {
    const u = new Float64Array(d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) u[i] += G[i * d + j] * v[j];
    const nu = Math.hypot(...u);
    if (nu === 0) return { sigma: 0, vector: new Array<number>(d).fill(0) };
    lambda = nu;
    v = u.map((x) => x / nu);
  }
  let big = 0;
  for (let i = 0; i < d; i++) if (Math.abs(v[i]) > Math.abs(v[big])) big = i;
  const sign = v[big] < 0 ? -1 : 1;
  return { sigma: Math.sqrt(lambda), vector: Array.from(v, (x) => x * sign + 0) };
}

/** Largest singular value of W (m×d row-major), by power iteration on the d×d Gram matrix WᵀW. */
export function topSingularValue(W: ArrayLike<number>, m: number, d: number, iterations = 300): number {
  return topSingular(W, m, d, iterations).sigma;
}

/** σ₁ / ‖W‖_F: 1 for a rank-one matrix, 1/√min(m, d) for an isotropic one. */
export function topSingularShare(W: ArrayLike<number>, m: number, d: number): number {
  let f = 0;
  for (let q = 0; q < m * d; q++) f += W[q] ** 2;
  return f > 0 ? topSingularValue(W, m, d) / Math.sqrt(f) : 0;
}
