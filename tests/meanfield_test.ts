import { assert, assertAlmostEquals, assertEquals } from "../src/std/assert.ts";
import { denseSolver, integrateStiff } from "../src/train/stiff.ts";
import {
  initialNetwork,
  logTimeGrid,
  meanfieldOdeTask,
  meanfieldProblem,
  momentsOf,
  runMeanfield,
} from "../src/train/meanfield_ode.ts";
import { populationRisk, runSingleIndexSgd } from "../src/train/single_index_sgd.ts";
import { normals, rng } from "../src/train/rng.ts";
import type { RunSpec } from "../src/core/types.ts";

const phi = [0.2, 1, 0.75, 0.5], sigma = [0.5, 1, 1, 1];

/** Random particles with s in (−0.9, 0.9). */
function particles(m: number, seed: number): Float64Array {
  const r = rng(seed, "test"), y = normals(r, 2 * m);
  for (let i = 0; i < m; i++) y[m + i] = 0.9 * Math.tanh(y[m + i]);
  return y;
}

/** The risk R_mf = ½ Σ_k (φ_k − σ_k M_k)². */
function risk(y: Float64Array, m: number): number {
  const M = momentsOf(y, m, 3);
  return 0.5 * M.reduce((s, Mk, k) => s + (phi[k] - sigma[k] * Mk) ** 2, 0);
}

Deno.test("the ODE is the sped-up gradient flow of R_mf on the sphere (finite differences)", () => {
  const m = 7, eps = 0.01, y = particles(m, 1), f = new Float64Array(2 * m);
  meanfieldProblem(phi, sigma, eps, m).f(0, y, f);
  for (let i = 0; i < m; i++) {
    const grad = (j: number) => {
      const p = Float64Array.from(y), q = Float64Array.from(y);
      p[j] += 1e-6, q[j] -= 1e-6;
      return (risk(p, m) - risk(q, m)) / 2e-6;
    };
    assertAlmostEquals(f[i], -m * grad(i) / eps, 1e-5 * (1 + Math.abs(f[i])));
    const s = y[m + i];
    assertAlmostEquals(f[m + i], -m * (1 - s * s) * grad(m + i), 1e-6 * (1 + Math.abs(f[m + i])));
  }
});

Deno.test("the Woodbury solve of I − cJ agrees with a dense LU of the finite-difference Jacobian", () => {
  const m = 6, eps = 1e-4, y = particles(m, 2), n = 2 * m;
  const problem = meanfieldProblem(phi, sigma, eps, m);
  const dense = denseSolver(n, (t, yy, J) => {
    const fp = new Float64Array(n), fm = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const p = Float64Array.from(yy), q = Float64Array.from(yy), h = 1e-7;
      p[j] += h, q[j] -= h;
      problem.f(t, p, fp), problem.f(t, q, fm);
      for (let i = 0; i < n; i++) J[i * n + j] = (fp[i] - fm[i]) / (2 * h);
    }
  });
  for (const c of [1e-6, 1e-3, 0.1]) {
    const b = normals(rng(3, "b"), n), x1 = Float64Array.from(b), x2 = Float64Array.from(b);
    problem.linear(0, y, c)!(x1);
    dense(0, y, c)!(x2);
    const scale = Math.max(...x2.map(Math.abs));
    for (let i = 0; i < n; i++) assertAlmostEquals(x1[i], x2[i], 1e-5 * scale);
  }
});

Deno.test("risk falls monotonically along the flow, and the Rosenbrock solution matches a tight reference", () => {
  const m = 10, eps = 1e-3, y0 = particles(m, 4);
  y0.subarray(m).forEach((s, i) => (y0[m + i] = 0.1 * s));
  const problem = meanfieldProblem(phi, sigma, eps, m);
  const times = logTimeGrid(1e-6, 1, 5);
  const loose = integrateStiff(problem, y0, times, { rtol: 1e-6, atol: 1e-12 });
  const tight = integrateStiff(problem, y0, times, { rtol: 1e-10, atol: 1e-14 });
  assertEquals(loose.stop, "done");
  const R = loose.y.map((y) => risk(y, m));
  for (let i = 1; i < R.length; i++) assert(R[i] <= R[i - 1] * (1 + 1e-9), `risk rose at t = ${times[i]}`);
  assert(R[R.length - 1] < 0.5 * R[0]);
  const err = Math.max(...loose.y.map((y, i) => Math.max(...y.map((v, j) => Math.abs(v - tight.y[i][j])))));
  assert(err < 1e-3, `deviation from the tight solution ${err}`);
});

const spec = (over: Record<string, unknown>): RunSpec => ({
  task: "meanfield_ode",
  m: 20,
  phi: [0, 1, 0.75, 0.5],
  sigma: [0, 1, 1, 1],
  eps: 1e-4,
  initScaleA: 1,
  initS: "zero",
  d: 2,
  seed: 0,
  tMin: 1e-6,
  tEnd: 10,
  perDecade: 5,
  linear: 0,
  rtol: 1e-7,
  atol: 1e-12,
  maxSteps: 200000,
  particles: false,
  ...over,
} as RunSpec);

Deno.test("no linear component and s(0) = 0: s stays exactly 0 and degrees ≥ 2 are never learnt", () => {
  const r = runMeanfield(spec({ phi: [0, 0, 0.75, 0.5], sigma: [0.5, 1, 1, 1] })) as Record<string, unknown>;
  const maxS = r.maxAbsS as number[], e = r.errors as Record<string, number[]>;
  assertEquals(Math.max(...maxS), 0);
  assertEquals(e["2"][e["2"].length - 1], e["2"][0]);
  assert(Math.abs(e["0"][e["0"].length - 1] - e["0"][0]) > 1e-3, "a must move (M₀ relaxes)");
  // With a linear component the same start learns.
  const l = runMeanfield(spec({})) as Record<string, number[]>;
  assert(l.risk[l.risk.length - 1] < 1e-3 * l.risk[0]);
});

Deno.test("the sphere start reproduces the SGD network's overlaps, and the population risk matches R_mf at d → ∞", () => {
  const { a, U } = initialNetwork(5, 30, 1, 3);
  const r = runMeanfield(spec({ m: 5, initS: "sphere", d: 30, seed: 3, tEnd: 1e-5 })) as Record<string, number[]>;
  assert(Math.abs(r.rmsS[0] - Math.sqrt([0, 1, 2, 3, 4].reduce((s, i) => s + U[i * 30] ** 2, 0) / 5)) < 1e-9);
  // Orthogonal perpendicular parts: population risk = R_mf + (1/2m²) Σᵢ aᵢ² (U(1) − U(sᵢ²)).
  const m = 3, d = 4, s = [0.3, -0.5, 0.1], aa = new Float64Array([1, -2, 0.5]), UU = new Float64Array(m * d);
  for (let i = 0; i < m; i++) UU[i * d] = s[i], UU[i * d + i + 1] = Math.sqrt(1 - s[i] ** 2);
  const phi2 = [0, 1, 0.75, 0.5], Uk = (x: number) => x + x * x + x ** 3;
  const M = momentsOf(new Float64Array([...aa, ...s]), m, 3);
  const expect = 0.5 * phi2.reduce((t, p, k) => t + (p - (k ? 1 : 0) * M[k]) ** 2, 0) +
    aa.reduce((t, ai, i) => t + ai * ai * (Uk(1) - Uk(s[i] ** 2)), 0) / (2 * m * m);
  assertAlmostEquals(populationRisk(aa, UU, m, d, [0, 1, 0.75, 0.5], [0, 1, 1, 1]), expect, 1e-12);
  assertEquals(a.length, 5);
});

Deno.test("online SGD at small step follows the ODE from the same start", () => {
  const base = { m: 40, phi: [0, 1], sigma: [0, 1, 0.5], eps: 0.1, initScaleA: 1, seed: 1 };
  const g = runSingleIndexSgd({
    task: "single_index_sgd",
    d: 20,
    lr: 2e-5,
    steps: 20000,
    perDecade: 2,
    linear: 4,
    ...base,
  }) as Record<string, number[]>;
  const o = runMeanfield(
    spec({ ...base, initS: "sphere", d: 20, tMin: 0.1, tEnd: 0.4, perDecade: 1, linear: 4 }),
  ) as Record<string, number[]>;
  const last = (xs: number[]) => xs[xs.length - 1];
  assertAlmostEquals(last(g.t), 0.4, 1e-12);
  assert(last(g.riskMf) < 0.8 * g.riskMf[0], "SGD must learn");
  assertAlmostEquals(last(g.riskMf), last(o.risk), 0.1 * g.riskMf[0]);
  assertEquals(meanfieldOdeTask.validate!(spec({ tMin: 20 })).length, 1);
});

/** The first time |e_l| < ½|φ_l| on the output grid, log-interpolated. */
function crossing(res: Record<string, unknown>, l: number, phiL: number): number {
  const t = res.t as number[], e = (res.errors as Record<string, number[]>)[String(l)].map(Math.abs);
  const i = e.findIndex((x) => x < 0.5 * phiL);
  const f = Math.log(e[i - 1] / (0.5 * phiL)) / Math.log(e[i - 1] / e[i]);
  return Math.exp(Math.log(t[i - 1]) + f * Math.log(t[i] / t[i - 1]));
}

Deno.test("down to ε = 1e-14 the phase times do not move with the tolerance (rtol 1e-5 against 1e-8)", () => {
  const at = (rtol: number) =>
    runMeanfield(spec({ m: 30, eps: 1e-14, tMin: 1e-10, tEnd: 1, perDecade: 40, rtol, maxSteps: 400000 }));
  const loose = at(1e-5), tight = at(1e-8);
  assertEquals(loose.stop, "done");
  assert((tight.accepted as number) > 5 * (loose.accepted as number), "the tight run must take more steps");
  for (const [l, p] of [[1, 1], [2, 0.75], [3, 0.5]]) {
    const a = crossing(loose, l, p), b = crossing(tight, l, p);
    assert(Math.abs(a / b - 1) < 1e-3, `t_${l}: ${a} (rtol 1e-5) vs ${b} (rtol 1e-8)`);
  }
  // A third, independent check: t₁ against the linearised degree-1 dynamics [derived] with this draw's A.
  const y0 = normals(rng(0, "init"), 30, 1);
  const A = y0.reduce((s, a) => s + a * a, 0) / 30, eps = 1e-14;
  const derived = (Math.sqrt(eps) / 2) * (0.5 * Math.log(1 / eps) + Math.log(4 / A));
  assertAlmostEquals(crossing(tight, 1, 1) / derived, 1, 0.01);
});

Deno.test("the self-interaction term is the flow of R_mf + (1/2m²) Σ aᵢ² (U(1) − U(sᵢ²)), with its Woodbury solve", () => {
  const m = 6, eps = 0.05, y = particles(m, 4), n = 2 * m, f = new Float64Array(n);
  const U = (x: number) => sigma.reduce((t, c, k) => t + c * c * x ** k, 0);
  const exact = (yy: Float64Array) => {
    let r = risk(yy, m);
    for (let i = 0; i < m; i++) r += (yy[i] ** 2 * (U(1) - U(yy[m + i] ** 2))) / (2 * m * m);
    return r;
  };
  const problem = meanfieldProblem(phi, sigma, eps, m, true);
  problem.f(0, y, f);
  for (let j = 0; j < n; j++) {
    const p = Float64Array.from(y), q = Float64Array.from(y);
    p[j] += 1e-6, q[j] -= 1e-6;
    const g = (exact(p) - exact(q)) / 2e-6;
    const want = j < m ? -m * g / eps : -m * (1 - y[j] ** 2) * g;
    assertAlmostEquals(f[j], want, 1e-5 * (1 + Math.abs(want)));
  }
  const dense = denseSolver(n, (t, yy, J) => {
    const fp = new Float64Array(n), fm = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const p = Float64Array.from(yy), q = Float64Array.from(yy), h = 1e-7;
      p[j] += h, q[j] -= h;
      problem.f(t, p, fp), problem.f(t, q, fm);
      for (let i = 0; i < n; i++) J[i * n + j] = (fp[i] - fm[i]) / (2 * h);
    }
  });
  const b = normals(rng(5, "b"), n), x1 = Float64Array.from(b), x2 = Float64Array.from(b);
  problem.linear(0, y, 0.01)!(x1);
  dense(0, y, 0.01)!(x2);
  const scale = Math.max(...x2.map(Math.abs));
  for (let i = 0; i < n; i++) assertAlmostEquals(x1[i], x2[i], 1e-5 * scale);
});
