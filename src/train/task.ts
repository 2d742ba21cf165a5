/**
 * The task interface: a runner that turns run specs of one kind into results.
 *
 * Each task declares its fields (validated before anything runs), its cost in steps (for progress), which runs
 * can be computed together (a batch key), and whether it uses the chosen engine or always float64.
 *
 * @example
 * ```ts
 * import type { Task } from "./task.ts";
 * const echo: Task = {
 *   name: "echo", version: "1", engines: "f64", schema: {},
 *   cost: () => 1,
 *   run: (specs) => Promise.resolve(specs.map(() => ({ ok: true }))),
 * };
 * ```
 * @module
 */
import type { FieldProblem, Schema } from "../core/schema.ts";
import type { JsonObject, RunSpec } from "../core/types.ts";
import type { Engine } from "./engine.ts";

/** What a runner is given besides its specs. */
export interface TaskContext {
  /** The engine chosen for this run (ignored by float64-only tasks). */
  engine: Engine;
  /** Reports `steps` more steps done (for progress and steps/s). */
  progress(steps: number): void;
}

/** A runner for one kind of run. */
export interface Task {
  /** The value of `task` in a run spec. */
  name: string;
  /** Version of the runner's numerics; part of every key. Bump it when results would change. */
  version: string;
  /** `any`: runs on the chosen engine. `f64`: always the float64 reference (ODEs, ANLS, exact checks). */
  engines: "any" | "f64" | ((spec: RunSpec) => "any" | "f64");
  /** The spec's fields (besides `task`). */
  schema: Schema;
  /** Checks that involve several fields (e.g. d = 1 for 1-D inputs). */
  validate?(spec: RunSpec): FieldProblem[];
  /** Work of one run, in steps (what `progress` counts). */
  cost(spec: RunSpec): number;
  /**
   * Relative compute of one run (e.g. steps × n × m × d), so the ETA weighs a wide run above a narrow one with as
   * many steps. @default cost(spec)
   */
  work?(spec: RunSpec): number;
  /** Runs with the same batch key are computed together in one `run` call (an ensemble). */
  batchKey?(spec: RunSpec): string;
  /**
   * Result fields (by name, at any depth) that measure wall-clock time and so differ between computations; the
   * audit leaves them out of its comparison. @default []
   */
  volatile?: readonly string[];
  /** Computes the results, in the order of `specs`. */
  run(specs: RunSpec[], ctx: TaskContext): Promise<JsonObject[]>;
  /**
   * A self-contained replay record of one run (inputs, initial weights, trajectory), for `export`.
   * Tasks without one export their spec and result as stored.
   */
  exportRun?(spec: RunSpec, result: JsonObject): JsonObject;
}
