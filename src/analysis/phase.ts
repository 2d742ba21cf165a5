/**
 * The (γ, γ') phase diagram of two-layer networks f(x) = (1/α) Σₖ aₖ σ(wₖ·x) (Luo et al. 2021; Chen et al. 2023):
 * init scales from phase coordinates and back, the theoretical regime of a point, its distance to the regime
 * boundary, and the measured regime from the slope of ln RD against ln m.
 *
 * @example
 * ```ts
 * import { classifySlope, initScalesOf, theoreticalRegime } from "./phase.ts";
 * const { beta1, beta2 } = initScalesOf({ gamma: 1.75, gammaPrime: 0, m: 100 });
 * console.log(beta1 === beta2, theoreticalRegime(1.75, 0), classifySlope(0.4)); // true "condensed" "condensed"
 * ```
 * @module
 */
import { crossingStep, valueAt } from "./stages.ts";

/** A dynamical regime: RD → 0 (linear), O(1) (critical) or ∞ (condensed) as m → ∞ (Luo et al. 2021, abstract). */
export type Regime = "linear" | "critical" | "condensed";

/** A point of the phase diagram at width m, with output scale α (default 1). */
export interface PhasePoint {
  gamma: number;
  gammaPrime: number;
  m: number;
  /** Output scale: f = (1/α) Σ aₖσ(·). @default 1 */
  alpha?: number;
}

/**
 * Init scales of a phase point: aₖ ~ N(0, β₁²), wₖ ~ N(0, β₂² I), with γ = −ln(β₁β₂/α)/ln m and
 * γ' = −ln(β₁/β₂)/ln m (Luo et al. 2021), so β₁ = √α m^(−(γ+γ')/2) and β₂ = √α m^(−(γ−γ')/2).
 */
export function initScalesOf({ gamma, gammaPrime, m, alpha = 1 }: PhasePoint): { beta1: number; beta2: number } {
  const s = Math.sqrt(alpha);
  return { beta1: s * m ** (-(gamma + gammaPrime) / 2), beta2: s * m ** (-(gamma - gammaPrime) / 2) };
}

/** Phase coordinates of init scales β₁ (output weights), β₂ (input weights) at width m and output scale α. */
export function phaseCoordinates(
  beta1: number,
  beta2: number,
  m: number,
  alpha = 1,
): { gamma: number; gammaPrime: number } {
  const lm = Math.log(m);
  return { gamma: -Math.log(beta1 * beta2 / alpha) / lm, gammaPrime: -Math.log(beta1 / beta2) / lm };
}

/**
 * The regime the theory assigns to (γ, γ'): condensed if γ > 1 and γ' < γ − 1, linear if γ < 1 or γ' > γ − 1,
 * critical on the boundary between them (within `tol`); the mean-field point (1, 0) is critical.
 */
export function theoreticalRegime(gamma: number, gammaPrime: number, tol = 1e-9): Regime {
  if (boundaryDistance(gamma, gammaPrime) <= tol) return "critical";
  return gamma > 1 && gammaPrime < gamma - 1 ? "condensed" : "linear";
}

/** Distance from a point to the segment/ray from (x0, y0) in direction (dx, dy), t ≥ 0 (unit direction). */
function rayDistance(x: number, y: number, x0: number, y0: number, dx: number, dy: number): number {
  const t = Math.max(0, (x - x0) * dx + (y - y0) * dy);
  return Math.hypot(x - x0 - t * dx, y - y0 - t * dy);
}

/**
 * Euclidean distance in the (γ, γ') plane to the boundary of the condensed region: the ray γ = 1, γ' ≤ 0 and the
 * ray γ' = γ − 1, γ ≥ 1, which meet at the mean-field point (1, 0).
 */
export function boundaryDistance(gamma: number, gammaPrime: number): number {
  const down = rayDistance(gamma, gammaPrime, 1, 0, 0, -1);
  const diag = rayDistance(gamma, gammaPrime, 1, 0, Math.SQRT1_2, Math.SQRT1_2);
  return Math.min(down, diag);
}

/**
 * The slope of ln RD against ln m that a small-weight estimate gives [derived] (tanh-like σ, GD to the end of the
 * initial stage; β₂ ≤ 1, i.e. γ' ≤ γ, else NaN: σ saturates). Linear side: the weights move until the kernel
 * fits. With γ' ≤ 0 the output weights carry the kernel, Δwₖ ~ 1/(mβ₁): RD ∝ m^(γ−1). With γ' > 0 the input
 * weights do, Δwₖ ~ β₁/(mβ₂²): RD ∝ m^(γ−2γ'−1), unless (γ > 1) the output weights first grow to 1/(mβ₂):
 * RD ∝ m^(2(γ−γ'−1)). Condensed side: the growth mode stops when m|aₖ|‖wₖ‖ ~ 1, so ‖wₖ‖ ~ m^(−1/2) against
 * β₂ = m^(−(γ−γ')/2): RD ∝ m^((γ−γ'−1)/2). Every branch vanishes on the boundary.
 *
 * @example
 * ```ts
 * import { predictedRdSlope } from "./phase.ts";
 * console.log(predictedRdSlope(0.5, 0), predictedRdSlope(1.75, 1), predictedRdSlope(1.75, 0)); // -0.5 -0.5 0.375
 * ```
 */
export function predictedRdSlope(gamma: number, gammaPrime: number): number {
  if (gammaPrime > gamma) return NaN;
  if (theoreticalRegime(gamma, gammaPrime) === "condensed") return (gamma - gammaPrime - 1) / 2;
  if (gammaPrime <= 0) return gamma - 1;
  return gamma <= 1 ? gamma - 2 * gammaPrime - 1 : 2 * (gamma - gammaPrime - 1);
}

/**
 * The measured regime from the slope of ln RD against ln m: condensed when the slope is ≥ `threshold`, linear
 * when ≤ −`threshold`, critical in between (CLAIMS.md P3-C1: |slope| ≥ 0.1). NaN gives `undefined`.
 */
export function classifySlope(slope: number, threshold = 0.1): Regime | undefined {
  if (!Number.isFinite(slope)) return undefined;
  if (slope >= threshold) return "condensed";
  if (slope <= -threshold) return "linear";
  return "critical";
}

/** A series recorded at checkpoints with its loss curve (steps, loss, values; `loss[0]` is L0). */
export interface StageSeries {
  step: readonly number[];
  loss: readonly number[];
  values: readonly number[];
}

/**
 * A recorded value at N_q, the first (interpolated) step with L ≤ q·L0: e.g. RD at the end of the initial stage
 * (q = 0.5). NaN when the loss never got there.
 */
export function valueAtLossRatio({ step, loss, values }: StageSeries, q: number): number {
  return valueAt(step, values, crossingStep(step, loss, q * loss[0]));
}

/**
 * The loss level at which runs of several widths can all be compared: `q` when every run reached L ≤ q·L0,
 * else the deepest level all of them reached (the largest final L/L0). Runs that stopped at a step cap before
 * q·L0 are thus read at a common, well-defined point of their initial stage.
 */
export function commonLossRatio(runs: readonly { loss: readonly number[] }[], q: number): number {
  let level = q;
  for (const { loss } of runs) {
    let lowest = Infinity;
    for (const l of loss) lowest = Math.min(lowest, l / loss[0]);
    level = Math.max(level, lowest);
  }
  return level;
}
