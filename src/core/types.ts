/**
 * The plain-data types that flow through the task graph: JSON values, run specs, engine identities, profiles.
 *
 * @example
 * ```ts
 * import type { RunSpec } from "./types.ts";
 * const spec: RunSpec = { task: "two_layer", m: 100, seed: 1 };
 * ```
 * @module
 */

/** A JSON value. Everything that is hashed or cached is one of these. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** One run: plain JSON with the name of the task (runner) that computes it. It is the unit of caching. */
export interface RunSpec {
  /** Which runner computes it (see `src/train/tasks.ts`). */
  readonly task: string;
  readonly [field: string]: Json;
}

/** Which code computed a result. Part of every content key, so a change of engine is a change of key. */
export interface EngineId {
  /** `f64` (the float64 reference) or `tfjs`. */
  engine: string;
  /** The engine's backend: `js` for f64; `wasm`, `cpu`, `webgpu`, `tensorflow`, `tensorflow-gpu` for tfjs. */
  backend: string;
  /** Arithmetic precision of the training steps. */
  precision: "float64" | "float32";
  /** Version of the numerics: bump it when a change alters any number a run produces. */
  numerics: string;
}

/** Experiment sizes: `ci` runs in minutes on 2 CPU cores, `full` is the paper's own scale. */
export type Profile = "ci" | "full";

/** All profiles, in order. */
export const PROFILES: readonly Profile[] = ["ci", "full"];
