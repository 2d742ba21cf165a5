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

/** A stored constant-pattern period (the state that ended it, and its least-squares comparison). */
export interface PlateauPeriod {
  start: number;
  end: number;
  loss: number;
  counts: number[];
  net: { a: number[]; W: number[]; b: number[] };
  lsLoss?: number;
  polishedLoss?: number;
  statGD?: number;
  statPolished?: number;
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

/** The result of a `relu_plateau` run, typed. */
export interface ReluPlateauResult {
  L0: number;
  lastStep: number;
  step: number[];
  loss: number[];
  counts?: number[][];
  changeStep: number[];
  changeNeuron: number[];
  changesTotal: number;
  periods: PlateauPeriod[];
  exit?: {
    found: boolean;
    from?: number;
    plateau?: [number, number];
    /** Loss of the GD state in the plateau, and its pattern's least-squares loss. */
    lossGD?: number;
    lsLoss?: number;
    /** Refits applied to reach the start, whether the start kept the GD state's pattern, and what one more refit
     * would gain (≤ 0: none, so leaving requires a pattern change). */
    refits?: number;
    samePattern?: boolean;
    refitGain?: number | null;
    /** Smallest |distance| of a data point to a kink at the start (0: the start sits on the pattern's boundary). */
    edge?: number;
    lossFrom?: number;
    target?: number;
    gd?: ExitSide & { firstChange: number; patternChanged: boolean };
    anls?: ExitSide & {
      exited: boolean;
      patternMoves: number;
      moves: { neuron: number; sample: number; active: boolean; changed: boolean }[];
    };
  };
}

/** A run's result as a {@linkcode ReluPlateauResult}. */
export function reluPlateauResult(run: { result: unknown }): ReluPlateauResult {
  return run.result as ReluPlateauResult;
}
