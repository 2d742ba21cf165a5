import { assert, assertEquals } from "../src/std/assert.ts";
import { twoLayerTask } from "../src/train/two_layer.ts";
import { f64Engine } from "../src/train/engines/f64.ts";
import { checkFields } from "../src/core/schema.ts";
import { misalignedFraction } from "../src/analysis/condensation.ts";
import { topSingular } from "../src/analysis/spectrum.ts";
import type { RunSpec } from "../src/core/types.ts";

const spec = (optimizer: string, batchSize: number): RunSpec => {
  const { spec } = checkFields(twoLayerTask.schema, {
    target: "linear_he3",
    n: 50,
    d: 3,
    m: 4,
    activation: "tanh",
    initScaleA: 0.1,
    initScaleW: 0.1,
    seed: 1,
    lr: 0.05,
    steps: 50,
    optimizer,
    batchSize,
  });
  return { task: "two_layer", ...spec } as RunSpec;
};
const run = async (s: RunSpec) => (await twoLayerTask.run([s], { engine: f64Engine, progress: () => {} }))[0];

Deno.test("online SGD: fresh samples, deterministic, and not the full-batch trajectory", async () => {
  const a = await run(spec("online", 5)), b = await run(spec("online", 5)), gd = await run(spec("gd", 0));
  assertEquals(a.loss, b.loss);
  assert((a.loss as number[]).every(Number.isFinite));
  assert((a.loss as number[]).at(-1) !== (gd.loss as number[]).at(-1));
  assertEquals(twoLayerTask.validate!(spec("online", 0)).map((p) => p.field), ["batchSize"]);
  const engines = twoLayerTask.engines as (s: RunSpec) => string;
  assertEquals(engines(spec("online", 5)), "f64");
});

Deno.test("misalignedFraction and topSingular", () => {
  assertEquals(misalignedFraction([1, 0, 1, 1, 0, 1], 3, 2, [1, 0], 0.99), 2 / 3);
  const { sigma, vector } = topSingular([0, -2, 0, 1], 2, 2);
  assert(Math.abs(sigma - Math.sqrt(5)) < 1e-12);
  assertEquals(vector, [0, 1]);
});
