/**
 * Optimisers beyond plain GD/SGD (e.g. ANLS for paper 2), registered by name. They run in float64 on the
 * reference network; a spec that names one is computed by the f64 engine whatever engine was chosen.
 *
 * @example
 * ```ts
 * import { extraOptimizers } from "./optimizers.ts";
 * console.log("gd" in extraOptimizers); // false: gd and sgd belong to every engine
 * ```
 * @module
 */
import type { OptimizerFactory } from "./engine.ts";

export type { OptimizerFactory };
import { anlsOptimizer } from "./anls.ts";

/** Extra optimisers by name. */
export const extraOptimizers: Record<string, OptimizerFactory> = {
  /** ANLS (reconstructed), paper 2: `anls.ts`. */
  anls: anlsOptimizer,
};

/** Optimisers every engine provides. */
export const engineOptimizers = ["gd", "sgd"] as const;
