/**
 * The `webgpu` engine against the float64 reference (float32 tolerance, every activation and loss, GD and SGD,
 * with and without bias), and a network's numbers independent of its ensemble. Skips where no adapter exists
 * (CI installs Mesa's lavapipe, a software Vulkan, so these run on a CPU too).
 */
import { assert, assertEquals } from "../src/std/assert.ts";
import type { Net } from "../src/core/network.ts";
import type { TrainProblem } from "../src/train/engine.ts";
import { f64Engine } from "../src/train/engines/f64.ts";
import { wasmF32Engine } from "../src/train/engines/wasm.ts";
import { normals, rng } from "../src/train/rng.ts";

const adapter = await (async () => {
  try {
    return (await navigator.gpu?.requestAdapter()) ?? undefined;
  } catch {
    return undefined;
  }
})();
const ignore = adapter === undefined;
if (ignore) console.warn("webgpu tests skipped: no WebGPU adapter (apt-get install mesa-vulkan-drivers)");

const d = 5, m = 16, n = 40;

function problem(
  activation: "relu" | "tanh" | "xtanh",
  loss: "square" | "logistic" | "exponential",
  opt: { kind?: "gd" | "sgd"; batchSize?: number; bias?: boolean } = {},
): TrainProblem {
  const r = rng(7, "data");
  const X = normals(r, n * d, 1);
  const y = new Float64Array(n).map((_, i) => {
    const t = Math.tanh(X[i * d] - X[i * d + 1]);
    return loss === "square" ? t : t > 0 ? 1 : -1;
  });
  return {
    data: { X, y, n, d },
    arch: { m, activation, bias: opt.bias ?? true, alpha: 1, loss },
    optimizer: { kind: opt.kind ?? "gd", lrW: 0.02, lrA: 0.02, batchSize: opt.batchSize ?? 0, seed: 3 },
  };
}

function nets(p: TrainProblem, count: number): Net[] {
  return Array.from({ length: count }, (_, s) => {
    const r = rng(s, "init");
    const net: Net = { a: normals(r, m, 0.3), W: normals(r, m * d, 0.3) };
    if (p.arch.bias) net.b = normals(r, m, 0.3);
    return net;
  });
}

async function train(
  engineName: "f64" | "wasm-f32" | "webgpu",
  p: TrainProblem,
  ns: Net[],
  steps: number,
): Promise<Net[]> {
  const engine = engineName === "f64"
    ? f64Engine
    : engineName === "wasm-f32"
    ? wasmF32Engine
    : (await import("../src/train/engines/webgpu.ts")).webGpuEngine;
  const stepper = await engine.open(p, ns);
  try {
    await stepper.advance(steps);
    return await stepper.read();
  } finally {
    stepper.dispose();
  }
}

/** Largest |x − y| / (1e-3 + |y|) over every weight. */
function relErr(got: Net[], want: Net[]): number {
  let e = 0;
  got.forEach((g, r) => {
    for (const part of ["a", "W", "b"] as const) {
      const x = g[part], y = want[r][part];
      if (!x || !y) continue;
      for (let i = 0; i < y.length; i++) e = Math.max(e, Math.abs(x[i] - y[i]) / (1e-3 + Math.abs(y[i])));
    }
  });
  return e;
}

Deno.test({
  name: "webgpu matches f64 to float32 tolerance for every activation and loss",
  ignore,
  async fn() {
    for (const activation of ["relu", "tanh", "xtanh"] as const) {
      for (const loss of ["square", "logistic", "exponential"] as const) {
        const p = problem(activation, loss), ns = nets(p, 3);
        const exact = await train("f64", p, ns, 150);
        const err = relErr(await train("webgpu", p, ns, 150), exact);
        // The yardstick is our other float32 engine: float32 rounding (~6e-8 per operation) amplified along the
        // trajectory (most near ReLU kinks, where one sample's side can flip). A correct kernel lands within a
        // small factor of wasm-f32's error; a wrong loss or activation is off by orders of magnitude more.
        const yardstick = relErr(await train("wasm-f32", p, ns, 150), exact);
        assert(
          err < 10 * yardstick + 1e-5,
          `${activation}/${loss}: error ${err.toExponential(2)} vs wasm-f32 ${yardstick.toExponential(2)}`,
        );
      }
    }
  },
});

Deno.test({
  name: "webgpu: no bias, and minibatch SGD with the shared batch order",
  ignore,
  async fn() {
    const p = problem("tanh", "square", { bias: false }), ns = nets(p, 2);
    assert(relErr(await train("webgpu", p, ns, 100), await train("f64", p, ns, 100)) < 1e-4);
    const q = problem("tanh", "square", { kind: "sgd", batchSize: 8 }), one = nets(q, 1);
    // 130 steps: more than one submission (64 steps each), so the index upload of later submissions is used. A
    // wrong minibatch order gives errors of order 1e-2.
    assert(relErr(await train("webgpu", q, one, 130), await train("f64", q, one, 130)) < 1e-4);
  },
});

Deno.test({
  name: "webgpu: a network's numbers do not depend on its ensemble",
  ignore,
  async fn() {
    const p = problem("xtanh", "square"), ns = nets(p, 5);
    const together = await train("webgpu", p, ns, 80);
    for (const r of [0, 3]) assertEquals((await train("webgpu", p, [ns[r]], 80))[0], together[r]);
  },
});

Deno.test({
  name: "webgpu: a two_layer run's result is the same in any ensemble the executor forms",
  ignore,
  async fn() {
    const { twoLayerTask } = await import("../src/train/two_layer.ts");
    const { checkFields } = await import("../src/core/schema.ts");
    const { webGpuEngine } = await import("../src/train/engines/webgpu.ts");
    const spec = (f: Record<string, number>) => ({
      task: "two_layer",
      ...checkFields(twoLayerTask.schema, {
        target: "chen2024",
        n: 40,
        d: 5,
        m: 12,
        activation: "tanh",
        initScaleA: 0.1,
        initScaleW: 0.1,
        seed: 1,
        lr: 0.05,
        steps: 200,
        ...f,
      }).spec,
    });
    const specs = [spec({ seed: 1 }), spec({ seed: 2, initScaleA: 1e-3, initScaleW: 1e-3 }), spec({ seed: 3 })];
    const ctx = { engine: webGpuEngine, progress: () => {} };
    const together = await twoLayerTask.run(specs, ctx);
    assertEquals((await twoLayerTask.run([specs[1]], ctx))[0], together[1]);
    assertEquals((await twoLayerTask.run([specs[2], specs[0]], ctx))[1], together[0]);
  },
});
