/**
 * Engines agree: f64 against finite differences and `network.ts`, the WebAssembly and tfjs engines against f64,
 * ensembles against one-by-one, the worker pool against the calling thread.
 *
 * @example
 * ```sh
 * deno test -A tests/engines_test.ts
 * ```
 * @module
 */
import { assert, assertEquals, assertRejects } from "../src/std/assert.ts";
import type { Engine, TrainProblem } from "../src/train/engine.ts";
import { f64Engine } from "../src/train/engines/f64.ts";
import { engineNames, loadEngine } from "../src/train/engines/mod.ts";
import { WorkerPool } from "../src/graph/pool.ts";
import { kernelActivation, wasmF32Engine, wasmF64Engine } from "../src/train/engines/wasm.ts";
import { type Activation, gradient, type LossKind, lossOf, type Net } from "../src/core/network.ts";
import { normals, rng } from "../src/train/rng.ts";

/** A small problem; labels are ±1 for the classification losses. */
function problemOf(
  activation: Activation,
  loss: LossKind,
  bias: boolean,
  kind = "gd",
  { d = 5, m = 11, n = 17, lr = 0.05 } = {},
): TrainProblem {
  const r = rng(7, "engines-test");
  const X = normals(r, n * d), y = normals(r, n).map((v) => (loss === "square" ? v : Math.sign(v)));
  return {
    data: { X, y, n, d },
    arch: { m, activation, bias, alpha: 1.5, loss },
    optimizer: { kind, lrW: lr, lrA: 0.7 * lr, batchSize: 4, seed: 3 },
  };
}

function netsOf(p: TrainProblem, count: number, scale = 0.5): Net[] {
  const { m } = p.arch, { d } = p.data;
  return Array.from({ length: count }, (_, s) => {
    const r = rng(s, "engines-test-init");
    const net: Net = { a: normals(r, m, scale), W: normals(r, m * d, scale) };
    if (p.arch.bias) net.b = normals(r, m, 0.3);
    return net;
  });
}

/** Loss after each of `chunks` advances of `every` steps, for every net. */
async function trajectory(engine: Engine, p: TrainProblem, nets: Net[], chunks = 5, every = 20) {
  const stepper = await engine.open(p, nets);
  const out: number[][] = nets.map(() => []);
  try {
    for (let c = 0; c < chunks; c++) {
      await stepper.advance(every);
      (await stepper.read()).forEach((net, r) => out[r].push(lossOf(p.arch, net, p.data)));
    }
  } finally {
    stepper.dispose();
  }
  return out;
}

const relClose = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(Math.abs(b), 1e-30);

function assertTrajectoriesClose(got: number[][], want: number[][], tol: number, what: string) {
  got.forEach((row, r) =>
    row.forEach((v, t) => assert(relClose(v, want[r][t], tol), `${what}: net ${r} chunk ${t}: ${v} vs ${want[r][t]}`))
  );
}

const CASES: [Activation, LossKind, boolean, string][] = [
  ["relu", "square", false, "gd"],
  ["tanh", "square", true, "gd"],
  ["xtanh", "logistic", false, "sgd"],
  ["relu", "exponential", true, "sgd"],
];

Deno.test("f64 step matches a central finite-difference gradient of the loss", async () => {
  for (const activation of ["tanh", "xtanh"] as const) {
    const p = problemOf(activation, "square", true, "gd", { d: 3, m: 4, n: 6, lr: 1e-3 });
    const [net] = netsOf(p, 1);
    const stepper = await f64Engine.open(p, [net]);
    await stepper.advance(1);
    const [after] = await stepper.read();
    const h = 1e-6;
    for (const key of ["a", "W", "b"] as const) {
      const lr = key === "a" ? p.optimizer.lrA : p.optimizer.lrW;
      for (let q = 0; q < net[key]!.length; q++) {
        const plus = structuredClone(net), minus = structuredClone(net);
        plus[key]![q] += h, minus[key]![q] -= h;
        const fd = (lossOf(p.arch, plus, p.data) - lossOf(p.arch, minus, p.data)) / (2 * h);
        const step = (net[key]![q] - after[key]![q]) / lr;
        assert(Math.abs(step - fd) < 1e-7 * Math.max(1, Math.abs(fd)), `${activation} ${key}[${q}]: ${step} vs ${fd}`);
      }
    }
  }
});

Deno.test("f64 step is W − η∇L of network.ts, and bit-identical run to run", async () => {
  const p = problemOf("tanh", "logistic", true);
  const [net] = netsOf(p, 1);
  const g = gradient(p.arch, net, p.data);
  const stepper = await f64Engine.open(p, [net]);
  await stepper.advance(1);
  const [after] = await stepper.read();
  after.W.forEach((w, q) => assert(Math.abs(w - (net.W[q] - p.optimizer.lrW * g.W[q])) < 1e-15));
  after.a.forEach((a, k) => assert(Math.abs(a - (net.a[k] - p.optimizer.lrA * g.a[k])) < 1e-15));
  const sgd = problemOf("relu", "square", false, "sgd");
  assertEquals(await trajectory(f64Engine, sgd, netsOf(sgd, 2)), await trajectory(f64Engine, sgd, netsOf(sgd, 2)));
});

Deno.test("wasm-f64(-mt) agree with f64 to rounding, wasm-f32(-mt) to float32 tolerance (all activations, losses)", async () => {
  for (const [activation, loss, bias, kind] of CASES) {
    const p = problemOf(activation, loss, bias, kind), nets = netsOf(p, 2);
    const ref = await trajectory(f64Engine, p, nets);
    if (ref.flat().some((v) => !Number.isFinite(v))) continue; // a diverging case says nothing
    assertTrajectoriesClose(await trajectory(wasmF64Engine, p, nets), ref, 1e-12, `wasm-f64 ${activation}/${loss}`);
    assertTrajectoriesClose(await trajectory(wasmF32Engine, p, nets), ref, 2e-5, `wasm-f32 ${activation}/${loss}`);
    for (const name of ["wasm-f64-mt", "wasm-f32-mt"]) {
      const tol = name === "wasm-f64-mt" ? 1e-12 : 2e-5;
      assertTrajectoriesClose(
        await trajectory(await loadEngine(name), p, nets),
        ref,
        tol,
        `${name} ${activation}/${loss}`,
      );
    }
  }
});

Deno.test("wasm tanh keeps its relative accuracy at tiny pre-activations (small-initialisation plateaus)", async () => {
  // With w ~ 1e-6, tanh(z) ≈ z; a tanh computed as 1 − 2/(e^{2z} + 1) would be off by ~10% here.
  const p = problemOf("tanh", "square", false, "gd", { lr: 0.1 }), nets = netsOf(p, 1, 1e-6);
  const [want] = await (async () => {
    const s = await f64Engine.open(p, nets);
    await s.advance(150);
    return s.read();
  })();
  const stepper = await wasmF32Engine.open(p, nets);
  await stepper.advance(150);
  const [net] = await stepper.read();
  want.a.forEach((a, k) => assert(relClose(net.a[k], a, 1e-4), `a[${k}]: ${net.a[k]} vs ${a}`));
  want.W.forEach((w, q) => assert(relClose(net.W[q], w, 1e-4), `W[${q}]: ${net.W[q]} vs ${w}`));
});

Deno.test("the float32 kernel's rational tanh: abs error ≤ 4e-7 on [-10, 10], relative ≤ 4e-7 below 1; f64 to rounding", async () => {
  // Measured maximum: 2.7e-7 absolute and relative (about 5 float32 ulps); float32 rounding alone is 6e-8.
  const N = 200_001, z = new Float64Array(N).map((_, i) => Math.fround(-10 + 20 * i / (N - 1)));
  for (const activation of ["tanh", "xtanh"] as const) {
    const { s, ds } = await kernelActivation("float32", activation, z);
    const exact = await kernelActivation("float64", activation, z);
    z.forEach((x, i) => {
      const t = Math.tanh(x), dt = 1 - t * t;
      const [ws, wd] = activation === "tanh" ? [t, dt] : [x * t, t + x * dt];
      const scale = activation === "tanh" ? 1 : Math.max(1, Math.abs(x));
      assert(Math.abs(s[i] - ws) <= 4e-7 * scale, `${activation}(${x}): ${s[i]} vs ${ws}`);
      assert(Math.abs(ds[i] - wd) <= 8e-7 * scale, `${activation}'(${x}): ${ds[i]} vs ${wd}`);
      if (Math.abs(x) < 1 && x !== 0) assert(Math.abs(s[i] / ws - 1) <= 4e-7, `${activation}(${x}) relative`);
      assert(Math.abs(exact.s[i] - ws) <= 1e-14 * scale, `f64 kernel ${activation}(${x}): ${exact.s[i]} vs ${ws}`);
    });
  }
});

Deno.test("wasm engines agree with f64 over several sample tiles (n = 75: two full tiles of 32 and a partial one)", async () => {
  for (const [activation, loss, bias, kind] of CASES) {
    const p = problemOf(activation, loss, bias, kind, { n: 75, lr: 0.03 }), nets = netsOf(p, 2);
    p.optimizer.batchSize = 40;
    const ref = await trajectory(f64Engine, p, nets, 3, 10);
    if (ref.flat().some((v) => !Number.isFinite(v))) continue;
    assertTrajectoriesClose(await trajectory(wasmF64Engine, p, nets, 3, 10), ref, 1e-12, `wasm-f64 ${activation}`);
    assertTrajectoriesClose(await trajectory(wasmF32Engine, p, nets, 3, 10), ref, 2e-5, `wasm-f32 ${activation}`);
  }
});

Deno.test("tfjs-wasm and tfjs-cpu loss trajectories agree with f64 within float32 tolerance", async () => {
  for (const name of ["tfjs-wasm", "tfjs-cpu"]) {
    const engine = await loadEngine(name);
    for (const [activation, loss, bias, kind] of CASES) {
      const p = problemOf(activation, loss, bias, kind), nets = netsOf(p, 2);
      const ref = await trajectory(f64Engine, p, nets);
      if (ref.flat().some((v) => !Number.isFinite(v))) continue;
      assertTrajectoriesClose(await trajectory(engine, p, nets), ref, 2e-5, `${name} ${activation}/${loss}`);
    }
  }
});

Deno.test("an ensemble gives the same numbers as its runs one by one", async () => {
  const engines = [f64Engine, wasmF64Engine, wasmF32Engine, await loadEngine("tfjs-wasm")];
  for (const engine of engines) {
    for (const [activation, loss, bias, kind] of [CASES[0], CASES[2]]) {
      const p = problemOf(activation, loss, bias, kind), nets = netsOf(p, 3);
      const together = await trajectory(engine, p, nets);
      const alone = (await Promise.all(nets.map((net) => trajectory(engine, p, [net])))).map((t) => t[0]);
      assertEquals(together, alone, `${engine.id.engine}/${engine.id.backend}/${engine.id.precision}`);
    }
  }
});

Deno.test("the worker pool returns what the calling thread computes", async () => {
  const p = problemOf("relu", "square", true), nets = netsOf(p, 4);
  const pool = new WorkerPool({ size: 2 });
  try {
    const jobs = [nets.slice(0, 2), nets.slice(2)].map((part) =>
      pool.run({ kind: "train", engine: "wasm-f32", problem: p, nets: part, steps: 30 })
    );
    const got = (await Promise.all(jobs)).flatMap((d) => d.nets ?? []);
    const stepper = await wasmF32Engine.open(p, nets);
    await stepper.advance(30);
    assertEquals(got, await stepper.read());
    await assertRejects(() => pool.run({ kind: "train", engine: "nope", problem: p, nets, steps: 1 }));
  } finally {
    pool.close();
  }
});

Deno.test("the registry names every engine and explains a missing native tfjs binding", async () => {
  for (const name of ["f64", "wasm-f32", "wasm-f64", "tfjs-wasm", "tfjs-tensorflow", "tfjs-tensorflow-gpu"]) {
    assert(engineNames.includes(name), name);
  }
  await assertRejects(() => loadEngine("numpy"), "known: f64");
  try {
    await loadEngine("tfjs-tensorflow");
  } catch (e) {
    assert((e as Error).message.includes("deno install --allow-scripts=npm:@tensorflow/tfjs-node"));
  }
});
