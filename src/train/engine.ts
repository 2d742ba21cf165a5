/**
 * The engine interface: what every engine (float64 reference, tfjs over any backend) provides.
 *
 * An engine advances a batch of two-layer networks that share one dataset and one set of hyper-parameters
 * (an ensemble: runs of a sweep that differ only in their initialisation). The trainer (`two_layer.ts`) reads the
 * weights back at checkpoints and measures everything in float64, so every engine is measured the same way.
 *
 * @example
 * ```ts
 * import { f64Engine } from "./engines/f64.ts";
 * import type { TrainProblem } from "./engine.ts";
 * const problem: TrainProblem = {
 *   data: { X: new Float64Array([1, -1]), y: new Float64Array([1, -1]), n: 2, d: 1 },
 *   arch: { m: 1, activation: "tanh", bias: false, alpha: 1, loss: "square" },
 *   optimizer: { kind: "gd", lrW: 0.1, lrA: 0.1, batchSize: 0, seed: 0 },
 * };
 * const stepper = await f64Engine.open(problem, [{ a: new Float64Array([0.1]), W: new Float64Array([0.1]) }]);
 * await stepper.advance(10);
 * const [net] = await stepper.read();
 * stepper.dispose();
 * ```
 * @module
 */
import type { EngineId } from "../core/types.ts";
import type { Architecture, Dataset, Net } from "../core/network.ts";

/** The optimiser: full-batch GD, or SGD on minibatches drawn with replacement-free shuffles per epoch. */
export interface OptimizerSpec {
  /** `gd`: full batch. `sgd`: minibatches of `batchSize` (1 = online). Other kinds are registered optimisers. */
  kind: string;
  /** Step size of the first layer (W and b). */
  lrW: number;
  /** Step size of the second layer (a). */
  lrA: number;
  /** Minibatch size for `sgd`; 0 means full batch. */
  batchSize: number;
  /** Seed of the minibatch order. */
  seed: number;
}

/** What an engine trains: data, architecture, optimiser. Shared by every network in the batch. */
export interface TrainProblem {
  data: Dataset;
  arch: Architecture;
  optimizer: OptimizerSpec;
}

/** A batch of networks being trained. */
export interface Stepper {
  /** Takes `steps` optimiser steps on every network. */
  advance(steps: number): Promise<void>;
  /** The current weights of every network, in float64. */
  read(): Promise<Net[]>;
  /** Frees engine memory. */
  dispose(): void;
}

/** An engine: its identity (part of every content key) and a way to start training. */
export interface Engine {
  id: EngineId;
  /** Whether this engine supports the problem (e.g. an optimiser or loss it lacks). */
  supports(problem: TrainProblem): boolean;
  open(problem: TrainProblem, nets: Net[]): Promise<Stepper>;
}

/** Opens a stepper for an optimiser that every engine lacks. */
export type OptimizerFactory = (problem: TrainProblem, nets: Net[]) => Promise<Stepper>;
