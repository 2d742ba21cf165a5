/**
 * The directions condensed neurons align with at the end of the initial stage, measured against the directions the
 * small-weight expansion predicts (paper 3, P3-C3; Zhou et al. 2022: at most 2p directions for an activation of
 * multiplicity p).
 *
 * With small weights σ(θ·x̃) ≈ σ⁽ᵖ⁾(0)(θ·x̃)ᵖ/p!, x̃ = (x, 1), so the input weights grow along [derived]:
 * p = 1: the line of z̃ = (1/n) Σᵢ yᵢ x̃ᵢ (both signs: 2 directions);
 * p = 2: the top and bottom eigenvectors of M̃ = (1/n) Σᵢ yᵢ x̃ᵢ x̃ᵢᵀ (aₖ > 0 grows along the largest eigenvalue,
 * aₖ < 0 along the most negative; each with both signs: 4 directions).
 *
 * @example
 * ```ts
 * import { directionCount, mostGrown } from "./condensed_directions.ts";
 * // four neurons in R²: two grew along ±e₁, two stayed small
 * const start = [0.1, 0, 0.1, 0, 0, 0.1, 0.1, 0.1];
 * const end = [1, 0.01, -1, 0.02, 0, 0.1, 0.1, 0.1];
 * const grown = mostGrown(end, start, 4, 2, 2); // [0, 1]
 * console.log(grown, directionCount(end, grown, 2).directions); // [0, 1] 2
 * ```
 * @module
 */

/** Eigen-decomposition of a symmetric matrix (cyclic Jacobi): eigenvalues, largest first, with unit eigenvectors. */
export function symmetricEigen(A: readonly (readonly number[])[]): { values: number[]; vectors: number[][] } {
  const n = A.length, a = A.map((r) => [...r]);
  const V: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, diag = 0;
    for (let p = 0; p < n; p++) {
      diag += a[p][p] ** 2;
      for (let q = p + 1; q < n; q++) off += a[p][q] ** 2;
    }
    if (off <= 1e-30 * (diag || 1)) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (a[p][q] === 0) continue;
        const th = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = (th >= 0 ? 1 : -1) / (Math.abs(th) + Math.sqrt(th * th + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const kp = a[k][p], kq = a[k][q];
          a[k][p] = c * kp - s * kq, a[k][q] = s * kp + c * kq;
        }
        for (let k = 0; k < n; k++) {
          const pk = a[p][k], qk = a[q][k];
          a[p][k] = c * pk - s * qk, a[q][k] = s * pk + c * qk;
        }
        for (let k = 0; k < n; k++) {
          const kp = V[k][p], kq = V[k][q];
          V[k][p] = c * kp - s * kq, V[k][q] = s * kp + c * kq;
        }
      }
    }
  }
  const order = a.map((r, i) => [r[i], i]).sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  return { values: order.map(([v]) => v), vectors: order.map(([, i]) => V.map((r) => r[i])) };
}

/**
 * The lines the small-weight expansion predicts for multiplicity p ∈ {1, 2} [derived], as unit vectors in
 * R^(d+1) (inputs with an appended 1): p = 1, z̃ = (1/n) Σ yᵢ x̃ᵢ; p = 2, the top and bottom eigenvectors of
 * M̃ = (1/n) Σ yᵢ x̃ᵢ x̃ᵢᵀ. Each line stands for two directions (±).
 */
export function predictedLines(X: ArrayLike<number>, y: ArrayLike<number>, n: number, d: number, p: 1 | 2): number[][] {
  const D = d + 1, xt = (i: number, j: number) => (j < d ? X[i * d + j] : 1);
  if (p === 1) {
    const z = Array.from({ length: D }, (_, j) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += y[i] * xt(i, j);
      return s / n;
    });
    const norm = Math.hypot(...z) || 1;
    return [z.map((v) => v / norm)];
  }
  const M = Array.from({ length: D }, (_, j) =>
    Array.from({ length: D }, (_, k) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += y[i] * xt(i, j) * xt(i, k);
      return s / n;
    }));
  const { vectors } = symmetricEigen(M);
  return [vectors[0], vectors[D - 1]];
}

const rowNorm = (W: ArrayLike<number>, k: number, D: number) => {
  let s = 0;
  for (let j = 0; j < D; j++) s += W[k * D + j] ** 2;
  return Math.sqrt(s);
};

/**
 * The `count` neurons whose input weights grew most, by ‖θₖ‖/‖θₖ(0)‖ (θ rows of length D), largest growth first:
 * the condensed neurons at the end of the initial stage.
 */
export function mostGrown(W: ArrayLike<number>, W0: ArrayLike<number>, m: number, D: number, count: number): number[] {
  const growth = Array.from({ length: m }, (_, k) => rowNorm(W, k, D) / (rowNorm(W0, k, D) || 1));
  return growth.map((_, k) => k).sort((p, q) => growth[q] - growth[p] || p - q).slice(0, Math.min(count, m));
}

/**
 * How many directions the neurons `which` align with: the fewest principal axes of their unit directions
 * (eigenvectors of (1/K) Σ uₖuₖᵀ) holding `share` of its trace (`lines`), and the number of distinct (axis, sign)
 * pairs when each neuron is assigned to its nearest axis (`directions`, at most 2·lines).
 */
export function directionCount(
  W: ArrayLike<number>,
  which: readonly number[],
  D: number,
  share = 0.9,
): { lines: number; directions: number } {
  const units = which.map((k) => {
    const n = rowNorm(W, k, D) || 1;
    return Array.from({ length: D }, (_, j) => W[k * D + j] / n);
  });
  if (units.length === 0) return { lines: 0, directions: 0 };
  const S = Array.from(
    { length: D },
    (_, j) => Array.from({ length: D }, (_, l) => units.reduce((s, u) => s + u[j] * u[l], 0) / units.length),
  );
  const { values, vectors } = symmetricEigen(S);
  let lines = 0, held = 0;
  while (lines < D && held < share - 1e-12) held += values[lines++];
  const seen = new Set<string>();
  for (const u of units) {
    let best = 0, sign = 1, top = -1;
    for (let j = 0; j < lines; j++) {
      const c = u.reduce((s, v, l) => s + v * vectors[j][l], 0);
      if (Math.abs(c) > top) top = Math.abs(c), best = j, sign = c >= 0 ? 1 : -1;
    }
    seen.add(`${best}${sign}`);
  }
  return { lines, directions: seen.size };
}

/** Mean over the neurons `which` of their largest |cos| with any of the `lines` (unit vectors of length D). */
export function lineAlignment(W: ArrayLike<number>, which: readonly number[], D: number, lines: number[][]): number {
  if (which.length === 0) return NaN;
  let sum = 0;
  for (const k of which) {
    const n = rowNorm(W, k, D) || 1;
    sum += Math.max(...lines.map((u) => Math.abs(u.reduce((s, v, j) => s + v * W[k * D + j], 0)) / n));
  }
  return sum / which.length;
}

/** Multiplicity p of an activation at 0 (σ⁽ᵏ⁾(0) = 0 for k < p, σ⁽ᵖ⁾(0) ≠ 0): tanh 1, x·tanh(x) 2. */
export const activationMultiplicity: Record<string, 1 | 2> = { tanh: 1, xtanh: 2 };

/** (wₖ, bₖ) rows of length d + 1 (bias as the weight of an appended 1; 0 without biases). */
function augmented(W: ArrayLike<number>, b: ArrayLike<number> | undefined, m: number, d: number): Float64Array {
  const out = new Float64Array(m * (d + 1));
  for (let k = 0; k < m; k++) {
    for (let j = 0; j < d; j++) out[k * (d + 1) + j] = W[k * d + j];
    out[k * (d + 1) + d] = b ? b[k] : 0;
  }
  return out;
}

const linesCache = new WeakMap<object, Map<number, number[][]>>();

/**
 * Mean |cos| of the `fraction` of neurons whose (wₖ, bₖ) grew most with the nearest line the small-weight
 * expansion predicts for the activation's multiplicity (see {@linkcode predictedLines}); NaN for an activation
 * without one (ReLU). The predicted lines are computed once per dataset.
 *
 * @example
 * ```ts
 * import { grownLineAlignment } from "./condensed_directions.ts";
 * const data = { X: new Float64Array([1, -1]), y: new Float64Array([1, -1]), n: 2, d: 1 };
 * const init = { W: new Float64Array([0.1, 0.1]), b: new Float64Array([0.1, -0.1]) };
 * const net = { W: new Float64Array([2, 0.1]), b: new Float64Array([0.1, -0.1]) };
 * console.log(grownLineAlignment("tanh", data, net, init, 2, 0.5).toFixed(3)); // "0.999"
 * ```
 */
export function grownLineAlignment(
  activation: string,
  data: { X: ArrayLike<number>; y: ArrayLike<number>; n: number; d: number },
  net: { W: ArrayLike<number>; b?: ArrayLike<number> },
  init: { W: ArrayLike<number>; b?: ArrayLike<number> },
  m: number,
  fraction = 0.1,
): number {
  const p = activationMultiplicity[activation];
  if (!p) return NaN;
  let byP = linesCache.get(data);
  if (!byP) linesCache.set(data, byP = new Map());
  if (!byP.has(p)) byP.set(p, predictedLines(data.X, data.y, data.n, data.d, p));
  const D = data.d + 1, W = augmented(net.W, net.b, m, data.d);
  const grown = mostGrown(W, augmented(init.W, init.b, m, data.d), m, D, Math.max(1, Math.round(fraction * m)));
  return lineAlignment(W, grown, D, byP.get(p)!);
}
