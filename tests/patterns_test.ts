import { assert, assertAlmostEquals, assertEquals } from "../src/std/assert.ts";
import {
  activationPattern,
  activeCounts,
  hyperplaneDistances,
  kinkConstrainedLeastSquares,
  kinkIntervals,
  kinkPositions,
  leastSquares,
  patternLeastSquares,
  stationarityResiduals,
  updatePattern,
} from "../src/analysis/patterns.ts";
import type { Dataset, Net } from "../src/core/network.ts";

const grid = (n: number): Dataset => {
  const X = Float64Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
  return { X, y: X.map((x) => Math.sin(Math.PI * x)), n, d: 1 };
};

Deno.test("activation pattern, counts and kink intervals of a 1-D network", () => {
  const data = grid(5); // x = −1, −0.5, 0, 0.5, 1
  const net: Net = { a: new Float64Array([1, 1]), W: new Float64Array([2, -1]), b: new Float64Array([-0.5, -0.2]) };
  const pattern = activationPattern(net, data, 2);
  // neuron 0: kink at 0.25, active right of it (x = 0.5, 1); neuron 1: kink at −0.2, active left (x = −1, −0.5)
  assertEquals(activeCounts(pattern, 5, 2), [2, 2]);
  assertEquals(kinkPositions(net, 2), [0.25, -0.2]);
  assertEquals(kinkIntervals(pattern, net, 5, 2), [3, 2]);
  const dist = hyperplaneDistances(net, data, 2);
  assertAlmostEquals(dist[4 * 2 + 0], 0.75, 1e-12); // x = 1 is 0.75 right of kink 0.25
});

Deno.test("hysteresis ignores a kink chattering on a data point and counts a real crossing once", () => {
  const data = grid(5);
  const pattern = activationPattern(
    { a: new Float64Array([1]), W: new Float64Array([1]), b: new Float64Array([0.01]) },
    data,
    1,
  );
  const margin = 0.05;
  let changes = 0;
  // The kink oscillates around x = 0 by ±0.01: below the margin, so no change is recorded.
  for (let t = 0; t < 50; t++) {
    const b = t % 2 === 0 ? -0.01 : 0.01;
    const net: Net = { a: new Float64Array([1]), W: new Float64Array([1]), b: new Float64Array([b]) };
    changes += updatePattern(pattern, hyperplaneDistances(net, data, 1), 1, margin).length;
  }
  assertEquals(changes, 0);
  // The kink moves to 0.2: sample x = 0 leaves the active set, once.
  const moved: Net = { a: new Float64Array([1]), W: new Float64Array([1]), b: new Float64Array([-0.2]) };
  const c1 = updatePattern(pattern, hyperplaneDistances(moved, data, 1), 1, margin);
  assertEquals(c1, [{ neuron: 0, sample: 2, active: false }]);
  assertEquals(updatePattern(pattern, hyperplaneDistances(moved, data, 1), 1, margin), []);
});

Deno.test("least squares by pivoted QR: exact, over-determined and rank-deficient", () => {
  // y = 2 + 3x exactly, with a duplicated column (rank 2 of 3).
  const xs = [0, 1, 2, 3];
  const A = xs.flatMap((x) => [1, x, x]);
  const y = xs.map((x) => 2 + 3 * x);
  const fit = leastSquares(A, y, 4, 3);
  assertEquals(fit.rank, 2);
  assert(fit.sse < 1e-20);
  assertAlmostEquals(fit.coef[0], 2, 1e-10);
  assertAlmostEquals(fit.coef[1] + fit.coef[2], 3, 1e-10);
  // Over-determined: the mean is the LS constant, the SSE is the sum of squared deviations.
  const c = leastSquares([1, 1, 1], [1, 2, 6], 3, 1);
  assertAlmostEquals(c.coef[0], 3, 1e-12);
  assertAlmostEquals(c.sse, 4 + 1 + 9, 1e-12);
});

Deno.test("pattern least squares: a network at its pattern's fit is stationary and has that loss", () => {
  const data = grid(9);
  // Two neurons split at 0; the pattern-constrained model fits a line on each side.
  const net: Net = { a: new Float64Array([1, 1]), W: new Float64Array([1, -1]), b: new Float64Array([-0.1, -0.1]) };
  const pattern = activationPattern(net, data, 2);
  const fit = patternLeastSquares(data, pattern, 2);
  assertEquals(fit.rank, 4);
  // Evaluate the fitted linear model and check the normal equations on each active set.
  const f = Array.from(data.X, (x, i) => {
    let s = 0;
    for (let k = 0; k < 2; k++) if (pattern[i * 2 + k]) s += fit.coef[k * 2] * x + fit.coef[k * 2 + 1];
    return s;
  });
  const stat = stationarityResiduals(data, f, pattern, 2);
  assert(stat.every((s) => s < 1e-10), `stationarity ${stat}`);
  const loss = f.reduce((s, fi, i) => s + (fi - data.y[i]) ** 2, 0) / (2 * data.n);
  assertAlmostEquals(loss, fit.loss, 1e-14);
  // The network itself (not at the fit) is not stationary and has a higher loss.
  const g = Array.from(data.X, (x) => Math.max(0, x - 0.1) + Math.max(0, -x - 0.1));
  assert(Math.max(...stationarityResiduals(data, g, pattern, 2)) > 0.1);
});

Deno.test("kink-constrained least squares: equals the free fit when feasible, matches brute force when not", () => {
  const data = grid(9);
  // feasible: one neuron active right of x = 0 fitting a line with its zero in (−0.25, 0]... y = relu(x)
  const relu = { ...data, y: data.X.map((x) => Math.max(0, x)) };
  const right = Uint8Array.from(data.X, (x) => (x > 0 ? 1 : 0));
  const ok = kinkConstrainedLeastSquares(relu, right, 1);
  assertAlmostEquals(ok.loss, patternLeastSquares(relu, right, 1).loss, 1e-14);
  // infeasible: the active set x ≥ 0.25 with target −1 there wants a flat line, whose zero is nowhere
  const neg = { ...data, y: data.X.map((x) => (x > 0.1 ? -1 : 0)) };
  const act = Uint8Array.from(data.X, (x) => (x > 0.1 ? 1 : 0));
  const fit = kinkConstrainedLeastSquares(neg, act, 1);
  assert(fit.loss > fit.freeLoss + 1e-3);
  // brute force: the zero t on a fine grid of its gap [0, 0.25], line u(x − t), u by least squares
  let brute = Infinity;
  for (let q = 0; q <= 2000; q++) {
    const t = 0.25 * q / 2000;
    let sxx = 0, sxy = 0, sres = 0;
    for (let i = 0; i < 9; i++) {
      if (!act[i]) continue;
      const phi = data.X[i] - t;
      sxx += phi * phi, sxy += phi * neg.y[i];
    }
    const u = sxy / sxx;
    for (let i = 0; i < 9; i++) sres += ((act[i] ? u * (data.X[i] - t) : 0) - neg.y[i]) ** 2;
    brute = Math.min(brute, sres / 18);
  }
  assertAlmostEquals(fit.loss, brute, 1e-9);
  assertEquals(fit.options[0], { kind: "pin", at: 0 });
});

Deno.test("kink-constrained least squares: two neurons against brute force over both kinks", () => {
  const data = grid(11);
  const y = data.X.map((x) => Math.cos(3 * x));
  const d2 = { ...data, y };
  // neuron 0 active for x ≥ 0.3 (gap [0.2, 0.4]); neuron 1 active for x ≤ −0.5 (gap [−0.6, −0.4])
  const pattern = new Uint8Array(22);
  for (let i = 0; i < 11; i++) pattern[i * 2] = data.X[i] > 0.3 ? 1 : 0, pattern[i * 2 + 1] = data.X[i] < -0.5 ? 1 : 0;
  const fit = kinkConstrainedLeastSquares(d2, pattern, 2);
  let brute = Infinity;
  for (let p = 0; p <= 100; p++) {
    for (let q = 0; q <= 100; q++) {
      const t0 = 0.2 + 0.2 * p / 100, t1 = -0.6 + 0.2 * q / 100;
      const A = new Float64Array(22);
      for (let i = 0; i < 11; i++) {
        A[i * 2] = pattern[i * 2] ? data.X[i] - t0 : 0;
        A[i * 2 + 1] = pattern[i * 2 + 1] ? data.X[i] - t1 : 0;
      }
      brute = Math.min(brute, leastSquares(A, y, 11, 2).sse / 22);
    }
  }
  assert(fit.loss <= brute + 1e-12, `${fit.loss} vs brute ${brute}`);
  assert(fit.loss >= brute - 1e-4 * brute, `${fit.loss} vs brute ${brute}`);
  assert(fit.exact);
});
