/**
 * Activation patterns of two-layer ReLU networks: which samples activate which neuron, how the pattern changes
 * (with hysteresis, so a kink sitting on a data point does not count as endless changes), kink positions of 1-D
 * networks, and the least-squares fit of the pattern-constrained linear model (paper 2; reusable by paper 5).
 *
 * For f(x) = (1/α) Σₖ aₖ relu(wₖ·x + bₖ), neuron k's active set is Aₖ = {i : wₖ·xᵢ + bₖ > 0}. With every Aₖ held
 * fixed the network is linear in (uₖ, vₖ) = (aₖwₖ/α, aₖbₖ/α): f(xᵢ) = Σₖ 1[i∈Aₖ](uₖ·xᵢ + vₖ). Its least-squares
 * loss is what a plateau of gradient descent is predicted to sit at (Ainsworth & Shin 2020, abstract).
 *
 * @example
 * ```ts
 * import { activationPattern, activeCounts } from "./patterns.ts";
 * const data = { X: new Float64Array([-1, 0, 1]), y: new Float64Array([0, 0, 1]), n: 3, d: 1 };
 * const net = { a: new Float64Array([1]), W: new Float64Array([1]), b: new Float64Array([-0.5]) };
 * console.log(activeCounts(activationPattern(net, data, 1), 3, 1)); // [1]
 * ```
 * @module
 */
import type { Dataset, Net } from "../core/network.ts";

/** One change of an activation pattern: `sample` entered (`active`) or left neuron `neuron`'s active set. */
export interface PatternChange {
  neuron: number;
  sample: number;
  active: boolean;
}

/** Pre-activations zᵢₖ = wₖ·xᵢ + bₖ, n×m row-major. */
export function preActivations(net: Net, data: Dataset, m: number): Float64Array {
  const { X, n, d } = data;
  const Z = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m; k++) {
      let z = net.b ? net.b[k] : 0;
      for (let j = 0; j < d; j++) z += net.W[k * d + j] * X[i * d + j];
      Z[i * m + k] = z;
    }
  }
  return Z;
}

/**
 * Signed distances δᵢₖ = (wₖ·xᵢ + bₖ)/‖wₖ‖ of every sample to every neuron's hyperplane (its kink), n×m row-major.
 * A neuron with wₖ = 0 gets ±∞ (the sign of bₖ; −∞ when bₖ = 0), so it never changes.
 */
export function hyperplaneDistances(net: Net, data: Dataset, m: number): Float64Array {
  const { n, d } = data;
  const Z = preActivations(net, data, m);
  for (let k = 0; k < m; k++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += net.W[k * d + j] ** 2;
    const norm = Math.sqrt(s);
    for (let i = 0; i < n; i++) {
      const z = Z[i * m + k];
      Z[i * m + k] = norm > 0 ? z / norm : z > 0 ? Infinity : -Infinity;
    }
  }
  return Z;
}

/** The activation pattern: 1 where sample i activates neuron k (zᵢₖ > 0), n×m row-major. */
export function activationPattern(net: Net, data: Dataset, m: number): Uint8Array {
  const Z = preActivations(net, data, m);
  return Uint8Array.from(Z, (z) => (z > 0 ? 1 : 0));
}

/** |Aₖ| for every neuron: the paper's "activation pattern" (how many data points activate each neuron). */
export function activeCounts(pattern: Uint8Array, n: number, m: number): number[] {
  const out = new Array<number>(m).fill(0);
  for (let i = 0; i < n; i++) for (let k = 0; k < m; k++) out[k] += pattern[i * m + k];
  return out;
}

/**
 * Advances a pattern with hysteresis (a Schmitt trigger on the distance to each kink): sample i enters Aₖ only once
 * δᵢₖ > `margin` and leaves it only once δᵢₖ < −`margin`. A kink that chatters on a data point (its 0/1 activation
 * flipping every few GD steps) thus records no change; a kink that moves to another inter-data interval by more
 * than `margin` records one (CLAIMS.md, P2-C1 caveat). Updates `pattern` in place and returns the changes.
 */
export function updatePattern(
  pattern: Uint8Array,
  distances: Float64Array,
  m: number,
  margin: number,
): PatternChange[] {
  const changes: PatternChange[] = [];
  for (let q = 0; q < pattern.length; q++) {
    const dq = distances[q];
    if (pattern[q] === 0 && dq > margin) {
      pattern[q] = 1;
      changes.push({ neuron: q % m, sample: Math.floor(q / m), active: true });
    } else if (pattern[q] === 1 && dq < -margin) {
      pattern[q] = 0;
      changes.push({ neuron: q % m, sample: Math.floor(q / m), active: false });
    }
  }
  return changes;
}

/** Kink positions tₖ = −bₖ/wₖ of a 1-D network (NaN where wₖ = 0). */
export function kinkPositions(net: Net, m: number): number[] {
  return Array.from({ length: m }, (_, k) => {
    const w = net.W[k], b = net.b ? net.b[k] : 0;
    return w === 0 ? NaN : -b / w;
  });
}

/**
 * The inter-data interval of each neuron's kink, read from a (hysteresis) pattern of 1-D data: the number of
 * sorted data points left of the kink, 0…n. A neuron with wₖ > 0 is active right of its kink, so the index is
 * n − |Aₖ|; with wₖ < 0 it is |Aₖ|. (Only meaningful for 1-D inputs.)
 */
export function kinkIntervals(pattern: Uint8Array, net: Net, n: number, m: number): number[] {
  const counts = activeCounts(pattern, n, m);
  return counts.map((c, k) => (net.W[k] > 0 ? n - c : c));
}

/** Solution of a linear least-squares problem. */
export interface LeastSquares {
  /** Coefficients (0 for columns dropped as dependent). */
  coef: Float64Array;
  /** Numerical rank of the design. */
  rank: number;
  /** Residual sum of squares ‖Ax − b‖². */
  sse: number;
}

/**
 * min‖Ax − b‖ for A (rows×cols, row-major) by Householder QR with column pivoting; columns whose remaining norm
 * falls below `rtol` × the largest column norm are dropped, so rank-deficient designs (dead neurons, neurons with
 * equal active sets) are solved stably.
 */
export function leastSquares(
  A: ArrayLike<number>,
  b: ArrayLike<number>,
  rows: number,
  cols: number,
  rtol = 1e-11,
): LeastSquares {
  const R = Float64Array.from(A), r = Float64Array.from(b);
  const perm = Int32Array.from({ length: cols }, (_, j) => j);
  const colNorm2 = (c: number, from: number) => {
    let s = 0;
    for (let i = from; i < rows; i++) s += R[i * cols + c] ** 2;
    return s;
  };
  let maxNorm = 0;
  for (let c = 0; c < cols; c++) maxNorm = Math.max(maxNorm, Math.sqrt(colNorm2(c, 0)));
  const tol = rtol * maxNorm;
  let rank = 0;
  for (let j = 0; j < Math.min(rows, cols); j++) {
    let best = j, bestNorm = -1;
    for (let c = j; c < cols; c++) {
      const s = colNorm2(c, j);
      if (s > bestNorm) best = c, bestNorm = s;
    }
    if (!(Math.sqrt(bestNorm) > tol)) break;
    if (best !== j) {
      for (let i = 0; i < rows; i++) {
        const t = R[i * cols + j];
        R[i * cols + j] = R[i * cols + best];
        R[i * cols + best] = t;
      }
      const t = perm[j];
      perm[j] = perm[best];
      perm[best] = t;
    }
    const norm = Math.sqrt(bestNorm), x0 = R[j * cols + j];
    const alpha = x0 > 0 ? -norm : norm;
    // Householder vector v = x − αe₁ (stored in column j, rows j…), H = I − 2vvᵀ/vᵀv.
    R[j * cols + j] = x0 - alpha;
    const vv = bestNorm - x0 * x0 + (x0 - alpha) ** 2;
    const reflect = (get: (i: number) => number, set: (i: number, v: number) => void) => {
      let s = 0;
      for (let i = j; i < rows; i++) s += R[i * cols + j] * get(i);
      const f = (2 * s) / vv;
      for (let i = j; i < rows; i++) set(i, get(i) - f * R[i * cols + j]);
    };
    for (let c = j + 1; c < cols; c++) reflect((i) => R[i * cols + c], (i, v) => (R[i * cols + c] = v));
    reflect((i) => r[i], (i, v) => (r[i] = v));
    R[j * cols + j] = alpha;
    rank++;
  }
  const y = new Float64Array(rank);
  for (let i = rank - 1; i >= 0; i--) {
    let s = r[i];
    for (let c = i + 1; c < rank; c++) s -= R[i * cols + c] * y[c];
    y[i] = s / R[i * cols + i];
  }
  const coef = new Float64Array(cols);
  for (let c = 0; c < rank; c++) coef[perm[c]] = y[c];
  let sse = 0;
  for (let i = 0; i < rows; i++) {
    let f = 0;
    for (let c = 0; c < cols; c++) f += A[i * cols + c] * coef[c];
    sse += (f - b[i]) ** 2;
  }
  return { coef, rank, sse };
}

/**
 * The design of the pattern-constrained linear model: for neuron k the columns xᵢⱼ·1[i∈Aₖ] (j < d) and, with
 * `bias`, 1[i∈Aₖ]. Row-major n × (d+1)m (or n × dm without bias).
 */
export function patternDesign(data: Dataset, pattern: Uint8Array, m: number, bias: boolean): Float64Array {
  const { X, n, d } = data;
  const p = bias ? d + 1 : d, cols = p * m;
  const A = new Float64Array(n * cols);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m; k++) {
      if (!pattern[i * m + k]) continue;
      for (let j = 0; j < d; j++) A[i * cols + k * p + j] = X[i * d + j];
      if (bias) A[i * cols + k * p + d] = 1;
    }
  }
  return A;
}

/** The pattern-constrained least-squares fit: its loss (1/2n)‖r‖², coefficients (uₖ, vₖ) per neuron, and rank. */
export interface PatternFit {
  loss: number;
  /** Per neuron k: coef[k·p … k·p + d − 1] = uₖ, coef[k·p + d] = vₖ (p = d + 1 with bias). */
  coef: Float64Array;
  rank: number;
}

/**
 * min over (uₖ, vₖ) of (1/2n) Σᵢ (Σₖ 1[i∈Aₖ](uₖ·xᵢ + vₖ) − yᵢ)²: the least-squares loss of the linear model the
 * network is while its pattern is constant. A stationary point with this pattern has exactly this loss
 * (Ainsworth & Shin 2020: stationary points are local least-squares regression lines over subsets of the data).
 */
export function patternLeastSquares(data: Dataset, pattern: Uint8Array, m: number, bias = true): PatternFit {
  const p = bias ? data.d + 1 : data.d;
  const A = patternDesign(data, pattern, m, bias);
  const { coef, rank, sse } = leastSquares(A, data.y, data.n, p * m);
  return { loss: sse / (2 * data.n), coef, rank };
}

/**
 * Stationarity of a pattern fit, per neuron: the largest |cos| between the residual r = f − y restricted to Aₖ
 * and each feature (xᵢⱼ and 1) on Aₖ, i.e. Σ_{i∈Aₖ} rᵢxᵢ = 0 and Σ_{i∈Aₖ} rᵢ = 0 in scale-free form (0 at a
 * stationary point; NaN for a neuron with an empty active set).
 */
export function stationarityResiduals(
  data: Dataset,
  f: ArrayLike<number>,
  pattern: Uint8Array,
  m: number,
): number[] {
  const { X, y, n, d } = data;
  return Array.from({ length: m }, (_, k) => {
    let worst = NaN, rr = 0;
    for (let i = 0; i < n; i++) if (pattern[i * m + k]) rr += (f[i] - y[i]) ** 2;
    for (let j = 0; j <= d; j++) {
      let dot = 0, ff = 0, any = false;
      for (let i = 0; i < n; i++) {
        if (!pattern[i * m + k]) continue;
        any = true;
        const phi = j < d ? X[i * d + j] : 1;
        dot += (f[i] - y[i]) * phi;
        ff += phi * phi;
      }
      if (!any) return NaN;
      const c = rr > 0 && ff > 0 ? Math.abs(dot) / Math.sqrt(rr * ff) : 0;
      worst = Number.isNaN(worst) ? c : Math.max(worst, c);
    }
    return worst;
  });
}

/** How one neuron's line enters the kink-constrained fit: free, its zero pinned at a point, or switched off. */
export type KinkOption = { kind: "free" } | { kind: "pin"; at: number } | { kind: "zero" };

/** The kink-constrained least-squares fit of a 1-D pattern (see {@linkcode kinkConstrainedLeastSquares}). */
export interface KinkConstrainedFit {
  /** (1/2n)‖r‖² at the constrained optimum. */
  loss: number;
  /** The free-line least-squares loss of the same pattern (a lower bound). */
  freeLoss: number;
  /** Per neuron: how its line enters the optimum (free with its zero inside the allowed set, pinned, or zero). */
  options: KinkOption[];
  /** Per neuron: the fitted line (uₖ, vₖ) on Aₖ. */
  coef: Float64Array;
  /** Branch-and-bound nodes solved; `exact` false when the node budget ran out (loss is then an upper bound). */
  nodes: number;
  exact: boolean;
}

/**
 * min over lines gₖ(x) = uₖx + vₖ of (1/2n) Σᵢ (Σₖ 1[i∈Aₖ] gₖ(xᵢ) − yᵢ)² subject to each line having its zero (the
 * kink) where the pattern allows it: inside the gap between Aₖ and the other data points when Aₖ is a proper subset
 * (paper 2: the kink −bₖ/wₖ stays in its inter-data interval while the pattern is constant), outside the data's
 * range when Aₖ holds every point (its closure: the kink may sit on a bounding data point). 1-D inputs only.
 *
 * Each neuron's allowed set is a union of two convex cones, so the optimum is found by enumerating, per neuron, the
 * KKT cases (free; zero pinned at either end of its allowed gap; line 0) with branch and bound: the bound of a
 * partial assignment is the fit with the unassigned neurons' lines free. `maxNodes` caps the search.
 *
 * @example
 * ```ts
 * import { kinkConstrainedLeastSquares } from "./patterns.ts";
 * const X = new Float64Array([-1, -0.5, 0, 0.5, 1]);
 * const data = { X, y: new Float64Array([1, 1, 0, -1, -1]), n: 5, d: 1 };
 * // one neuron active on x ≥ 0.5 only: its line must vanish in [0, 0.5], so it cannot fit y = −1 on {0.5, 1}
 * const fit = kinkConstrainedLeastSquares(data, new Uint8Array([0, 0, 0, 1, 1]), 1);
 * console.log(fit.loss > fit.freeLoss); // true
 * ```
 */
export function kinkConstrainedLeastSquares(
  data: Dataset,
  pattern: Uint8Array,
  m: number,
  { maxNodes = 200000, tol = 1e-12 }: { maxNodes?: number; tol?: number } = {},
): KinkConstrainedFit {
  const { X, y, n, d } = data;
  if (d !== 1) throw new Error(`kinkConstrainedLeastSquares needs 1-D inputs (got d = ${d})`);
  let xmin = Infinity, xmax = -Infinity;
  for (let i = 0; i < n; i++) xmin = Math.min(xmin, X[i]), xmax = Math.max(xmax, X[i]);
  // Per neuron: its active rows, and the allowed set of its line's zero: [lo, hi] inside (gap) or outside.
  const neurons = Array.from({ length: m }, (_, k) => {
    const rows: number[] = [];
    let inMin = Infinity, inMax = -Infinity, outMin = Infinity, outMax = -Infinity;
    for (let i = 0; i < n; i++) {
      if (pattern[i * m + k]) rows.push(i), inMin = Math.min(inMin, X[i]), inMax = Math.max(inMax, X[i]);
      else outMin = Math.min(outMin, X[i]), outMax = Math.max(outMax, X[i]);
    }
    if (rows.length === 0) return { rows, inside: true, lo: NaN, hi: NaN };
    if (rows.length === n) return { rows, inside: false, lo: xmin, hi: xmax };
    if (outMax < inMin) return { rows, inside: true, lo: outMax, hi: inMin };
    if (inMax < outMin) return { rows, inside: true, lo: inMax, hi: outMin };
    throw new Error(`neuron ${k}: its active set is not one side of a kink (not a 1-D ReLU pattern)`);
  });
  const live = neurons.map((nu, k) => (nu.rows.length ? k : -1)).filter((k) => k >= 0);
  const solve = (opts: KinkOption[]) => {
    const cols: { k: number; f: (x: number) => number }[] = [];
    for (const k of live) {
      const o = opts[k];
      if (o.kind === "free") cols.push({ k, f: (x) => x }, { k, f: () => 1 });
      else if (o.kind === "pin") cols.push({ k, f: (x) => x - o.at });
    }
    const A = new Float64Array(n * cols.length);
    cols.forEach((c, j) => {
      for (const i of neurons[c.k].rows) A[i * cols.length + j] = c.f(X[i]);
    });
    const ls = leastSquares(A, y, n, cols.length);
    const coef = new Float64Array(2 * m);
    let j = 0;
    for (const k of live) {
      const o = opts[k];
      if (o.kind === "free") coef[2 * k] = ls.coef[j], coef[2 * k + 1] = ls.coef[j + 1], j += 2;
      else if (o.kind === "pin") coef[2 * k] = ls.coef[j], coef[2 * k + 1] = -ls.coef[j] * o.at, j += 1;
    }
    return { loss: ls.sse / (2 * n), coef };
  };
  const feasible = (k: number, u: number, v: number) => {
    const { inside, lo, hi } = neurons[k];
    const a = u * lo + v, b = u * hi + v, s = tol * (Math.abs(u) + Math.abs(v));
    return inside ? a * b <= s * s || Math.abs(a) <= s || Math.abs(b) <= s : a * b >= -s * s;
  };
  const free: KinkOption[] = Array.from({ length: m }, () => ({ kind: "free" }));
  const root = solve(free);
  let best = { loss: Infinity, coef: root.coef, options: free };
  let nodes = 1, exact = true;
  if (live.every((k) => feasible(k, root.coef[2 * k], root.coef[2 * k + 1]))) {
    best = { loss: root.loss, coef: root.coef, options: free };
  } else {
    const branch = (depth: number, opts: KinkOption[], bound: number) => {
      if (bound >= best.loss * (1 - 1e-12)) return;
      const k = live[depth], { lo, hi } = neurons[k];
      const choices: KinkOption[] = [{ kind: "free" }, { kind: "pin", at: lo }, { kind: "pin", at: hi }, {
        kind: "zero",
      }];
      for (const c of choices) {
        if (nodes >= maxNodes) return void (exact = false);
        const next = opts.slice();
        next[k] = c;
        const fit = solve(next);
        nodes++;
        if (depth < live.length - 1) branch(depth + 1, next, fit.loss);
        else if (
          fit.loss < best.loss &&
          live.every((q) => next[q].kind !== "free" || feasible(q, fit.coef[2 * q], fit.coef[2 * q + 1]))
        ) best = { loss: fit.loss, coef: fit.coef, options: next };
      }
    };
    branch(0, free, root.loss);
  }
  return { loss: best.loss, freeLoss: root.loss, options: best.options, coef: best.coef, nodes, exact };
}
