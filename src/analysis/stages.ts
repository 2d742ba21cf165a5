/**
 * Stage detection on loss curves: threshold crossing times N_q and plateau / descent segmentation in log-time.
 *
 * A plateau is a maximal stretch where the local decay rate per unit of log-time, ρ = −d ln L / d ln t, stays below
 * `plateauRate`; a descent is a stretch where it is above. Working in log-time makes a plateau of 10 steps and
 * one of 10⁵ steps look alike, as they do on the papers' log–log plots.
 *
 * @example
 * ```ts
 * import { crossingStep } from "./stages.ts";
 * console.log(crossingStep([0, 10, 20], [1, 1, 0.5], 0.9)); // ≈ 11.5 (log-interpolated)
 * ```
 * @module
 */

/**
 * First step at which `values` falls to `threshold` or below, log-linearly interpolated between checkpoints
 * (linear if a value is not positive). NaN if it never does.
 */
export function crossingStep(steps: readonly number[], values: readonly number[], threshold: number): number {
  for (let i = 0; i < values.length; i++) {
    if (values[i] <= threshold) {
      if (i === 0) return steps[0];
      const v0 = values[i - 1], v1 = values[i];
      const useLog = v0 > 0 && v1 > 0 && threshold > 0;
      const a = useLog ? Math.log(v0) : v0,
        b = useLog ? Math.log(v1) : v1,
        t = useLog ? Math.log(threshold) : threshold;
      const frac = a === b ? 1 : (a - t) / (a - b);
      return steps[i - 1] + frac * (steps[i] - steps[i - 1]);
    }
  }
  return NaN;
}

/** N_q: the first step with L ≤ q·L0 (CLAIMS.md conventions; initial plateau end at q = 0.9). */
export function stageTime(steps: readonly number[], loss: readonly number[], q: number): number {
  return crossingStep(steps, loss, q * loss[0]);
}

/** The value of a series at a (fractional) step, linearly interpolated. */
export function valueAt(steps: readonly number[], values: readonly number[], step: number): number {
  if (!(step >= steps[0])) return NaN;
  for (let i = 1; i < steps.length; i++) {
    if (steps[i] >= step) {
      const f = (step - steps[i - 1]) / (steps[i] - steps[i - 1] || 1);
      return values[i - 1] + f * (values[i] - values[i - 1]);
    }
  }
  return step === steps[steps.length - 1] ? values[values.length - 1] : NaN;
}

/** One stage of a loss curve. */
export interface Stage {
  kind: "plateau" | "descent";
  /** First and last step of the stage. */
  start: number;
  end: number;
  lossStart: number;
  lossEnd: number;
}

/** Options of {@linkcode detectStages}. */
export interface StageOptions {
  /** Grid points per decade of log-time. @default 40 */
  perDecade?: number;
  /** Smoothing window, in decades. @default 0.1 */
  windowDecades?: number;
  /** A plateau has ρ = −d ln L/d ln t below this. @default 0.1 (less than ~21 % drop per decade) */
  plateauRate?: number;
  /** A plateau must last at least this many decades of log-time. @default 0.2 */
  minPlateauDecades?: number;
  /**
   * A flat stretch shorter than `minPlateauDecades` is still a plateau when it lasts at least this multiple of
   * the descent just before it (in decades): a pause as long as the fall that preceded it. Late plateaus are
   * short in log-time (a secondary plateau from step 500 to 750 spans 0.18 decades), so the fixed minimum alone
   * merges them into the descents around them. @default 0 (off: only `minPlateauDecades` counts)
   */
  minPlateauRatio?: number;
}

/** Segments a loss curve (steps ≥ 1 are used) into plateaus and descents, in order. */
export function detectStages(steps: readonly number[], loss: readonly number[], opts: StageOptions = {}): Stage[] {
  const { perDecade = 40, windowDecades = 0.1, plateauRate = 0.1, minPlateauDecades = 0.2, minPlateauRatio = 0 } = opts;
  const pts = steps.map((s, i) => [s, loss[i]] as const).filter(([s, l]) => s >= 1 && l > 0);
  if (pts.length < 3) return [];
  const u0 = Math.log10(pts[0][0]), u1 = Math.log10(pts[pts.length - 1][0]);
  const G = Math.max(3, Math.round((u1 - u0) * perDecade) + 1);
  const grid = Array.from({ length: G }, (_, g) => u0 + (u1 - u0) * g / (G - 1));
  const ps = pts.map(([s]) => s), ls = pts.map(([, l]) => Math.log(l));
  const last = ps[ps.length - 1];
  const lnL = grid.map((u) => valueAt(ps, ls, Math.min(last, 10 ** u)));
  // ρ at each grid point over a centred window of `windowDecades`.
  const half = Math.max(1, Math.round(windowDecades * perDecade / 2));
  const rate = grid.map((_, g) => {
    const lo = Math.max(0, g - half), hi = Math.min(G - 1, g + half);
    return -(lnL[hi] - lnL[lo]) / ((grid[hi] - grid[lo]) * Math.LN10);
  });
  // Label, then merge runs; plateaus shorter than the minimum become part of the descent around them.
  const flat = rate.map((r) => r < plateauRate);
  const runs: { flat: boolean; from: number; to: number }[] = [];
  for (let g = 0; g < G; g++) {
    const last = runs[runs.length - 1];
    if (last && last.flat === flat[g]) last.to = g;
    else runs.push({ flat: flat[g], from: g, to: g });
  }
  const span = (r: { from: number; to: number }) => grid[r.to] - grid[r.from];
  const keep = runs.map((r, i) =>
    !r.flat || span(r) >= minPlateauDecades ||
    (minPlateauRatio > 0 && i > 0 && span(r) >= minPlateauRatio * span(runs[i - 1]))
  );
  runs.forEach((r, i) => {
    if (!keep[i]) r.flat = false;
  });
  const merged: typeof runs = [];
  for (const r of runs) {
    const last = merged[merged.length - 1];
    if (last && last.flat === r.flat) last.to = r.to;
    else merged.push({ ...r });
  }
  return merged.map((r) => ({
    kind: r.flat ? "plateau" : "descent",
    start: 10 ** grid[r.from],
    end: 10 ** grid[r.to],
    lossStart: Math.exp(lnL[r.from]),
    lossEnd: Math.exp(lnL[r.to]),
  }));
}
