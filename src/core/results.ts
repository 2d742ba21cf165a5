/**
 * What tasks store and papers read: the typed results of the `two_layer` and `relu_plateau` tasks, with their
 * decoders. Kept on the ground floor so a paper's declaration reads results without importing training code.
 *
 * @example
 * ```ts
 * import { twoLayerResult } from "./results.ts";
 * const r = twoLayerResult({ result: { L0: 1, loss: [1, 0.5], step: [0, 10] } });
 * console.log(r.loss.at(-1)); // 0.5
 * ```
 * @module
 */

/** The result of a `two_layer` run, as stored in the cache. */
export interface TwoLayerResult {
  /** Loss at step 0. */
  L0: number;
  /** λ = ‖(1/n) Σ yᵢxᵢ‖ of the data (linear baseline). */
  lambda: number;
  /** Best linear-fit loss of the data. */
  lLin: number;
  /**
   * Why the run ended: `steps`, `lossRatio` (reached stopLossRatio) or `diverged at step k` (a non-finite loss or
   * weight, or L > 10⁶·L0, at checkpoint k; the series hold the finite prefix). Older entries say `diverged`.
   */
  stop: string;
  /** The checkpoint step at which the run diverged (diverged runs only). */
  divergedAt?: number;
  lastStep: number;
  step: number[];
  loss: number[];
  /** (1/2n) Σ f(2y − f) per checkpoint (square loss only). */
  lossDecrease?: number[];
  probes: Record<string, number[]>;
  snapshots: { step: number; a: number[]; W: number[]; b?: number[] }[];
}

/** The typed result of a cached `two_layer` run record. */
export function twoLayerResult(run: { result: unknown }): TwoLayerResult {
  return run.result as TwoLayerResult;
}

/** What a pattern's least squares say about a state (P2-C2). */
export interface LsReport {
  loss: number;
  /** Free-line and kink-constrained least-squares losses of the state's exact pattern. */
  lsLoss: number;
  klsLoss: number;
  klsExact: boolean;
  /** Neurons whose line the constrained optimum pins (kink at the edge of its interval) or switches off. */
  pinned: number;
  /** Largest stationarity |cos| over active neurons, and over those the constrained optimum leaves free. */
  stat: number;
  statFree: number;
}

/** A stored constant-pattern period (the state that ended it, and its least-squares comparison). */
export interface PlateauPeriod extends Partial<LsReport> {
  start: number;
  end: number;
  loss: number;
  counts: number[];
  net: { a: number[]; W: number[]; b: number[] };
}

/** One side of the exit comparison. */
export interface ExitSide {
  iterations: number;
  reached: boolean;
  /** Median wall-clock over `repeats` solves. */
  ms: number;
  repeats: number;
  trace: [number, number][];
}

/** GD and ANLS from one GD state (P2-C3): `depth` in the plateau's span, −1 for the descent control. */
export interface ExitStart extends LsReport {
  depth: number;
  from: number;
  lossFrom: number;
  target: number;
  gd: ExitSide & { firstChange: number; patternChanged: boolean };
  anls: ExitSide & { patternMoves: number };
}

/** The result of a `relu_plateau` run, typed. */
export interface ReluPlateauResult {
  L0: number;
  lastStep: number;
  /** The inputs (1-D). */
  x: number[];
  step: number[];
  loss: number[];
  counts?: number[][];
  changeStep: number[];
  changeNeuron: number[];
  changesTotal: number;
  periods: PlateauPeriod[];
  /** The settling phase after `steps` (P2-C2). */
  settle?: LsReport & {
    steps: number;
    converged: boolean;
    rate: number;
    /** Predicted ln-loss drop still to come (g·τ); Infinity when the rate did not decay over the last window. */
    remaining: number;
    quietFor: number;
    /** Pattern changes during settling (not in `changesTotal`). */
    crossings: number;
    net: { a: number[]; W: number[]; b: number[] };
    counts: number[];
  };
  exit?: {
    found: boolean;
    plateau?: [number, number];
    starts?: ExitStart[];
    control?: ExitStart;
    descent?: [number, number];
  };
}

/** A run's result as a {@linkcode ReluPlateauResult}. */
export function reluPlateauResult(run: { result: unknown }): ReluPlateauResult {
  return run.result as ReluPlateauResult;
}
