import { assert, assertAlmostEquals, assertEquals } from "../src/std/assert.ts";
import { checkFields } from "../src/core/schema.ts";
import type { RunSpec } from "../src/core/types.ts";
import { twoLayerTask } from "../src/train/two_layer.ts";
import type { TwoLayerResult } from "../src/core/results.ts";
import { f64Engine } from "../src/train/engines/f64.ts";
import { gradient, lossOf, type Net } from "../src/core/network.ts";
import { checkpoints } from "../src/train/schedule.ts";
import { rng } from "../src/train/rng.ts";

function spec(fields: Record<string, unknown>): RunSpec {
  const { spec, problems } = checkFields(twoLayerTask.schema, {
    target: "chen2024",
    n: 50,
    d: 5,
    m: 20,
    activation: "tanh",
    initScaleA: 0.1,
    initScaleW: 0.1,
    seed: 1,
    lr: 0.05,
    steps: 300,
    ...fields,
  } as never);
  assertEquals(problems, []);
  return { task: "two_layer", ...spec } as RunSpec;
}

async function train(s: RunSpec): Promise<TwoLayerResult> {
  const [r] = await twoLayerTask.run([s], { engine: f64Engine, progress: () => {} });
  return r as unknown as TwoLayerResult;
}

Deno.test("a short full-batch GD run decreases the loss", async () => {
  const r = await train(spec({}));
  assert(r.loss[r.loss.length - 1] < 0.5 * r.loss[0], `loss ${r.loss[0]} → ${r.loss[r.loss.length - 1]}`);
  assertEquals(r.step[0], 0);
  assertEquals(r.lastStep, 300);
});

Deno.test("training is deterministic: same spec and seed, identical numbers; another seed differs", async () => {
  const a = await train(spec({ steps: 50 })), b = await train(spec({ steps: 50 }));
  assertEquals(a, b);
  const c = await train(spec({ steps: 50, seed: 2 }));
  assert(c.loss[1] !== a.loss[1]);
});

Deno.test("stopLossRatio ends the run at the first checkpoint with L ≤ q·L0", async () => {
  const r = await train(spec({ stopLossRatio: 0.5, steps: 5000 }));
  assertEquals(r.stop, "lossRatio");
  assert(r.loss[r.loss.length - 1] <= 0.5 * r.L0);
  assert(r.loss[r.loss.length - 2] > 0.5 * r.L0);
});

Deno.test("the f64 engine's step equals a step along network.ts's gradient", async () => {
  for (const activation of ["tanh", "relu", "xtanh"] as const) {
    for (const loss of ["square", "logistic", "exponential"] as const) {
      const arch = { m: 4, activation, bias: true, alpha: 2, loss };
      const r = rng(7, "t");
      const X = Float64Array.from({ length: 18 }, () => r.normal());
      const y = Float64Array.from({ length: 6 }, (_, i) => (i % 2 ? 1 : -1));
      const data = { X, y, n: 6, d: 3 };
      const net: Net = {
        a: Float64Array.from({ length: 4 }, () => r.normal()),
        W: Float64Array.from({ length: 12 }, () => r.normal()),
        b: Float64Array.from({ length: 4 }, () => r.normal()),
      };
      const opt = { kind: "gd", lrW: 0.1, lrA: 0.3, batchSize: 0, seed: 0 };
      const stepper = await f64Engine.open({ data, arch, optimizer: opt }, [net]);
      await stepper.advance(1);
      const [after] = await stepper.read();
      const g = gradient(arch, net, data);
      for (let k = 0; k < 4; k++) assertAlmostEquals(after.a[k], net.a[k] - 0.3 * g.a[k], 1e-14);
      for (let q = 0; q < 12; q++) assertAlmostEquals(after.W[q], net.W[q] - 0.1 * g.W[q], 1e-14);
      for (let k = 0; k < 4; k++) assertAlmostEquals(after.b![k], net.b![k] - 0.1 * g.b![k], 1e-14);
      // and the gradient is the loss's: central finite differences
      const h = 1e-6, probe = { ...net, W: net.W.slice() };
      probe.W[5] += h;
      const up = lossOf(arch, probe, data);
      probe.W[5] -= 2 * h;
      const down = lossOf(arch, probe, data);
      assertAlmostEquals(g.W[5], (up - down) / (2 * h), 1e-7);
    }
  }
});

Deno.test("checkpoints include 0 and the end, are sorted and unique", () => {
  const c = checkpoints(1000, { perDecade: 4, linear: 4 });
  assertEquals(c[0], 0);
  assertEquals(c[c.length - 1], 1000);
  assertEquals([...new Set(c)].sort((a, b) => a - b), c);
  assert(c.includes(10) && c.includes(100) && c.includes(250));
});

Deno.test("runs that differ only in their initialisation share a batch, and a run's result ignores its mates", async () => {
  const specs = [spec({ seed: 1 }), spec({ seed: 2, initScaleA: 1e-3, initScaleW: 1e-3 }), spec({ seed: 3 })];
  const keys = new Set(specs.map((s) => twoLayerTask.batchKey!(s)));
  assertEquals(keys.size, 1);
  assert(twoLayerTask.batchKey!(spec({ lr: 0.01 })) !== twoLayerTask.batchKey!(specs[0]));
  const together = await twoLayerTask.run(specs, { engine: f64Engine, progress: () => {} });
  for (const i of [0, 1, 2]) {
    assertEquals(together[i], (await twoLayerTask.run([specs[i]], { engine: f64Engine, progress: () => {} }))[0]);
  }
});
