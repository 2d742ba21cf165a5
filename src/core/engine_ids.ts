/**
 * Static engine identities by name, so the planner can compute content keys without loading any engine (the
 * no-op path never imports tfjs).
 *
 * @example
 * ```ts
 * import { engineIdOf } from "./engine_ids.ts";
 * console.log(engineIdOf("f64").precision); // "float64"
 * ```
 * @module
 */
import type { EngineId } from "./types.ts";

/**
 * Identity of every engine the CLI accepts. An engine module's `id` must equal its entry here (tested).
 * `numerics` changes whenever an engine's numbers change, so its cached runs get new keys: `wasm-f32(-mt)` 2 =
 * fused multiply-add and a rational tanh (kernels/train.c); `wasm-f64(-mt)` stayed bit-identical through that.
 */
export const engineIds: Record<string, EngineId> = {
  "f64": { engine: "f64", backend: "js", precision: "float64", numerics: "1" },
  "wasm-f64": { engine: "wasm", backend: "simd128", precision: "float64", numerics: "1" },
  "wasm-f32": { engine: "wasm", backend: "simd128", precision: "float32", numerics: "2" },
  "wasm-f64-mt": { engine: "wasm", backend: "simd128x2", precision: "float64", numerics: "1" },
  "wasm-f32-mt": { engine: "wasm", backend: "simd128x2", precision: "float32", numerics: "2" },
  "webgpu": { engine: "webgpu", backend: "wgsl", precision: "float32", numerics: "1" },
  "tfjs-wasm": { engine: "tfjs", backend: "wasm", precision: "float32", numerics: "1" },
  "tfjs-cpu": { engine: "tfjs", backend: "cpu", precision: "float32", numerics: "1" },
  "tfjs-webgpu": { engine: "tfjs", backend: "webgpu", precision: "float32", numerics: "1" },
  "tfjs-tensorflow": { engine: "tfjs", backend: "tensorflow", precision: "float32", numerics: "1" },
  "tfjs-tensorflow-gpu": { engine: "tfjs", backend: "tensorflow-gpu", precision: "float32", numerics: "1" },
};

/** The identity of engine `name`; throws with the known names for an unknown one. */
export function engineIdOf(name: string): EngineId {
  const id = engineIds[name];
  if (!id) throw new Error(`unknown engine "${name}" (known: ${Object.keys(engineIds).join(", ")})`);
  return id;
}
