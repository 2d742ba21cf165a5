/**
 * Each profile's declared precision and default engine. `ci` is the float64 reference CI trusts; `full` is the
 * papers' scale, declared float32 (float32 changes plateau exit times by less than 0.01 step, docs/feasibility.md
 * §5; every measurement is taken in float64 from the weights), so it defaults to the fastest float32 engine for a
 * sweep: `wasm-f32`, one run per worker (53,400 run-steps/s on 2 cores against 40,800 for one `wasm-f32-mt` run;
 * README, Performance). The committed full runs of paper 1 were made with it.
 *
 * @example
 * ```ts
 * import { defaultEngine } from "./profiles.ts";
 * console.log(defaultEngine("full")); // "wasm-f32"
 * ```
 * @module
 */
import type { EngineId, Profile } from "../core/mod.ts";

/** A profile's declared precision and the engine it runs on unless `--engine` says otherwise. */
export interface ProfileEngine {
  precision: EngineId["precision"];
  engine: string;
}

/** The engine defaults, per profile. */
export const profileEngines: Record<Profile, ProfileEngine> = {
  ci: { precision: "float64", engine: "f64" },
  full: { precision: "float32", engine: "wasm-f32" },
};

/** The engine `profile` runs on by default. */
export function defaultEngine(profile: Profile): string {
  return profileEngines[profile].engine;
}
