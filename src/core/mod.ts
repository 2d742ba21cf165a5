/**
 * The ground floor: the vocabulary every other floor speaks. Spec and result types, the schema helpers, the
 * declaration types a paper is written in, engine identities as data, content hashing, and the two-layer network
 * itself. Nothing here does I/O, and nothing here imports from another folder of `src/`.
 *
 * @example
 * ```ts
 * import { canonicalJson, num } from "./mod.ts";
 * console.log(canonicalJson({ b: 1, a: 2 })); // {"a":2,"b":1}
 * console.log(num({ min: 0 }).check(-1)); // must be ≥ 0 (got -1)
 * ```
 * @module
 */
export * from "./types.ts";
export * from "./declare.ts";
export * from "./schema.ts";
export * from "./hash.ts";
export * from "./engine_ids.ts";
export * from "./network.ts";
export * from "./results.ts";
export * from "./divergence.ts";
export * from "./exit_codes.ts";
