/**
 * Probes: named measurements of a network's state, recorded by the trainer at every checkpoint.
 *
 * A run spec lists the probes it needs (`record: ["meanAbsCos", "ampW1"]`); the trainer stores one value (or one
 * vector) per checkpoint. Papers add probes here, once, by name.
 *
 * @example
 * ```ts
 * import { probes } from "./probes.ts";
 * console.log(Object.keys(probes).includes("meanAbsCos")); // true
 * ```
 * @module
 */
import { type Architecture, type Dataset, type Net, predict } from "../core/network.ts";
import { meanAbsCos, misalignedFraction, relativeChange, signAgreement } from "./condensation.ts";
import { grownLineAlignment } from "./condensed_directions.ts";
import type { LinearBaseline } from "./linear_fit.ts";
import { topSingular, topSingularShare } from "./spectrum.ts";
import { wasserstein1 } from "./wasserstein.ts";
import { hysteresisCrossings, neuronGroupIds } from "./partition.ts";
import { hyperplaneDistances } from "./patterns.ts";

/** What a probe sees: the current network, its initial state, the data and the linear baseline. */
export interface ProbeContext {
  arch: Architecture;
  data: Dataset;
  net: Net;
  init: Net;
  baseline: LinearBaseline;
  /**
   * Scratch space of one run, kept from checkpoint to checkpoint (read in step order), for probes that compare
   * with the previous reading (`hyperplaneCrossings`). Absent: such probes start afresh.
   */
  memo?: Map<string, unknown>;
}

/** Hysteresis margin of `hyperplaneCrossings`: 0.05 of the unit spread of δ = wₖ·x/‖wₖ‖ for x ~ N(0, I). */
export const CROSSING_MARGIN = 0.05;

/** A probe: a number (or a vector, e.g. per neuron) from a network state. */
export type Probe = (ctx: ProbeContext) => number | number[];

/** Norms ‖wₖ‖ of every neuron's input weights. */
export function neuronNorms(W: ArrayLike<number>, m: number, d: number): number[] {
  return Array.from({ length: m }, (_, k) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += W[k * d + j] ** 2;
    return Math.sqrt(s);
  });
}

/** Frobenius norm. */
const frob = (v: ArrayLike<number>) => {
  let s = 0;
  for (let q = 0; q < v.length; q++) s += v[q] ** 2;
  return Math.sqrt(s);
};

/** The registry of probes by name. */
export const probes: Record<string, Probe> = {
  /** mean_k |ẑ·wₖ/‖wₖ‖| (CLAIMS.md conventions). */
  meanAbsCos: ({ arch, data, net, baseline }) => meanAbsCos(net.W, arch.m, data.d, baseline.zhat),
  /** Fraction of neurons with |cos(wₖ, ẑ)| < 0.99: those not condensed on ±ẑ (P1-C3). */
  misalignedFraction: ({ arch, data, net, baseline }) => misalignedFraction(net.W, arch.m, data.d, baseline.zhat, 0.99),
  /** Fraction of neurons with sign(aₖ) = sign(ẑ·wₖ) (P1-C3). */
  signAgreement: ({ arch, data, net, baseline }) => signAgreement(net.a, net.W, arch.m, data.d, baseline.zhat),
  /** W1({|aₖ|}, {‖wₖ‖}) / mean|aₖ| (P1-C6): 0 when amplitudes are balanced. */
  ampW1: ({ arch, data, net }) => {
    const absA = Array.from(net.a, Math.abs);
    const meanA = absA.reduce((s, v) => s + v, 0) / arch.m;
    return wasserstein1(absA, neuronNorms(net.W, arch.m, data.d)) / meanA;
  },
  /** σ₁(W)/‖W‖_F (P1-C5). */
  topSingularShare: ({ arch, data, net }) => topSingularShare(net.W, arch.m, data.d),
  /** The top right singular vector of W (the condensed direction of the first layer; P1-C7), sign-fixed. */
  topDirection: ({ arch, data, net }) => topSingular(net.W, arch.m, data.d).vector,
  /** RD = ‖W − W₀‖_F/‖W₀‖_F (paper 3). */
  relChangeW: ({ net, init }) => relativeChange(net.W, init.W),
  /** RD of the input weights with the bias as an appended coordinate, ‖(W, b) − (W₀, b₀)‖/‖(W₀, b₀)‖ (paper 3). */
  relChangeWb: ({ net, init }) =>
    net.b && init.b ? relativeChange([...net.W, ...net.b], [...init.W, ...init.b]) : relativeChange(net.W, init.W),
  /** Mean |cos| of the 10 % most-grown (wₖ, bₖ) with the lines the small-weight expansion predicts (P3-C3). */
  grownLineCos: ({ arch, data, net, init }) => grownLineAlignment(arch.activation, data, net, init, arch.m),
  /** ‖W‖_F. */
  normW: ({ net }) => frob(net.W),
  /** ‖a‖. */
  normA: ({ net }) => frob(net.a),
  /** Per neuron, its group in the neuron partition: sign(aₖ)·(1 + hash of its activated samples) (paper 5). */
  partitionHash: ({ arch, data, net }) => neuronGroupIds(net, data, arch.m),
  /** The same with a boundary band |δ| ≤ 0.01 (distance to the hyperplane), so chattering kinks do not count. */
  partitionHashBand: ({ arch, data, net }) => neuronGroupIds(net, data, arch.m, 0.01),
  /**
   * Per neuron, the genuine crossings of data-point hyperplanes since the previous checkpoint: samples whose
   * signed distance δᵢₖ went from > h to < −h or back, h = {@linkcode CROSSING_MARGIN} (paper 5, P5-C3).
   */
  hyperplaneCrossings: ({ arch, data, net, memo }) => {
    const key = "hyperplaneCrossings.sides";
    const prev = (memo?.get(key) as Int8Array | undefined) ?? null;
    const { counts, sides } = hysteresisCrossings(
      hyperplaneDistances(net, data, arch.m),
      prev,
      arch.m,
      CROSSING_MARGIN,
    );
    memo?.set(key, sides);
    return counts;
  },
  /** minᵢ yᵢ f(xᵢ): > 0 when every sample is classified correctly (paper 5, ±1 labels). */
  minMargin: ({ arch, data, net }) => minMargin(predict(arch, net, data), data.y),
  /** minᵢ yᵢ f(xᵢ) / ‖θ‖²: the normalised margin of a 2-homogeneous (bias-free ReLU) network (paper 5). */
  normalizedMargin: ({ arch, data, net }) =>
    minMargin(predict(arch, net, data), data.y) /
    (frob(net.a) ** 2 + frob(net.W) ** 2 + (net.b ? frob(net.b) ** 2 : 0)),
};

/** minᵢ yᵢ fᵢ. */
function minMargin(f: ArrayLike<number>, y: ArrayLike<number>): number {
  let best = Infinity;
  for (let i = 0; i < f.length; i++) best = Math.min(best, y[i] * f[i]);
  return best;
}
