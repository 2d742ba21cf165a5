import { assertEquals } from "../src/std/assert.ts";
import { engineIds } from "../src/core/engine_ids.ts";
import { engineNames, loadEngine } from "../src/train/engines/mod.ts";

Deno.test("every engine name has a static identity, equal to the loaded engine's own id", async () => {
  assertEquals(Object.keys(engineIds).sort(), [...engineNames].sort());
  for (const name of ["f64", "wasm-f64", "wasm-f32", "tfjs-wasm", "tfjs-cpu"]) {
    const engine = await loadEngine(name);
    assertEquals(engine.id, engineIds[name], name);
  }
});
