/**
 * Tests of the condensed-direction measurements of paper 3 (src/analysis/condensed_directions.ts): the Jacobi
 * eigen-solver, the predicted lines, the direction count (which must be able to come out above 2p) and the
 * alignment, and the small-weight RD slope of src/analysis/phase.ts.
 *
 * @example
 * ```sh
 * deno test tests/condensed_directions_test.ts
 * ```
 * @module
 */
import { assert, assertAlmostEquals, assertEquals } from "../src/std/assert.ts";
import {
  directionCount,
  grownLineAlignment,
  lineAlignment,
  mostGrown,
  predictedLines,
  symmetricEigen,
} from "../src/analysis/condensed_directions.ts";
import { predictedRdSlope } from "../src/analysis/phase.ts";
import { normals, rng } from "../src/train/rng.ts";

Deno.test("symmetricEigen: A v = λ v, eigenvalues sorted, vectors orthonormal", () => {
  const A = [[4, 1, 0.5], [1, -2, 0.3], [0.5, 0.3, 1]];
  const { values, vectors } = symmetricEigen(A);
  assert(values[0] >= values[1] && values[1] >= values[2]);
  vectors.forEach((v, i) => {
    const Av = A.map((row) => row.reduce((s, a, j) => s + a * v[j], 0));
    Av.forEach((x, j) => assertAlmostEquals(x, values[i] * v[j], 1e-10));
    vectors.forEach((u, k) => assertAlmostEquals(u.reduce((s, x, j) => s + x * v[j], 0), i === k ? 1 : 0, 1e-10));
  });
  assertAlmostEquals(values.reduce((s, x) => s + x, 0), 3, 1e-10); // trace
});

Deno.test("predictedLines: p = 1 is the normalised (1/n) Σ y x̃; p = 2 the extreme eigenvectors of M̃", () => {
  // y = x₁ on points ±e₁, ±e₂ (d = 2): z̃ = (1/n) Σ y (x, 1) = (0.5, 0, 0).
  const X = [1, 0, -1, 0, 0, 1, 0, -1], y = [1, -1, 0, 0];
  const [z] = predictedLines(X, y, 4, 2, 1);
  assertEquals(z.map((v) => Math.round(v * 1e9) / 1e9), [1, 0, 0]);
  // M̃ = (1/4)(x̃₁x̃₁ᵀ − x̃₂x̃₂ᵀ) with x̃₁ = (1, 0, 1), x̃₂ = (−1, 0, 1): entries (0,2) and (2,0) = 1/2, so the
  // extreme eigenvectors are (1, 0, ±1)/√2 with eigenvalues ±1/2.
  const [top, bottom] = predictedLines(X, y, 4, 2, 2);
  assertAlmostEquals(Math.abs(top[0] * Math.SQRT1_2 + top[2] * Math.SQRT1_2), 1, 1e-9);
  assertAlmostEquals(Math.abs(bottom[0] * Math.SQRT1_2 - bottom[2] * Math.SQRT1_2), 1, 1e-9);
});

Deno.test("directionCount: two antipodal lines give 2 directions, random directions give more than 4", () => {
  const r = rng(7, "test");
  const m = 40, D = 6;
  const noise = normals(r, m * D, 0.02);
  const line = Float64Array.from({ length: m * D }, (_, q) => (q % D === 0 ? (q / D < m / 2 ? 1 : -1) : 0) + noise[q]);
  const all = Array.from({ length: m }, (_, k) => k);
  assertEquals(directionCount(line, all, D), { lines: 1, directions: 2 });
  const random = normals(r, m * D, 1);
  assert(directionCount(random, all, D).directions > 4, "random directions must be able to fail a bound of 4");
  assert(lineAlignment(random, all, D, [[1, 0, 0, 0, 0, 0]]) < 0.6);
  assert(lineAlignment(line, all, D, [[1, 0, 0, 0, 0, 0]]) > 0.99);
});

Deno.test("mostGrown and grownLineAlignment pick the neurons that grew, not the largest", () => {
  // neuron 0 is large but did not grow; neuron 1 grew tenfold along e₁
  const start = [5, 5, 0.1, 0.1], end = [5, 5, 1, 0.1];
  assertEquals(mostGrown(end, start, 2, 2, 1), [1]);
  const data = { X: new Float64Array([1, -1]), y: new Float64Array([1, -1]), n: 2, d: 1 };
  const net = { W: new Float64Array([5, 1]), b: new Float64Array([5, 0.1]) };
  const init = { W: new Float64Array([5, 0.1]), b: new Float64Array([5, 0.1]) };
  assertAlmostEquals(grownLineAlignment("tanh", data, net, init, 2, 0.5), 1 / Math.hypot(1, 0.1), 1e-12);
  assert(Number.isNaN(grownLineAlignment("relu", data, net, init, 2)));
});

Deno.test("predictedRdSlope: vanishes on the boundary, signs by regime", () => {
  assertEquals([predictedRdSlope(0.5, 0), predictedRdSlope(1.75, 1), predictedRdSlope(1.75, 0)], [-0.5, -0.5, 0.375]);
  for (const [g, gp] of [[1, 0], [1, -0.5], [2, 1], [1.5, 0.5]]) assertAlmostEquals(predictedRdSlope(g, gp), 0, 1e-12);
  assert(predictedRdSlope(2.5, 0) > 0 && predictedRdSlope(0.75, 0.25) < 0);
  assert(Number.isNaN(predictedRdSlope(0.5, 1)));
});
