import { assert, assertEquals } from "../src/std/assert.ts";
import { ratePlateaus, smoothedRate } from "../src/analysis/rate_plateaus.ts";
import { detectStages } from "../src/analysis/stages.ts";
import { checkpoints } from "../src/train/schedule.ts";

/** A loss curve with a piecewise-constant per-step rate g: ln L(t) = −∫₀ᵗ g, sampled at `step`. */
function piecewise(step: number[], pieces: [number, number][]): number[] {
  // exact integral of a step function between checkpoints
  const lnL = (t: number) => {
    let s = 0;
    for (let i = 0; i < pieces.length; i++) {
      const a = pieces[i][0], b = i + 1 < pieces.length ? pieces[i + 1][0] : Infinity;
      if (t > a) s += pieces[i][1] * (Math.min(t, b) - a);
    }
    return -s;
  };
  return step.map((t) => Math.exp(lnL(t)));
}

const schedule = (steps: number) => checkpoints(steps, { perDecade: 20, linear: 1000 });
const plateausOf = (step: number[], loss: number[]) => ratePlateaus(step, loss).filter((s) => s.kind === "plateau");

Deno.test("linear-time detector: known plateaus, their starts and exits within the smoothing resolution", () => {
  const step = schedule(200000); // 200-step spacing late; halfWindow 3 → resolution ≈ 600 steps
  const loss = piecewise(step, [[0, 1e-3], [1000, 1e-6], [40000, 2e-4], [45000, 1e-7], [150000, 1e-4], [155000, 1e-8]]);
  const p = plateausOf(step, loss);
  assertEquals(p.length, 3);
  const near = (a: number, b: number, tol: number) => assert(Math.abs(a - b) <= tol, `${a} vs ${b} (±${tol})`);
  near(p[0].start, 1000, 300), near(p[0].end, 40000, 700);
  near(p[1].start, 45000, 700), near(p[1].end, 150000, 700);
  near(p[2].start, 155000, 700);
  assertEquals(p[2].end, 200000);
  assertEquals(p.map((s) => s.exit), [true, true, false]);
  // stages tile the curve
  const all = ratePlateaus(step, loss);
  assertEquals(all[0].start, 0);
  assertEquals(all[all.length - 1].end, 200000);
  for (let i = 1; i < all.length; i++) assertEquals(all[i].start, all[i - 1].end);
});

Deno.test("linear-time detector: a steady rate has no plateau (the log-time detector reads its start as one)", () => {
  const step = schedule(100000);
  const loss = piecewise(step, [[0, 2e-5]]);
  assertEquals(plateausOf(step, loss).length, 0);
  // ρ = g·t < 0.1 for t < 5000: the log-time detector calls the first 5000 steps a plateau
  assert(detectStages(step, loss).some((s) => s.kind === "plateau" && s.start < 10));
});

Deno.test("linear-time detector: a rate change smaller than the factor is no plateau; a larger one is", () => {
  const step = schedule(100000);
  const mild = piecewise(step, [[0, 1e-4], [30000, 2e-5], [60000, 1e-4]]);
  assertEquals(plateausOf(step, mild).length, 0);
  assertEquals(ratePlateaus(step, mild, { factor: 4 }).filter((s) => s.kind === "plateau").length, 1);
});

Deno.test("linear-time detector: a curve that starts on a plateau and ends converged (sigmoid drop)", () => {
  const step = schedule(100000);
  // a slow background decay (1e-7 per step) under a sigmoid drop of width 2000 steps at t = 50000
  const loss = step.map((t) => (0.1 + 0.4 / (1 + Math.exp((t - 50000) / 2000))) * Math.exp(-1e-7 * t));
  const p = plateausOf(step, loss);
  assertEquals(p.length, 2);
  assertEquals(p[0].start, 0);
  assert(p[0].exit && p[0].end > 30000 && p[0].end < 50000, `first plateau ends at ${p[0].end}`);
  assert(!p[1].exit && p[1].start > 50000 && p[1].start < 75000, `final plateau starts at ${p[1].start}`);
});

Deno.test("smoothed rate: secant of ln L per step, floored", () => {
  const step = [0, 10, 20, 30, 40];
  const loss = step.map((t) => Math.exp(-0.01 * t));
  const g = smoothedRate(step, loss, 1);
  for (const v of g) assert(Math.abs(v - 0.01) < 1e-12);
  assertEquals(smoothedRate(step, [1, 1, 1, 1, 1], 1, 1e-9), [1e-9, 1e-9, 1e-9, 1e-9, 1e-9]);
});
