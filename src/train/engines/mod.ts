/**
 * Engines by name. `f64` is built in; the WebAssembly SIMD engines load a small checked-in kernel; the tfjs
 * engines are loaded on demand, so the f64 and wasm paths never import tfjs.
 *
 * @example
 * ```ts
 * import { loadEngine } from "./mod.ts";
 * const engine = await loadEngine("f64");
 * console.log(engine.id.precision); // "float64"
 * ```
 * @module
 */
import type { Engine } from "../engine.ts";
import { f64Engine } from "./f64.ts";
import { wasmF32Engine, wasmF64Engine } from "./wasm.ts";

/** Engine names the CLI accepts, e.g. `f64`, `wasm-f32`, `tfjs-wasm`. */
export const engineNames: string[] = [
  "f64",
  "wasm-f64",
  "wasm-f32",
  "wasm-f64-mt",
  "wasm-f32-mt",
  "webgpu",
  "tfjs-wasm",
  "tfjs-cpu",
  "tfjs-webgpu",
  "tfjs-tensorflow",
  "tfjs-tensorflow-gpu",
];

/** The fastest engine on a CPU (measured by `deno task bench`): float32 WebAssembly SIMD. */
export const fastEngineName = "wasm-f32";

/** Loads an engine by name; throws with the list of known names for an unknown one. */
export async function loadEngine(name: string): Promise<Engine> {
  if (name === "f64") return f64Engine;
  if (name === "wasm-f64") return wasmF64Engine;
  if (name === "wasm-f32") return wasmF32Engine;
  if (name === "wasm-f32-mt" || name === "wasm-f64-mt") {
    const { wasmF32MtEngine, wasmF64MtEngine } = await import("./wasm_mt.ts");
    return name === "wasm-f32-mt" ? wasmF32MtEngine : wasmF64MtEngine;
  }
  if (name === "webgpu") {
    const { loadWebGpuEngine } = await import("./webgpu.ts");
    return loadWebGpuEngine();
  }
  if (name.startsWith("tfjs-") && engineNames.includes(name)) {
    const { loadTfjsEngine } = await import("./tfjs.ts");
    return loadTfjsEngine(name.slice(5) as Parameters<typeof loadTfjsEngine>[0]);
  }
  throw new Error(`unknown engine "${name}" (known: ${engineNames.join(", ")})`);
}
