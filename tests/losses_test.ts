/**
 * Tests of the logistic and exponential losses: per-sample values, their derivatives and the full gradient
 * against finite differences, and the f64 engine's step against `network.ts`'s `gradient`.
 *
 * @example
 * ```sh
 * deno test -A tests/losses_test.ts
 * ```
 * @module
 */
import { assert, assertAlmostEquals } from "../src/std/assert.ts";
import { f64Engine } from "../src/train/engines/f64.ts";
import {
  type Architecture,
  type Dataset,
  gradient,
  type LossKind,
  lossOf,
  type Net,
  sampleLoss,
  sampleLossDerivative,
} from "../src/core/network.ts";
import { normals, rng } from "../src/train/rng.ts";

const LOSSES: LossKind[] = ["logistic", "exponential"];

/** A small random problem with ±1 labels. */
function problem(loss: LossKind, activation: "tanh" | "relu", bias: boolean) {
  const n = 7, d = 3, m = 4, r = rng(11, "losses_test");
  const X = normals(r, n * d);
  const y = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -1 : 1));
  const data: Dataset = { X, y, n, d };
  const net: Net = { a: normals(r, m, 0.8), W: normals(r, m * d, 0.7) };
  if (bias) net.b = normals(r, m, 0.3);
  const arch: Architecture = { m, activation, bias, alpha: 1.5, loss };
  return { data, net, arch };
}

Deno.test("logistic and exponential losses have their closed-form values", () => {
  assertAlmostEquals(sampleLoss("logistic", 0, 1), Math.LN2, 1e-15);
  assertAlmostEquals(sampleLoss("logistic", 2, -1), Math.log1p(Math.exp(2)), 1e-14);
  assertAlmostEquals(sampleLoss("exponential", 1, -1), Math.E, 1e-15);
  assertAlmostEquals(sampleLoss("exponential", 3, 1), Math.exp(-3), 1e-17);
  // Large margins: no overflow, and log(1 + e^u) ≈ u for large u.
  assertAlmostEquals(sampleLoss("logistic", -800, 1), 800, 1e-9);
  assert(sampleLoss("logistic", 800, 1) >= 0 && sampleLoss("logistic", 800, 1) < 1e-300);
  assertAlmostEquals(sampleLossDerivative("logistic", -800, 1), -1, 1e-15);
});

Deno.test("∂ℓ/∂f matches central finite differences", () => {
  const h = 1e-6;
  for (const loss of LOSSES) {
    for (const y of [-1, 1]) {
      for (const f of [-3, -0.7, 0, 0.4, 2.5]) {
        const fd = (sampleLoss(loss, f + h, y) - sampleLoss(loss, f - h, y)) / (2 * h);
        const g = sampleLossDerivative(loss, f, y);
        assertAlmostEquals(g, fd, 1e-7 * Math.max(1, Math.abs(fd)), `${loss} f=${f} y=${y}`);
      }
    }
  }
});

Deno.test("gradient() matches finite differences of lossOf for logistic and exponential loss", () => {
  const h = 1e-6;
  for (const loss of LOSSES) {
    const { data, net, arch } = problem(loss, "tanh", true);
    const g = gradient(arch, net, data);
    for (const key of ["a", "W", "b"] as const) {
      const p = net[key]!, gp = g[key]!;
      for (let q = 0; q < p.length; q++) {
        const keep = p[q];
        p[q] = keep + h;
        const up = lossOf(arch, net, data);
        p[q] = keep - h;
        const down = lossOf(arch, net, data);
        p[q] = keep;
        assertAlmostEquals(gp[q], (up - down) / (2 * h), 1e-8, `${loss} ∂L/∂${key}[${q}]`);
      }
    }
  }
});

Deno.test("one f64-engine GD step equals net − η·gradient() for logistic and exponential loss", async () => {
  for (const loss of LOSSES) {
    for (const bias of [false, true]) {
      const { data, net, arch } = problem(loss, "relu", bias);
      const lrW = 0.3, lrA = 0.05;
      const stepper = await f64Engine.open(
        { data, arch, optimizer: { kind: "gd", lrW, lrA, batchSize: 0, seed: 0 } },
        [net],
      );
      await stepper.advance(1);
      const [next] = await stepper.read();
      stepper.dispose();
      const g = gradient(arch, net, data);
      let moved = 0;
      for (let k = 0; k < arch.m; k++) {
        assertAlmostEquals(next.a[k], net.a[k] - lrA * g.a[k], 1e-14, `${loss} a[${k}]`);
        moved += Math.abs(next.a[k] - net.a[k]);
      }
      for (let q = 0; q < net.W.length; q++) assertAlmostEquals(next.W[q], net.W[q] - lrW * g.W[q], 1e-14);
      if (bias) { for (let k = 0; k < arch.m; k++) assertAlmostEquals(next.b![k], net.b![k] - lrW * g.b![k], 1e-14); }
      assert(moved > 1e-6, "the step moved the weights");
      assert(lossOf(arch, next, data) < lossOf(arch, net, data), `${loss}: a small GD step lowers the loss`);
    }
  }
});
