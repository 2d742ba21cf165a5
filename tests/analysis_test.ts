import { assert, assertAlmostEquals, assertEquals } from "../src/std/assert.ts";
import { crossingStep, detectStages, stageTime } from "../src/analysis/stages.ts";
import { fitLine, fitLogLog, slopesOverSeeds } from "../src/analysis/scaling.ts";
import { wasserstein1 } from "../src/analysis/wasserstein.ts";
import { topSingularShare } from "../src/analysis/spectrum.ts";
import { linearBaseline } from "../src/analysis/linear_fit.ts";
import { rng } from "../src/train/rng.ts";

/** A synthetic three-stage curve: plateau at 1 until t₁, logistic drop to 0.1, plateau until t₂, drop to 0.01. */
function threeStage(t: number, t1: number, t2: number): number {
  const s = (x: number, c: number) => 1 / (1 + Math.exp(-(x - c) / (0.03 * c)));
  return 1 - 0.9 * s(t, t1) - 0.09 * s(t, t2);
}

Deno.test("detectStages finds plateau, descent, plateau, descent at the known places", () => {
  const steps = Array.from({ length: 400 }, (_, i) => Math.round(10 ** (i / 80)));
  const uniq = [...new Set(steps)];
  const loss = uniq.map((t) => threeStage(t, 200, 20000));
  const st = detectStages(uniq, loss);
  assertEquals(st.map((s) => s.kind), ["plateau", "descent", "plateau", "descent", "plateau"].slice(0, st.length));
  assert(st.length >= 4, `expected ≥ 4 stages, got ${st.length}`);
  assert(st[0].end > 100 && st[0].end < 200, `first plateau ends at ${st[0].end}`);
  assert(st[2].start > 200 && st[2].start < 400, `second plateau starts at ${st[2].start}`);
  assert(st[2].end > 10000 && st[2].end < 20000, `second plateau ends at ${st[2].end}`);
  assertAlmostEquals(st[2].lossStart, 0.1, 0.02);
});

Deno.test("detectStages sees a single plateau in a flat curve and no plateau in a steady power law", () => {
  const steps = Array.from({ length: 100 }, (_, i) => i + 1);
  assertEquals(detectStages(steps, steps.map(() => 1)).map((s) => s.kind), ["plateau"]);
  assertEquals(detectStages(steps, steps.map((t) => t ** -1)).map((s) => s.kind), ["descent"]);
});

Deno.test("crossingStep interpolates log-linearly and stageTime uses L0", () => {
  assertAlmostEquals(crossingStep([0, 10], [1, 0.25], 0.5), 5, 1e-12);
  assertEquals(crossingStep([0, 10], [1, 0.95], 0.5), NaN);
  assertAlmostEquals(stageTime([0, 10, 20], [2, 2, 1], 0.5), 20, 1e-12);
});

Deno.test("fitLine recovers a known slope, with a CI that covers it under noise", () => {
  const r = rng(3, "noise");
  const x = Array.from({ length: 40 }, (_, i) => i / 4);
  const y = x.map((v) => 1.7 * v - 2 + 0.05 * r.normal());
  const fit = fitLine(x, y);
  assertAlmostEquals(fit.slope, 1.7, 0.02);
  assert(Math.abs(fit.slope - 1.7) <= fit.slopeCi95, "95% CI should cover the true slope here");
  assert(fit.r2 > 0.99);
});

Deno.test("fitLogLog recovers a power-law exponent; slopesOverSeeds averages per-seed fits", () => {
  const m = [25, 100, 400, 1600];
  assertAlmostEquals(fitLogLog(m, m.map((v) => 3 * v ** -0.5)).slope, -0.5, 1e-12);
  const s = slopesOverSeeds([{ x: [0, 1, 2], y: [0, 1, 2] }, { x: [0, 1, 2], y: [0, 3, 6] }]);
  assertAlmostEquals(s.slope, 2, 1e-12);
  assertAlmostEquals(s.sd, Math.SQRT2, 1e-12);
});

Deno.test("wasserstein1 on equal and unequal sample sizes", () => {
  assertAlmostEquals(wasserstein1([0, 1], [1, 2]), 1, 1e-12);
  assertAlmostEquals(wasserstein1([0], [0, 1]), 0.5, 1e-12);
  assertAlmostEquals(wasserstein1([3, 1, 2], [1, 2, 3]), 0, 1e-12);
});

Deno.test("topSingularShare: 1 for rank one, 1/√d for an orthogonal matrix", () => {
  assertAlmostEquals(topSingularShare(new Float64Array([1, 2, 2, 4, -1, -2]), 3, 2), 1, 1e-9);
  assertAlmostEquals(topSingularShare(new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]), 3, 3), 1 / Math.sqrt(3), 1e-6);
});

Deno.test("linearBaseline: exact linear data has L_lin = 0 and λ = ‖(1/n)Σ yx‖", () => {
  const X = new Float64Array([1, 0, 0, 1, 1, 1, 2, -1]), y = new Float64Array([2, -1, 1, 5]);
  const b = linearBaseline(X, y, 4, 2);
  assertAlmostEquals(b.lLin, 0, 1e-20);
  assertAlmostEquals(b.beta[0], 2, 1e-12);
  assertAlmostEquals(b.beta[1], -1, 1e-12);
  assertAlmostEquals(b.lambda, Math.hypot((2 + 1 + 10) / 4, (-1 + 1 - 5) / 4), 1e-12);
});

Deno.test("detectStages: a short late secondary plateau is kept with minPlateauRatio, merged without it", () => {
  // P1-C5 at full profile, ε = 1e-8, seed 5: the flat stretch after the initial descent spans 0.18 decades.
  const c = JSON.parse(Deno.readTextFileSync(new URL("./fixtures/chen2024_eps1e-8_seed5.json", import.meta.url)));
  const old = detectStages(c.step, c.loss);
  assertEquals(old.map((s) => s.kind[0]).join("").slice(0, 3), "pdp");
  assert(old[2].lossStart < 0.2 * c.lLin, "without the ratio the secondary plateau merges into the descent");
  const fixed = detectStages(c.step, c.loss, { minPlateauRatio: 0.5 });
  assertEquals(fixed.map((s) => s.kind[0]).join("").slice(0, 4), "pdpd");
  const ratio = fixed[2].lossStart / c.lLin;
  assert(ratio > 0.9 && ratio < 1.02, `secondary plateau starts near L_lin (got ${ratio})`);
  // A curve with one flat stretch per decade is segmented as before when the option is off.
  const steps = Array.from({ length: 400 }, (_, i) => 1 + i * 25);
  const loss = steps.map((s) => (s < 1000 ? 1 : Math.exp(-(s - 1000) / 1000)));
  assertEquals(detectStages(steps, loss, { minPlateauRatio: 0.5 }), detectStages(steps, loss));
});
