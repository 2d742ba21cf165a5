/**
 * Plateaus in linear time: segments a loss curve by changes of its per-step decay rate g = −d ln L / dt.
 *
 * The log-time detector of `stages.ts` reads ρ = −d ln L / d ln t = g·t, so a steady per-step rate reads as a
 * plateau early and as a descent late. Here the rate is per step: g is the secant slope of ln L over
 * `halfWindow` checkpoints on each side (a smoothed rate), and a plateau is a stretch where g falls by at least
 * `factor` below the descents around it. The extremes of ln g are found with hysteresis ln `factor` (a zig-zag
 * filter): a peak is confirmed once ln g falls ln `factor` below it, a trough once it rises ln `factor` above it.
 * Each trough is one plateau: the stretch around it where g stays within `factor` of the trough's rate (or below
 * the midpoint in ln g between trough and peak, when the peak on that side is less than `factor`² above the
 * trough), so its exit is where the per-step rate has risen by `factor`. A plateau with no confirmed peak after it runs to the end of the curve and has
 * no exit; one with no peak before it starts at the first checkpoint. Rates below `floor` (loss changes below the
 * stored precision) are read as `floor`.
 *
 * @example
 * ```ts
 * import { ratePlateaus } from "./rate_plateaus.ts";
 * // ln L falls at 1e-3 per step for 1000 steps, then 1e-6 per step until 5·10⁴, then 1e-3 again.
 * const g = (t: number) => (t < 1000 || t >= 50000 ? 1e-3 : 1e-6);
 * const step = Array.from({ length: 601 }, (_, i) => i * 100);
 * let lnL = 0;
 * const loss = step.map((t, i) => (i > 0 && (lnL -= 100 * g(t - 50)), Math.exp(lnL)));
 * const p = ratePlateaus(step, loss).filter((s) => s.kind === "plateau");
 * console.log(p.length, p[0].exit); // 1 true
 * ```
 * @module
 */

/** One stage of a loss curve in linear time. */
export interface RateStage {
  kind: "plateau" | "descent";
  /** First and last step of the stage. */
  start: number;
  end: number;
  lossStart: number;
  lossEnd: number;
  /** The extreme smoothed rate −d ln L/dt inside the stage (per step): the minimum of a plateau, the maximum of a
   * descent. */
  rate: number;
  /** For a plateau: whether a descent follows it (false for a plateau that runs to the end of the curve). */
  exit: boolean;
}

/** Options of {@linkcode ratePlateaus}. */
export interface RatePlateauOptions {
  /** A plateau's rate lies at least this factor below the peak rates on both sides. @default 10 */
  factor?: number;
  /** The smoothed rate at checkpoint i is the secant of ln L from checkpoint i − h to i + h. @default 3 */
  halfWindow?: number;
  /** Rates below this (per step) are read as this value. @default 1e-10 */
  floor?: number;
}

/**
 * The smoothed per-step rate g = −Δ ln L / Δt at every checkpoint (secant over ±`halfWindow` checkpoints).
 *
 * @example
 * ```ts
 * import { smoothedRate } from "./rate_plateaus.ts";
 * const step = [0, 10, 20, 30];
 * console.log(smoothedRate(step, step.map((t) => Math.exp(-0.01 * t)), 1)[1].toFixed(3)); // "0.010"
 * ```
 */
export function smoothedRate(
  step: readonly number[],
  loss: readonly number[],
  halfWindow = 3,
  floor = 1e-10,
): number[] {
  const n = step.length;
  return step.map((_, i) => {
    const a = Math.max(0, i - halfWindow), b = Math.min(n - 1, i + halfWindow);
    if (b === a || !(loss[a] > 0) || !(loss[b] > 0)) return floor;
    const g = (Math.log(loss[a]) - Math.log(loss[b])) / (step[b] - step[a]);
    return Number.isFinite(g) ? Math.max(floor, g) : floor;
  });
}

/**
 * Alternating extremes of `v` with hysteresis `h`: indices of confirmed peaks and troughs, in order, plus the last
 * running extreme (unconfirmed) so that the list covers the whole series.
 */
function zigzag(v: readonly number[], h: number): { index: number; peak: boolean; confirmed: boolean }[] {
  const out: { index: number; peak: boolean; confirmed: boolean }[] = [];
  if (v.length === 0) return out;
  let hi = 0, lo = 0, dir = 0; // dir: +1 looking for a peak (rising), −1 looking for a trough
  for (let i = 1; i < v.length; i++) {
    if (dir === 0) {
      if (v[i] > v[hi]) hi = i;
      if (v[i] < v[lo]) lo = i;
      if (v[i] - v[lo] >= h) out.push({ index: lo, peak: false, confirmed: true }), dir = 1, hi = i;
      else if (v[hi] - v[i] >= h) out.push({ index: hi, peak: true, confirmed: true }), dir = -1, lo = i;
    } else if (dir === 1) {
      if (v[i] > v[hi]) hi = i;
      else if (v[hi] - v[i] >= h) out.push({ index: hi, peak: true, confirmed: true }), dir = -1, lo = i;
    } else {
      if (v[i] < v[lo]) lo = i;
      else if (v[i] - v[lo] >= h) out.push({ index: lo, peak: false, confirmed: true }), dir = 1, hi = i;
    }
  }
  if (dir === 1) out.push({ index: hi, peak: true, confirmed: false });
  if (dir === -1) out.push({ index: lo, peak: false, confirmed: false });
  return out;
}

/**
 * Segments a loss curve into plateaus and descents in linear time (see the module doc). Checkpoints may be spaced
 * unevenly (log- and linearly spaced together); the smoothing window then spans `halfWindow` checkpoints each way.
 *
 * @example
 * ```ts
 * import { ratePlateaus } from "./rate_plateaus.ts";
 * // a steady per-step rate: no plateau, however long the run
 * const step = Array.from({ length: 200 }, (_, i) => i * 500);
 * console.log(ratePlateaus(step, step.map((t) => Math.exp(-2e-5 * t))).map((s) => s.kind)); // ["descent"]
 * ```
 */
export function ratePlateaus(
  step: readonly number[],
  loss: readonly number[],
  { factor = 10, halfWindow = 3, floor = 1e-10 }: RatePlateauOptions = {},
): RateStage[] {
  if (step.length < 2 * halfWindow + 2) return [];
  const g = smoothedRate(step, loss, halfWindow, floor);
  const lg = g.map(Math.log);
  const h = Math.log(factor);
  const ext = zigzag(lg, h);
  const last = step.length - 1;
  // A plateau's edge on each side: where g has risen `factor` above the trough, or to the midpoint (in ln g)
  // between trough and peak when the peak is less than factor² above the trough.
  const level = (trough: number, peak: number) => Math.min((trough + peak) / 2, trough + h);
  const plateaus: RateStage[] = [];
  for (let e = 0; e < ext.length; e++) {
    const t = ext[e];
    if (t.peak) continue;
    const left = e > 0 ? ext[e - 1] : undefined, right = e + 1 < ext.length ? ext[e + 1] : undefined;
    // An unconfirmed trough (the series ends falling) is a plateau only if it lies `factor` below its left peak.
    if (!t.confirmed && !(left && lg[left.index] - lg[t.index] >= h)) continue;
    let i0 = 0, i1 = last;
    if (left) {
      const mid = level(lg[t.index], lg[left.index]);
      i0 = t.index;
      while (i0 > left.index && lg[i0 - 1] < mid) i0--;
    }
    // The exit: where the rate rises to the midpoint towards a confirmed rise of `factor` (the next peak).
    const exit = right !== undefined && lg[right.index] - lg[t.index] >= h;
    if (exit) {
      const mid = level(lg[t.index], lg[right!.index]);
      i1 = t.index;
      while (i1 < right!.index && lg[i1 + 1] < mid) i1++;
    }
    plateaus.push({
      kind: "plateau",
      start: step[i0],
      end: step[i1],
      lossStart: loss[i0],
      lossEnd: loss[i1],
      rate: g[t.index],
      exit,
    });
  }
  // Descents fill the gaps.
  const stages: RateStage[] = [];
  let cursor = 0;
  const indexOf = (s: number) => step.indexOf(s);
  const descent = (a: number, b: number) => {
    let peak = 0;
    for (let i = a; i <= b; i++) peak = Math.max(peak, g[i]);
    stages.push({
      kind: "descent",
      start: step[a],
      end: step[b],
      lossStart: loss[a],
      lossEnd: loss[b],
      rate: peak,
      exit: false,
    });
  };
  for (const p of plateaus) {
    const a = indexOf(p.start), b = indexOf(p.end);
    if (a > cursor) descent(cursor, a);
    stages.push(p);
    cursor = b;
  }
  if (cursor < last) descent(cursor, last);
  return stages;
}
