import { assert, assertAlmostEquals, assertEquals } from "../src/std/assert.ts";
import {
  activationPattern,
  activeCounts,
  hyperplaneDistances,
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
