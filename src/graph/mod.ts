/**
 * The task graph: validation of declarations, the cache, the planner and the results it loads. The executor
 * (`run.ts`) and its worker pool (`pool.ts`) are imported directly by the CLI, so planning never starts workers.
 *
 * @example
 * ```ts
 * import { Cache } from "./mod.ts";
 * const cache = new Cache("data/cache");
 * console.log(typeof cache.read); // function
 * ```
 * @module
 */
export * from "./cache.ts";
export * from "./validate.ts";
export * from "./plan.ts";
export * from "./results.ts";
export * from "./io.ts";
