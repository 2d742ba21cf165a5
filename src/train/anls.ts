/**
 * ANLS (reconstructed): an Active Neuron Least Squares optimiser for two-layer ReLU networks with the square
 * loss, and a Gauss–Newton polish restricted to an activation pattern.
 *
 * Ainsworth & Shin (arXiv 2007.07213; SIAM J. Sci. Comput. 44(4), 2022) describe ANLS only, in what we could read,
 * as "the explicit adjustment of the activation pattern at each step" so as to leave a plateau quickly; its exact
 * update was not available to us. This reconstruction follows that description literally. One iteration:
 *
 * 1. Candidate patterns: the current one, and for every neuron k the pattern with the data point nearest to its
 *    kink moved across it (the nearest active point leaves Aₖ, or the nearest inactive point joins it).
 * 2. For each candidate, the least-squares problem of the active neurons (`patternLeastSquares`: the network is
 *    linear in (aₖwₖ, aₖbₖ) while the pattern is fixed) is solved, and the solution is realised as a network
 *    with exactly that pattern: a neuron whose fitted line changes sign between its active and inactive points
 *    takes the fitted line; otherwise its kink is translated to the middle of its gap. The output weights are
 *    then re-solved by least squares.
 * 3. The candidate with the lowest realised loss is taken if it lowers the loss; otherwise the iterate is a
 *    pattern-local minimum and stays.
 *
 * @example
 * ```ts
 * import { anlsStep } from "./anls.ts";
 * const data = { X: new Float64Array([-1, -0.5, 0, 0.5, 1]), y: new Float64Array([0, 0, 0, 0.5, 1]), n: 5, d: 1 };
 * const arch = { m: 1, activation: "relu", bias: true, alpha: 1, loss: "square" } as const;
 * const net = { a: new Float64Array([0.5]), W: new Float64Array([1]), b: new Float64Array([0.6]) };
 * const { loss } = anlsStep(arch, net, data);
 * console.log(loss < 1e-20); // true: the kink moves to 0 and the line is fitted
 * ```
 * @module
 */
import {
  activationPattern,
  hyperplaneDistances,
  leastSquares,
  patternLeastSquares,
  preActivations,
} from "../analysis/patterns.ts";
import type { OptimizerFactory, Stepper, TrainProblem } from "./engine.ts";
import { type Architecture, cloneNet, type Dataset, lossOf, type Net, predict } from "../core/network.ts";

/** Throws unless the architecture is one ANLS handles: ReLU units and the square loss. */
function requireReluSquare(arch: Architecture): void {
  if (arch.activation !== "relu" || arch.loss !== "square") {
    throw new Error(`anls needs activation relu and loss square (got ${arch.activation}, ${arch.loss})`);
  }
}

/** Projections pᵢ = wₖ·xᵢ of every sample on neuron k's weight. */
function projections(net: Net, data: Dataset, k: number): Float64Array {
  const { X, n, d } = data;
  return Float64Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += net.W[k * d + j] * X[i * d + j];
    return s;
  });
}

/**
 * Realises a pattern with the fitted lines `coef` (from `patternLeastSquares`) as a network, starting from `net`
 * (whose directions are kept where a fitted line cannot be used). Returns undefined when a neuron's active set
 * cannot be cut off from the rest by translating its kink (ties). Output weights are left to the caller.
 */
function realisePattern(
  net: Net,
  data: Dataset,
  pattern: Uint8Array,
  coef: Float64Array,
  m: number,
  bias: boolean,
): Net | undefined {
  const { X, n, d } = data;
  const p = bias ? d + 1 : d;
  const out = cloneNet(net);
  for (let k = 0; k < m; k++) {
    // Fitted line gᵢ = uₖ·xᵢ + vₖ: usable when it has one sign σ on Aₖ and σg ≤ 0 off Aₖ.
    let norm = 0;
    for (let j = 0; j < p; j++) norm += coef[k * p + j] ** 2;
    const g = Float64Array.from({ length: n }, (_, i) => {
      let s = bias ? coef[k * p + d] : 0;
      for (let j = 0; j < d; j++) s += coef[k * p + j] * X[i * d + j];
      return s;
    });
    // Round-off tolerance: a fitted line through an inactive data point is a kink on that point.
    const tol = 1e-10 * Math.sqrt(norm) * (1 + Math.max(...Array.from(X, Math.abs)));
    let sigma = 0;
    for (let i = 0; i < n && sigma === 0; i++) if (pattern[i * m + k] && Math.abs(g[i]) > tol) sigma = Math.sign(g[i]);
    let ok = sigma !== 0;
    for (let i = 0; i < n && ok; i++) ok = pattern[i * m + k] ? sigma * g[i] > tol : sigma * g[i] <= tol;
    if (ok && sigma !== 0 && norm > 0) {
      const s = Math.sqrt(Math.sqrt(norm));
      for (let j = 0; j < d; j++) out.W[k * d + j] = (sigma * coef[k * p + j]) / s;
      if (out.b) out.b[k] = (sigma * coef[k * p + d]) / s;
      continue;
    }
    if (!out.b) {
      // Without bias a kink cannot be translated; the neuron must already have this pattern.
      const z = preActivations(out, data, m);
      for (let i = 0; i < n; i++) if ((z[i * m + k] > 0 ? 1 : 0) !== pattern[i * m + k]) return undefined;
      continue;
    }
    // Translate the kink along wₖ to the middle of the gap between Aₖ and the rest.
    const proj = projections(out, data, k);
    let lo = -Infinity, hi = Infinity, min = Infinity, max = -Infinity;
    for (let i = 0; i < n; i++) {
      min = Math.min(min, proj[i]), max = Math.max(max, proj[i]);
      if (pattern[i * m + k]) hi = Math.min(hi, proj[i]);
      else lo = Math.max(lo, proj[i]);
    }
    if (max === min) return undefined;
    const pad = (max - min) / (2 * n);
    if (lo === -Infinity) out.b[k] = -(hi - pad);
    else if (hi === Infinity) out.b[k] = -(lo + pad);
    else if (lo < hi) out.b[k] = -(lo + hi) / 2;
    else return undefined;
  }
  return out;
}

/** Solves the output weights by least squares for fixed hidden units; balances |aₖ| = ‖(wₖ, bₖ)‖. */
function solveOutputLayer(arch: Architecture, net: Net, data: Dataset): Net {
  const { n } = data, m = arch.m;
  const Z = preActivations(net, data, m);
  const Phi = Float64Array.from(Z, (z) => (z > 0 ? z / arch.alpha : 0));
  const { coef } = leastSquares(Phi, data.y, n, m);
  const out = cloneNet(net);
  for (let k = 0; k < m; k++) {
    out.a[k] = coef[k];
    let s = out.b ? out.b[k] ** 2 : 0;
    for (let j = 0; j < data.d; j++) s += out.W[k * data.d + j] ** 2;
    const h = Math.sqrt(s), ak = Math.abs(coef[k]);
    if (ak > 0 && h > 0) {
      const t = Math.sqrt(ak / h);
      for (let j = 0; j < data.d; j++) out.W[k * data.d + j] *= t;
      if (out.b) out.b[k] *= t;
      out.a[k] /= t;
    }
  }
  return out;
}

/** A move of one ANLS iteration: which neuron's pattern changed (−1: refit of the current pattern), and how. */
export interface AnlsMove {
  neuron: number;
  sample: number;
  active: boolean;
}

/** The result of one ANLS iteration. */
export interface AnlsStepResult {
  net: Net;
  loss: number;
  /** The adopted move; undefined when no candidate lowered the loss (a pattern-local minimum). */
  move?: AnlsMove;
}

/** The network realising `pattern` with its least-squares fit, and its loss; undefined if not realisable. */
export function fitPattern(
  arch: Architecture,
  net: Net,
  data: Dataset,
  pattern: Uint8Array,
): { net: Net; loss: number } | undefined {
  const bias = net.b !== undefined;
  const fit = patternLeastSquares(data, pattern, arch.m, bias);
  const realised = realisePattern(net, data, pattern, fit.coef, arch.m, bias);
  if (!realised) return undefined;
  const solved = solveOutputLayer(arch, realised, data);
  return { net: solved, loss: lossOf(arch, solved, data) };
}

/** One ANLS (reconstructed) iteration from `net` (see the module doc). Pure: returns a new network. */
export function anlsStep(arch: Architecture, net: Net, data: Dataset): AnlsStepResult {
  requireReluSquare(arch);
  const { n } = data, m = arch.m;
  const current = lossOf(arch, net, data);
  const pattern = activationPattern(net, data, m);
  const dist = hyperplaneDistances(net, data, m);
  let best: AnlsStepResult = { net, loss: current };
  const consider = (candidate: Uint8Array, move: AnlsMove) => {
    const fit = fitPattern(arch, net, data, candidate);
    if (fit && fit.loss < best.loss * (1 - 1e-12)) best = { net: fit.net, loss: fit.loss, move };
  };
  consider(pattern, { neuron: -1, sample: -1, active: false });
  for (let k = 0; k < m; k++) {
    let nearIn = -1, nearOut = -1;
    for (let i = 0; i < n; i++) {
      const q = dist[i * m + k];
      if (!Number.isFinite(q)) continue;
      if (pattern[i * m + k]) {
        if (nearIn < 0 || q < dist[nearIn * m + k]) nearIn = i;
      } else if (nearOut < 0 || q > dist[nearOut * m + k]) nearOut = i;
    }
    for (const i of [nearIn, nearOut]) {
      if (i < 0) continue;
      const candidate = pattern.slice();
      candidate[i * m + k] = 1 - candidate[i * m + k];
      consider(candidate, { neuron: k, sample: i, active: candidate[i * m + k] === 1 });
    }
  }
  return best;
}

/** The result of a Gauss–Newton polish. */
export interface PolishResult {
  net: Net;
  loss: number;
  iterations: number;
}

/**
 * Levenberg–Marquardt on all weights of the network, with every step that would change the activation pattern
 * (zᵢₖ > 0) rejected: it converges to the stationary point of the pattern when the pattern's least-squares fit
 * is realisable within it, and stalls against the pattern's boundary otherwise. Used to settle plateau states
 * that gradient descent approaches too slowly (P2-C2).
 */
export function gaussNewtonPolish(
  arch: Architecture,
  net: Net,
  data: Dataset,
  { maxIter = 200 }: { maxIter?: number } = {},
): PolishResult {
  requireReluSquare(arch);
  const { X, y, n, d } = data, m = arch.m, bias = net.b !== undefined;
  const pattern = activationPattern(net, data, m);
  const P = m * (d + (bias ? 2 : 1));
  let cur = cloneNet(net), L = lossOf(arch, cur, data), mu = -1, iterations = 0;
  for (let it = 0; it < maxIter; it++) {
    const Z = preActivations(cur, data, m), f = predict(arch, cur, data);
    const J = new Float64Array((n + P) * P), rhs = new Float64Array(n + P);
    for (let i = 0; i < n; i++) {
      rhs[i] = y[i] - f[i];
      for (let k = 0; k < m; k++) {
        const z = Z[i * m + k];
        if (!(z > 0)) continue;
        const o = i * P + k * (d + (bias ? 2 : 1)), g = cur.a[k] / arch.alpha;
        J[o] = z / arch.alpha;
        for (let j = 0; j < d; j++) J[o + 1 + j] = g * X[i * d + j];
        if (bias) J[o + 1 + d] = g;
      }
    }
    if (mu < 0) {
      let tr = 0;
      for (let q = 0; q < n * P; q++) tr += J[q] * J[q];
      mu = (1e-3 * tr) / P || 1e-12;
    }
    let accepted = false;
    while (!accepted && mu < 1e12) {
      const sq = Math.sqrt(mu);
      for (let q = 0; q < P; q++) J[(n + q) * P + q] = sq;
      const { coef: delta } = leastSquares(J, rhs, n + P, P, 1e-14);
      const next = cloneNet(cur);
      for (let k = 0; k < m; k++) {
        const o = k * (d + (bias ? 2 : 1));
        next.a[k] += delta[o];
        for (let j = 0; j < d; j++) next.W[k * d + j] += delta[o + 1 + j];
        if (next.b) next.b[k] += delta[o + 1 + d];
      }
      const nextPattern = activationPattern(next, data, m);
      const same = nextPattern.every((v, q) => v === pattern[q]);
      const L2 = lossOf(arch, next, data);
      if (same && L2 < L) {
        const gain = (L - L2) / L;
        cur = next, L = L2, mu /= 3, accepted = true, iterations++;
        if (gain < 1e-14) return { net: cur, loss: L, iterations };
      } else mu *= 4;
    }
    if (!accepted) break;
  }
  return { net: cur, loss: L, iterations };
}

/** The `anls` optimiser: each step is one ANLS (reconstructed) iteration on every network of the batch (f64). */
export const anlsOptimizer: OptimizerFactory = (problem: TrainProblem, nets: Net[]): Promise<Stepper> => {
  requireReluSquare(problem.arch);
  let state = nets.map(cloneNet);
  return Promise.resolve({
    advance(steps: number) {
      for (let t = 0; t < steps; t++) state = state.map((net) => anlsStep(problem.arch, net, problem.data).net);
      return Promise.resolve();
    },
    read: () => Promise.resolve(state.map(cloneNet)),
    dispose() {},
  });
};
