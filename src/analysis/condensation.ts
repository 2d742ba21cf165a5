/**
 * Condensation measurements: alignment of neurons with a direction, cosine-similarity matrices, direction
 * clusters and the relative weight change RD (CLAIMS.md conventions; papers 1 and 3).
 *
 * @example
 * ```ts
 * import { meanAbsCos } from "./condensation.ts";
 * const W = new Float64Array([1, 0, -2, 0]); // two neurons in R², both on the x-axis
 * console.log(meanAbsCos(W, 2, 2, [1, 0])); // 1
 * ```
 * @module
 */

/** cos_k = ẑ·wₖ/‖wₖ‖ for every neuron (0 for a zero neuron). */
export function cosines(W: ArrayLike<number>, m: number, d: number, zhat: ArrayLike<number>): number[] {
  const out = new Array<number>(m);
  for (let k = 0; k < m; k++) {
    let dot = 0, nn = 0;
    for (let j = 0; j < d; j++) {
      dot += W[k * d + j] * zhat[j];
      nn += W[k * d + j] ** 2;
    }
    out[k] = nn > 0 ? dot / Math.sqrt(nn) : 0;
  }
  return out;
}

/** mean_k |cos_k|: 1 when every neuron lies on ±ẑ. */
export function meanAbsCos(W: ArrayLike<number>, m: number, d: number, zhat: ArrayLike<number>): number {
  return cosines(W, m, d, zhat).reduce((s, c) => s + Math.abs(c), 0) / m;
}

/**
 * Fraction of neurons with |cos(wₖ, ẑ)| below `threshold`: the neurons not (yet) condensed on ±ẑ (P1-C3).
 *
 * @example
 * ```ts
 * import { misalignedFraction } from "./condensation.ts";
 * console.log(misalignedFraction([1, 0, 0, 1], 2, 2, [1, 0], 0.99)); // 0.5
 * ```
 */
export function misalignedFraction(
  W: ArrayLike<number>,
  m: number,
  d: number,
  zhat: ArrayLike<number>,
  threshold: number,
): number {
  return cosines(W, m, d, zhat).filter((c) => Math.abs(c) < threshold).length / m;
}

/** Fraction of neurons whose output weight aₖ has the sign of ẑ·wₖ (P1-C3). */
export function signAgreement(
  a: ArrayLike<number>,
  W: ArrayLike<number>,
  m: number,
  d: number,
  zhat: ArrayLike<number>,
): number {
  const c = cosines(W, m, d, zhat);
  let agree = 0;
  for (let k = 0; k < m; k++) if (Math.sign(a[k]) === Math.sign(c[k])) agree++;
  return agree / m;
}

/** E|cos| between a fixed unit vector and a uniformly random direction in R^d: Γ(d/2)/(√π Γ((d+1)/2)). */
export function randomCosBaseline(d: number): number {
  // R(d) = Γ(d/2)/Γ((d+1)/2) with R(1) = √π, R(2) = 2/√π and R(d + 2) = R(d)·d/(d + 1).
  let r = d % 2 === 1 ? Math.sqrt(Math.PI) : 2 / Math.sqrt(Math.PI);
  for (let k = d % 2 === 1 ? 1 : 2; k + 2 <= d; k += 2) r *= k / (k + 1);
  return r / Math.sqrt(Math.PI);
}

/** The m×m matrix of cosine similarities between neurons' input weights (row-major). */
export function cosineMatrix(W: ArrayLike<number>, m: number, d: number): Float64Array {
  const norms = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += W[k * d + j] ** 2;
    norms[k] = Math.sqrt(s);
  }
  const C = new Float64Array(m * m);
  for (let k = 0; k < m; k++) {
    for (let l = k; l < m; l++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += W[k * d + j] * W[l * d + j];
      const c = norms[k] > 0 && norms[l] > 0 ? s / (norms[k] * norms[l]) : 0;
      C[k * m + l] = c;
      C[l * m + k] = c;
    }
  }
  return C;
}

/**
 * Greedy clusters of neuron directions: a neuron joins the first cluster whose leader has 1 − cos < `tol`,
 * else leads a new one. Antipodal directions are different clusters. Returns each cluster's size, largest first.
 */
export function directionClusters(W: ArrayLike<number>, m: number, d: number, tol = 0.05): number[] {
  const leaders: number[] = [], sizes: number[] = [];
  const unit = (k: number) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += W[k * d + j] ** 2;
    const n = Math.sqrt(s) || 1;
    return Array.from({ length: d }, (_, j) => W[k * d + j] / n);
  };
  const units = Array.from({ length: m }, (_, k) => unit(k));
  for (let k = 0; k < m; k++) {
    let placed = false;
    for (let c = 0; c < leaders.length && !placed; c++) {
      const u = units[leaders[c]];
      let dot = 0;
      for (let j = 0; j < d; j++) dot += u[j] * units[k][j];
      if (1 - dot < tol) sizes[c]++, placed = true;
    }
    if (!placed) leaders.push(k), sizes.push(1);
  }
  return sizes.sort((a, b) => b - a);
}

/** RD = ‖W − W₀‖_F / ‖W₀‖_F. */
export function relativeChange(W: ArrayLike<number>, W0: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let q = 0; q < W.length; q++) {
    num += (W[q] - W0[q]) ** 2;
    den += W0[q] ** 2;
  }
  return Math.sqrt(num / den);
}
