/** Cross-check: an exported run replayed by numpy (an independent implementation) gives the recorded losses. */
import { assert } from "../src/std/assert.ts";
import { checkFields } from "../src/core/schema.ts";
import type { RunSpec } from "../src/core/types.ts";
import { twoLayerTask } from "../src/train/two_layer.ts";
import { f64Engine } from "../src/train/engines/f64.ts";

async function hasNumpy(): Promise<boolean> {
  try {
    const out = await new Deno.Command("python3", { args: ["-c", "import numpy"], stderr: "null" }).output();
    return out.success;
  } catch {
    return false;
  }
}

Deno.test({
  name: "an exported run replays in numpy to the recorded loss",
  ignore: !(await hasNumpy()),
  async fn() {
    for (const activation of ["tanh", "relu"]) {
      const { spec } = checkFields(twoLayerTask.schema, {
        target: "chen2024",
        n: 40,
        d: 3,
        m: 7,
        activation,
        bias: activation === "relu",
        initScaleB: 0.3,
        alpha: 2,
        initScaleA: 0.5,
        initScaleW: 0.5,
        lrScaleA: 0.5,
        seed: 4,
        lr: 0.1,
        steps: 200,
      });
      const full = { task: "two_layer", ...spec } as RunSpec;
      const [result] = await twoLayerTask.run([full], { engine: f64Engine, progress: () => {} });
      const path = await Deno.makeTempFile({ suffix: ".json" });
      try {
        await Deno.writeTextFile(path, JSON.stringify(twoLayerTask.exportRun!(full, result)));
        const out = await new Deno.Command("python3", {
          args: [new URL("./peers/replay_export.py", import.meta.url).pathname, path],
        }).output();
        const worst = Number(new TextDecoder().decode(out.stdout));
        assert(out.success && worst < 1e-8, `${activation}: numpy replay differs by ${worst}`);
      } finally {
        await Deno.remove(path);
      }
    }
  },
});
