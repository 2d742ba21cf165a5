/**
 * Paper 4: Berthier, Montanari, Zhou 2023, "Learning time-scales in two-layers neural networks" (arXiv 2303.00055),
 * declared as claims, experiments and figures (CLAIMS.md, P4-C1…C6).
 *
 * @example
 * ```ts
 * import { berthier2023 } from "./berthier2023_timescales.ts";
 * console.log(berthier2023.claims.map((c) => c.id));
 * ```
 * @module
 */
import type {
  Claim,
  Experiment,
  Figure,
  JsonObject,
  Measured,
  Measurement,
  Paper,
  Results,
  RunRecord,
} from "../src/core/mod.ts";
import { crossingStep, detectStages, valueAt } from "../src/analysis/stages.ts";
import { fitLine, fitLogLog } from "../src/analysis/scaling.ts";
import { groupBy, mean, sd } from "../src/analysis/stats.ts";
import { lineChart } from "../src/render/charts.ts";

// ---- the setup (declared parameters; CLAIMS.md leaves φ, σ and the initialisation of a open) ----

/** σ = h₁ + h₂ + h₃ (normalised Hermite coefficients σ_0…σ_3): every degree of the target can be learnt. */
const SIGMA = [0, 1, 1, 1];
/** φ = h₁ + 0.75 h₂ + 0.5 h₃: a linear, a quadratic and a cubic component (φ_0 = 0). */
const PHI = [0, 1, 0.75, 0.5];
const DEGREES = [1, 2, 3];
const PRIMARY_A = 1, SMALL_A = 0.01;
/** ε grid over [1e-14, 1e-6]: `perDecade` points per decade. */
const epsGrid = (perDecade: number, lo = -14, hi = -6) =>
  Array.from({ length: (hi - lo) * perDecade + 1 }, (_, j) => Number((10 ** (lo + j / perDecade)).toPrecision(6)));
const seeds = (k: number) => Array.from({ length: k }, (_, i) => i);
/**
 * The asymptotic window, declared from the theory before looking: phases are separated where the predicted time
 * ratios are large, t₂/t₁ ∝ ε^{−1/4} ≥ 10^{2.5} and t₃/t₂ ∝ ε^{−1/12} ≥ 10^{5/6} ≈ 6.8 for ε ≤ 1e-10, i.e. more
 * than 30 output intervals (10^{1/40}) apart. Orders and exponents are tested over ε ∈ [1e-14, 1e-10].
 */
const WINDOW = { lo: 1e-14, hi: 1e-10 };
/** P4-C1 is tested at the smallest ε, where the predicted ratios are largest (ε^{−1/4} ≈ 3·10³, ε^{−1/12} ≈ 15). */
const EPS_C1 = 1e-14;
const inWindow = (e: number) => e >= WINDOW.lo * (1 - 1e-9) && e <= WINDOW.hi * (1 + 1e-9);

/** SGD comparison (P4-C5): ε, horizon T, width m, and ηd (the first-layer step times d; the spherical noise ∝ ηd). */
const SGD_EPS = 0.1, SGD_T = 0.5, SGD_A = 1, SGD_M = 50;
/** Steps ηd, declared before looking: three for the step → 0 extrapolation, plus 1e-3 (the old step) at small d. */
const ETA_D = [8e-3, 4e-3, 2e-3];
const ETA_D_SMALL = 1e-3;
const SGD_D = { ci: [50, 100], full: [50, 100, 200, 400] };

/** (d, ηd, T) → the SGD spec's lr and steps; the point keeps d. */
function sgdSteps({ etaD, T, ...rest }: JsonObject): JsonObject {
  const lr = (etaD as number) / (rest.d as number);
  return { ...rest, lr, steps: Math.round((T as number) / lr) };
}

/** The ODE partner of an SGD run: same m, d, seed and start (sᵢ(0) = ⟨uᵢ(0), w*⟩). */
function odeOfSgd({ T, ...rest }: JsonObject): JsonObject {
  return { ...rest, initS: rest.initS ?? "sphere", tMin: 1e-5, tEnd: T as number };
}

/** ODE runs start at 10⁻³·√ε, well before phase 1 (t₁ ≈ √ε·ln(1/ε)/4). */
const odeTimes = (p: JsonObject): JsonObject => ({
  ...p,
  tMin: Number((1e-3 * Math.sqrt(p.eps as number)).toPrecision(6)),
});

/** rtol 1e-5: t_l agree with rtol 1e-8 to ≤ 1e-4 relative down to ε = 1e-14 (tests/meanfield_ode_test.ts). */
const odeBase: JsonObject = {
  phi: PHI,
  sigma: SIGMA,
  initS: "zero",
  tEnd: 1,
  perDecade: 40,
  rtol: 1e-5,
  atol: 1e-12,
  maxSteps: 400000,
};

/** The d = ∞ flow of the SGD runs' m particles, with their self-interaction (P4-C5). */
const SGD_FLOW: JsonObject = {
  phi: PHI,
  sigma: SIGMA,
  eps: SGD_EPS,
  initScaleA: SGD_A,
  m: SGD_M,
  perDecade: 40,
  linear: 40,
  selfTerm: true,
  T: SGD_T,
};

const experiments: Experiment[] = [
  {
    id: "eps_sweep",
    description: "mean-field ODE over ε ∈ [1e-14, 1e-6] (8 per decade), aᵢ(0) ~ N(0, 1), sᵢ(0) = 0",
    task: "meanfield_ode",
    base: { ...odeBase, initScaleA: PRIMARY_A },
    profiles: {
      ci: { set: { m: 100 }, sweep: { eps: epsGrid(8), seed: seeds(5) } },
      // The paper's limit is m → ∞ before ε → 0; we run m ≤ 1600 (degree 3's time still moves with m there).
      full: { sweep: { m: [100, 400, 1600], eps: epsGrid(8), seed: seeds(5) } },
    },
    derive: odeTimes,
  },
  {
    id: "eps_sweep_small_a",
    description: "the same with aᵢ(0) ~ N(0, 0.01²): t₁'s derived a0-dependence (4 per decade)",
    task: "meanfield_ode",
    base: { ...odeBase, initScaleA: SMALL_A, m: 100 },
    profiles: {
      ci: { sweep: { eps: epsGrid(4), seed: seeds(3) } },
      full: { sweep: { eps: epsGrid(4), seed: seeds(5) } },
    },
    derive: odeTimes,
  },
  {
    id: "warm_start",
    description: "control: sᵢ(0) = ⟨uᵢ, e₁⟩ with uᵢ uniform on the circle (O(1) overlaps, no small-overlap escape)",
    task: "meanfield_ode",
    base: { ...odeBase, initScaleA: PRIMARY_A, m: 100, initS: "sphere", d: 2 },
    profiles: {
      ci: { sweep: { eps: epsGrid(2), seed: seeds(3) } },
      full: { sweep: { eps: epsGrid(2), seed: seeds(5) } },
    },
    derive: odeTimes,
  },
  {
    id: "linear_only",
    description: "control: φ = h₁ (no quadratic or cubic component), one component to learn",
    task: "meanfield_ode",
    base: { ...odeBase, phi: [0, 1, 0, 0], initScaleA: PRIMARY_A, m: 100, eps: EPS_C1 },
    profiles: {
      ci: { sweep: { seed: seeds(3) } },
      full: { sweep: { seed: seeds(5) } },
    },
    derive: odeTimes,
  },
  {
    id: "no_linear",
    description: "φ without constant or linear part, s(0) = 0: the overlaps must stay exactly 0 (P4-C6)",
    task: "meanfield_ode",
    // σ_0 ≠ 0 so the second layer does move (M_0 relaxes): the integrator runs, only s must not.
    base: { ...odeBase, phi: [0, 0, 0.75, 0.5], sigma: [0.5, 1, 1, 1], initScaleA: 1, tEnd: 100 },
    profiles: {
      ci: { set: { m: 100 }, sweep: { eps: [1e-10, 1e-3], seed: seeds(3) } },
      full: { set: { m: 1600 }, sweep: { eps: [1e-14, 1e-6, 1e-3], seed: seeds(3) } },
    },
    derive: odeTimes,
  },
  {
    id: "sgd",
    description: `online SGD of the finite-d network, m = ${SGD_M}, first-layer step η = (ηd)/d, second-layer η/ε`,
    task: "single_index_sgd",
    base: { m: SGD_M, phi: PHI, sigma: SIGMA, eps: SGD_EPS, initScaleA: SGD_A, perDecade: 10, linear: 40, T: SGD_T },
    profiles: {
      ci: { sweep: { etaD: ETA_D, d: SGD_D.ci, seed: seeds(5) } },
      full: { sweep: { etaD: ETA_D, d: SGD_D.full, seed: seeds(5) } },
    },
    derive: sgdSteps,
  },
  {
    id: "sgd_small_step",
    description: "online SGD at ηd = 1e-3 (the step adopted before), d ∈ {50, 100}",
    task: "single_index_sgd",
    base: {
      m: SGD_M,
      phi: PHI,
      sigma: SIGMA,
      eps: SGD_EPS,
      initScaleA: SGD_A,
      perDecade: 10,
      linear: 40,
      T: SGD_T,
      etaD: ETA_D_SMALL,
    },
    profiles: {
      ci: { sweep: { d: [50, 100], seed: seeds(5) } },
      full: { sweep: { d: [50, 100], seed: seeds(5) } },
    },
    derive: sgdSteps,
  },
  {
    id: "sgd_flow",
    description: "the d = ∞ flow of the same m particles (with their self-interaction) from each SGD run's start",
    task: "meanfield_ode",
    base: SGD_FLOW,
    profiles: {
      ci: { sweep: { d: SGD_D.ci, seed: seeds(5) } },
      full: { sweep: { d: SGD_D.full, seed: seeds(5) } },
    },
    derive: odeOfSgd,
  },
  {
    id: "sgd_flow_cold",
    description: "control for P4-C5: the same flow from sᵢ(0) = 0 (the d = ∞ start, ignoring the initial overlaps)",
    task: "meanfield_ode",
    base: { ...SGD_FLOW, initS: "zero" },
    profiles: {
      ci: { sweep: { seed: seeds(5) } },
      full: { sweep: { seed: seeds(5) } },
    },
    derive: odeOfSgd,
  },
];

// ---- measurements ----

/** The ODE result fields used here. */
interface OdeResult {
  t: number[];
  risk: number[];
  maxAbsA: number[];
  rmsS: number[];
  maxAbsS: number[];
  errors: Record<string, number[]>;
  R0: number;
  stop: string;
}

/** The SGD result fields used here. */
interface SgdResult {
  t: number[];
  risk: number[];
  R0: number;
}

const at = (results: Results, exp: string) => results[exp] ?? [];
const ode = (r: RunRecord) => r.result as unknown as OdeResult;
const sgd = (r: RunRecord) => r.result as unknown as SgdResult;
const epsOf = (r: RunRecord) => r.point.eps as number;

/** t_l: first time |φ_l − σ_l M_l| < ½|φ_l| (CLAIMS.md, P4-C2), log-interpolated; NaN if never. */
function phaseTime(run: RunRecord, l: number): number {
  const r = ode(run), e = r.errors[String(l)], phi = run.spec.phi as number[];
  return e ? crossingStep(r.t, e.map(Math.abs), 0.5 * Math.abs(phi[l])) : NaN;
}

/** The duration of phase l, t_l − t_{l−1} (t₀ = 0). */
const phaseDuration = (run: RunRecord, l: number) => phaseTime(run, l) - (l > 1 ? phaseTime(run, l - 1) : 0);

/**
 * t₁ from the linearised degree-1 dynamics [derived]: near s = 0, ṡᵢ = r₁aᵢ, ε ȧᵢ = r₁sᵢ with
 * r₁ = σ₁(φ₁ − σ₁M₁); in τ = ∫r₁ dt, aᵢ = aᵢ(0) cosh(τ/√ε), sᵢ = √ε aᵢ(0) sinh(τ/√ε), so
 * M₁ = ½√ε A sinh(2τ/√ε) with A = (1/m) Σ aᵢ(0)². Feeding
 * r₁'s decrease back and integrating to σ₁M₁ = φ₁/2 gives, up to O(√ε) and O(ε^{1/4}) (higher degrees at
 * s ~ ε^{1/4}) terms: t₁ = (√ε / (2σ₁φ₁)) · [½ ln(1/ε) + ln(4φ₁/(σ₁A))].
 */
export function initialPhaseTime(eps: number, A: number, phi1 = PHI[1], sigma1 = SIGMA[1]): number {
  return (Math.sqrt(eps) / (2 * sigma1 * phi1)) * (0.5 * Math.log(1 / eps) + Math.log((4 * phi1) / (sigma1 * A)));
}

/** A = (1/m) Σ aᵢ(0)² is not stored with a run: its expectation a0² is used (sd √(2/m) relative). */
const secondMoment = (r: RunRecord) => (r.point.initScaleA as number) ** 2;

const doneRuns = (results: Results, exp: string) => at(results, exp).filter((r) => ode(r).stop === "done");
const mOf = (r: RunRecord) => (r.spec.m as number);
const widths = (runs: RunRecord[]) => [...new Set(runs.map(mOf))].sort((a, b) => a - b);

const m = (value: number, extra: Partial<Measured> = {}): Measured => ({ value, ...extra });

/** Fit of ln y against ln ε over runs (seeds pooled). */
const fitEps = (runs: RunRecord[], y: (r: RunRecord) => number) => fitLogLog(runs.map(epsOf), runs.map(y));

/**
 * Local slope d ln y / d ln ε at each ε of a sweep: the seed-mean ln y, then a least-squares line over a sliding
 * window of ±`half` grid points (one decade at 8 per decade and half = 4).
 */
export function localSlopes(eps: number[], lnY: number[], half = 4): { eps: number; slope: number }[] {
  const out: { eps: number; slope: number }[] = [];
  for (let i = half; i < eps.length - half; i++) {
    const xs = eps.slice(i - half, i + half + 1).map(Math.log), ys = lnY.slice(i - half, i + half + 1);
    if (ys.every(Number.isFinite)) out.push({ eps: eps[i], slope: fitLine(xs, ys).slope });
  }
  return out;
}

/** Seed-mean ln y per ε (sorted by ε). */
function seedMeanLn(runs: RunRecord[], y: (r: RunRecord) => number): { eps: number[]; lnY: number[] } {
  const by = groupBy(runs, (r) => String(epsOf(r)));
  const eps = [...by.keys()].map(Number).sort((a, b) => a - b);
  return { eps, lnY: eps.map((e) => mean(by.get(String(e))!.map((r) => Math.log(y(r))))) };
}

/** The per-seed spread of a fitted slope (init draws only: the ODE is the population flow, no data draw). */
function slopeOverSeeds(runs: RunRecord[], y: (r: RunRecord) => number): Measured {
  const all = fitEps(runs, y);
  const bySeed = [...groupBy(runs, (r) => String(r.point.seed)).values()].map((g) => fitEps(g, y).slope);
  return m(all.slope, {
    spread: all.slopeCi95,
    spreadKind: "ci95",
    count: all.count,
    components: { init: sd(bySeed), data: 0 },
  });
}

const fmt = (x: number, p = 3) => (Number.isFinite(x) ? x.toPrecision(p) : String(x));

/** The descents of R against log t (the stage detector with paper 1's fixed settings), per run. */
function descentsOf(r: RunRecord) {
  const o = ode(r), t0 = o.t[1];
  return detectStages(o.t.map((t) => t / t0), o.risk).filter((s) => s.kind === "descent").map((s) => ({
    ...s,
    start: s.start * t0,
  }));
}

/**
 * P4-C1's measurement on runs at one ε: the number of descents, and the time ratio between the starts of the
 * second and first descents (read off the risk curve, so the same for any target).
 */
function measureC1(runs: RunRecord[]): Measurement {
  if (runs.length === 0) return { inconclusive: `no run at ε = ${EPS_C1}` };
  const ds = runs.map(descentsOf);
  const count = ds.map((d) => d.length);
  const sep = ds.map((d) => (d.length >= 2 ? d[1].start / d[0].start : 1));
  return {
    values: {
      descents: m(Math.min(...count), { count: runs.length, components: { init: sd(count), data: 0 } }),
      separation: m(Math.min(...sep), { spread: sd(sep), spreadKind: "sd", count: runs.length }),
    },
    detail: `m = ${widths(runs).join(", ")}; descents per run: ${count.join(", ")}; second/first descent start: ` +
      `${sep.map((x) => fmt(x)).join(", ")}; t₂/t₁ (phase times, where φ₂ ≠ 0): ` +
      runs.map((r) => fmt(phaseTime(r, 2) / phaseTime(r, 1))).join(", "),
  };
}

/** P4-C2's measurement over the window's runs (the control reads runs with no small-overlap start). */
function measureC2(all: RunRecord[]): Measurement {
  const runs = all.filter((r) => inWindow(epsOf(r)));
  if (runs.length < 3) return { inconclusive: "fewer than 3 runs in the asymptotic window" };
  const ordered = runs.filter((r) => phaseTime(r, 1) < phaseTime(r, 2) && phaseTime(r, 2) < phaseTime(r, 3));
  const r32 = runs.map((r) => phaseTime(r, 3) / phaseTime(r, 2));
  const bySlope = widths(runs).map((w) => {
    const sub = runs.filter((r) => mOf(r) === w);
    return { w, fit: slopeOverSeeds(sub, (r) => phaseTime(r, 3) / phaseTime(r, 1)) };
  });
  const worst = bySlope.reduce((a, b) => (b.fit.value > a.fit.value ? b : a));
  const bad = runs.filter((r) => !ordered.includes(r)).slice(0, 6).map((r) =>
    `m = ${mOf(r)}, ε = ${fmt(epsOf(r))}, seed ${r.point.seed}: t = ` +
    DEGREES.map((l) => fmt(phaseTime(r, l), 4)).join(", ")
  );
  return {
    values: {
      ordered: m(ordered.length / runs.length, { count: runs.length }),
      ratioSlope: { ...worst.fit },
    },
    detail: `min t₃/t₂ over the window: ${fmt(Math.min(...r32))} (output resolution 10^{1/40} = 1.06); ` +
      `d ln(t₃/t₁)/d ln ε per m: ${bySlope.map((b) => `${b.w}: ${fmt(b.fit.value)}`).join(", ")}` +
      (bad.length ? `; out of order: ${bad.join("; ")}` : ""),
  };
}

/** P4-C3's measurement: log-corrected t₁ and the durations' exponents over the window, worst over m. */
function measureC3(all: RunRecord[]): Measurement {
  const runs = all.filter((r) => inWindow(epsOf(r)));
  if (runs.length < 3) return { inconclusive: "fewer than 3 runs in the asymptotic window" };
  const values: Record<string, Measured> = {};
  const lines: string[] = [];
  const worst = (key: string, v: Measured, target: number) => {
    if (!values[key] || Math.abs(v.value - target) > Math.abs(values[key].value - target)) values[key] = v;
  };
  for (const w of widths(runs)) {
    const sub = runs.filter((r) => mOf(r) === w);
    // t₁/√ε = α ln(1/ε) + β [derived]: α = 1/(4σ₁φ₁).
    const f1 = fitLine(sub.map((r) => Math.log(1 / epsOf(r))), sub.map((r) => phaseTime(r, 1) / Math.sqrt(epsOf(r))));
    worst("alpha1", m(f1.slope, { spread: f1.slopeCi95, spreadKind: "ci95", count: f1.count }), 0.25);
    const ratio = sub.map((r) => phaseTime(r, 1) / initialPhaseTime(epsOf(r), secondMoment(r)));
    worst("t1ratio", m(mean(ratio), { spread: sd(ratio), spreadKind: "sd", count: ratio.length }), 1);
    for (const l of [2, 3]) worst(`dur${l}`, slopeOverSeeds(sub, (r) => phaseDuration(r, l)), 1 / (2 * l));
    const cum = DEGREES.map((l) => fmt(fitEps(sub, (r) => phaseTime(r, l)).slope));
    const dur = [2, 3].map((l) => fmt(slopeOverSeeds(sub, (r) => phaseDuration(r, l)).value));
    lines.push(
      `m = ${w}: α = ${fmt(f1.slope)}, t₁/t₁^derived = ${fmt(mean(ratio), 4)}, duration slopes ` +
        `(l = 2, 3) ${dur.join(", ")}, cumulative slopes (l = 1, 2, 3) ${cum.join(", ")}`,
    );
  }
  return { values, detail: `over ε ∈ [${WINDOW.lo}, ${WINDOW.hi}] (worst m shown in the checks): ${lines.join("; ")}` };
}

/** P4-C4's measurement: slopes of max|a| and rms s at t_l against ε over the window, per m (worst shown). */
function measureC4(all: RunRecord[]): Measurement {
  const runs = all.filter((r) => inWindow(epsOf(r)));
  if (runs.length < 3) return { inconclusive: "fewer than 3 runs in the asymptotic window" };
  const values: Record<string, Measured> = {};
  const lines: string[] = [];
  for (const w of widths(runs)) {
    const sub = runs.filter((r) => mOf(r) === w);
    for (const l of DEGREES) {
      const a = slopeOverSeeds(sub, (r) => valueAt(ode(r).t, ode(r).maxAbsA, phaseTime(r, l)));
      const s = slopeOverSeeds(sub, (r) => valueAt(ode(r).t, ode(r).rmsS, phaseTime(r, l)));
      lines.push(`m = ${w}, l = ${l}: ${fmt(a.value)}, ${fmt(s.value)}`);
      // The check keeps the value farthest on the wrong side (largest a-slope, smallest s-slope).
      if (!values[`a${l}`] || a.value > values[`a${l}`].value) values[`a${l}`] = a;
      if (!values[`s${l}`] || s.value < values[`s${l}`].value) values[`s${l}`] = s;
    }
  }
  return { values, detail: `slopes (max|a|, rms s) at t_l: ${lines.join("; ")}` };
}

/** Common time grid for the SGD–flow comparison (t = T·j/20). */
const gapTimes = Array.from({ length: 20 }, (_, j) => (SGD_T * (j + 1)) / 20);

/** Seed-mean R_SGD(t) − R_flow(t) / mean R(0) on `gapTimes`, for one d and ηd; null if runs are missing. */
function signedGap(results: Results, sgdExp: string, flowExp: string, d: number, etaD: number): number[] | null {
  const runs = at(results, sgdExp).filter((r) => r.point.d === d && r.point.etaD === etaD);
  const flows = at(results, flowExp).filter((f) => flowExp === "sgd_flow_cold" || f.point.d === d);
  const pairs = runs.map((r) => [r, flows.find((f) => f.point.seed === r.point.seed)] as const)
    .filter((p): p is readonly [RunRecord, RunRecord] => p[1] !== undefined);
  if (pairs.length === 0) return null;
  const R0 = mean(pairs.map(([s]) => sgd(s).R0));
  return gapTimes.map((t) =>
    mean(pairs.map(([s, f]) => valueAt(sgd(s).t, sgd(s).risk, t) - valueAt(ode(f).t, ode(f).risk, t))) / R0
  );
}
const supAbs = (xs: number[]) => Math.max(...xs.map(Math.abs));

/** P4-C5: the gap at the smallest step, its step → 0 extrapolation per d, and that residual's d-dependence. */
function measureC5(results: Results, profile: "ci" | "full", flowExp: string): Measurement {
  const ds = SGD_D[profile];
  const rows: string[] = [];
  const gap0: number[] = [], gapSmall: number[] = [];
  for (const d of ds) {
    const curves = ETA_D.map((e) => signedGap(results, "sgd", flowExp, d, e));
    if (curves.some((c) => c === null)) return { inconclusive: `missing SGD or flow runs at d = ${d}` };
    // Pointwise linear extrapolation in ηd to 0 (the step error is first order in ηd), then sup over t.
    const zero = gapTimes.map((_, j) => fitLine(ETA_D, curves.map((c) => c![j])).intercept);
    gap0.push(supAbs(zero));
    gapSmall.push(supAbs(curves[curves.length - 1]!));
    const old = signedGap(results, "sgd_small_step", flowExp, d, ETA_D_SMALL);
    rows.push(
      `d = ${d}: ` + ETA_D.map((e, i) => `ηd ${e}: ${fmt(supAbs(curves[i]!))}`).join(", ") +
        (old ? `, ηd ${ETA_D_SMALL}: ${fmt(supAbs(old))}` : "") + `, extrapolated to 0: ${fmt(supAbs(zero))}`,
    );
  }
  const fd = fitLogLog(ds, gap0);
  return {
    values: {
      gapStep: m(Math.max(...gapSmall), { count: ds.length }),
      gapZero: m(Math.max(...gap0), { count: ds.length }),
      dSlope: m(fd.slope, { spread: fd.slopeCi95, spreadKind: "ci95", count: fd.count }),
    },
    detail: rows.join("; "),
  };
}

const claims: Claim[] = [
  {
    id: "P4-C1",
    statement: "Plateaus alternate with rapid decreases of the risk, on separated time-scales.",
    source: "[paper]",
    where: "abstract",
    prediction: "at small ε the risk against log t shows one descent per Hermite component (three here), separated " +
      "by plateaus, and t₂/t₁ large",
    regime: `mean-field ODE at ε = ${EPS_C1} (declared from the theory: predicted ratios ε^{−1/4} ≈ 3·10³, ` +
      "ε^{−1/12} ≈ 15), aᵢ(0) ~ N(0, 1), sᵢ(0) = 0, φ = (0, 1, 0.75, 0.5), σ = (0, 1, 1, 1), every m of the profile",
    uses: ["eps_sweep"],
    checks: {
      descents: {
        label: "descents of R(t) (stage detector on log t), min over runs",
        band: { lo: 3 },
        bandWhy: "one descent per Hermite component of φ (degrees 1, 2, 3); the detector's settings are paper 1's",
      },
      separation: {
        label: `start of 2nd descent / start of 1st (risk curve) at ε = ${EPS_C1}, min over runs`,
        band: { lo: 10 },
        bandWhy: "≈ t₂/t₁, predicted ∝ ε^{−1/4}/ln(1/ε) ≈ 10² at ε = 1e-14 up to O(1) constants; an order of " +
          "magnitude asked. Disclosure: this separation is read from the risk curve's own descents, a measurement " +
          "changed after the data were seen (the earlier one, t₂/t₁ from the overlaps, had no value on the control)",
      },
    },
    control: {
      regime: `φ = h₁ only (no quadratic or cubic component), same ε and start: one phase to learn`,
      uses: ["linear_only"],
      measure: (results) => measureC1(doneRuns(results, "linear_only")),
    },
    measure: (results) => measureC1(doneRuns(results, "eps_sweep").filter((r) => epsOf(r) === EPS_C1)),
  },
  {
    id: "P4-C2",
    statement: "Hermite components are learnt in order of degree, and the phases separate as ε → 0.",
    source: "[notes]",
    prediction: "t₁ < t₂ < t₃ wherever the predicted t₃/t₂ ∝ ε^{−1/12} is large, and t₃/t₁ grows as ε shrinks " +
      "(t_k: first |φ_k − σ_k M_k| < ½|φ_k|)",
    regime: `mean-field ODE, ε ∈ [${WINDOW.lo}, ${WINDOW.hi}] (predicted t₃/t₂ ≥ 6.8, > 30 output intervals), ` +
      "aᵢ(0) ~ N(0, 1), sᵢ(0) = 0, 5 seeds, every m of the profile",
    uses: ["eps_sweep"],
    checks: {
      ordered: {
        label: "fraction of runs in the window with t₁ < t₂ < t₃",
        band: { lo: 1 },
        bandWhy: "the claim is an order for every run; the window is where t₃/t₂ is predicted ≫ the output grid",
      },
      ratioSlope: {
        label: "d ln(t₃/t₁)/d ln ε over the window (largest over m)",
        band: { hi: -1 / 6 },
        bandWhy: "predicted ⅙ − ½ = −⅓; at least half of it asked (t₁'s log factor adds ≤ +0.03 here, the finite-m " +
          "shift of t₃ is not predicted)",
      },
    },
    control: {
      regime: "warm start: sᵢ(0) = ⟨uᵢ, e₁⟩ on the circle (O(1) overlaps, no escape from s ≈ 0)",
      uses: ["warm_start"],
      measure: (results) => measureC2(doneRuns(results, "warm_start")),
    },
    measure: (results) => measureC2(doneRuns(results, "eps_sweep")),
  },
  {
    id: "P4-C3",
    statement: "Component l is learnt at t_l ≍ ε^{1/(2l)}; for l = 1 with a logarithmic factor.",
    source: "[notes] exponents; [derived] t₁'s log correction",
    prediction: "t₁ = (√ε/(2σ₁φ₁))·[½ ln(1/ε) + ln(4φ₁/(σ₁A))] [derived, linearised degree-1 dynamics]; the " +
      "durations t_l − t_{l−1} ∝ ε^{1/(2l)} for l = 2, 3 (¼, ⅙)",
    regime: `mean-field ODE over the declared window ε ∈ [${WINDOW.lo}, ${WINDOW.hi}], aᵢ(0) ~ N(0, 1), ` +
      "sᵢ(0) = 0, 5 seeds pooled, every m of the profile (the check shows the m farthest from the prediction)",
    uses: ["eps_sweep"],
    checks: {
      alpha1: {
        label: "α in t₁/√ε = α ln(1/ε) + β",
        band: { lo: 0.225, hi: 0.275 },
        bandWhy: "derived α = 1/(4σ₁φ₁) = ¼; ±10 % for the O(ε^{1/4}) higher-degree terms the linearisation drops",
      },
      t1ratio: {
        label: "mean t₁ / t₁^derived (A = a0²)",
        band: { lo: 0.97, hi: 1.03 },
        bandWhy: "derived ratio 1; ±3 % for A's draw ((1/m)Σaᵢ(0)² vs a0², sd √(2/m) ≈ 14 % at m = 100 enters " +
          "through ln(4/A)/ln(…) ≈ 1/8 of it) and the log-interpolated crossing",
      },
      dur2: {
        label: "d ln(t₂ − t₁)/d ln ε",
        band: { lo: 0.2, hi: 0.3 },
        bandWhy: "predicted ¼; ±0.05 (the notes' tolerance, CLAIMS.md)",
      },
      dur3: {
        label: "d ln(t₃ − t₂)/d ln ε",
        band: { lo: 1 / 6 - 0.05, hi: 1 / 6 + 0.05 },
        bandWhy: "predicted ⅙; ±0.05 (the notes' tolerance, CLAIMS.md)",
      },
    },
    control: {
      regime: "warm start: sᵢ(0) = ⟨uᵢ, e₁⟩ on the circle (O(1) overlaps): nothing to escape from",
      uses: ["warm_start"],
      measure: (results) => measureC3(doneRuns(results, "warm_start")),
    },
    measure: (results) => measureC3(doneRuns(results, "eps_sweep")),
  },
  {
    id: "P4-C4",
    statement: "Small alignment, large second layer: as ε → 0, max|aᵢ| grows and rms sᵢ shrinks at each phase's " +
      "time t_l (half of component l learnt).",
    source: "[notes]; [derived] the l = 1 exponents",
    prediction: "at t₁: max|a| ∝ ε^{−1/4}, rms s ∝ ε^{1/4} [derived: aᵢ = aᵢ(0) cosh, sᵢ = √ε aᵢ(0) sinh, " +
      "sinh(2λt₁) ∝ ε^{−1/2}]; at t₂, t₃: d ln max|a|/d ln ε < 0 and d ln rms s/d ln ε > 0 [notes]",
    regime: `mean-field ODE over ε ∈ [${WINDOW.lo}, ${WINDOW.hi}], aᵢ(0) ~ N(0, 1), sᵢ(0) = 0, 5 seeds pooled, ` +
      "every m of the profile (worst m shown)",
    uses: ["eps_sweep"],
    checks: Object.fromEntries(DEGREES.flatMap((l) => [
      [`a${l}`, {
        label: `d ln max|a|(t_${l}) / d ln ε`,
        band: l === 1 ? { lo: -0.3, hi: -0.2 } : { hi: 0 },
        bandWhy: l === 1
          ? "derived −¼; ±0.05 for the log factor in cosh(λt₁) and the extreme-value max over m"
          : "the notes predict growth (negative slope), no exponent",
      }],
      [`s${l}`, {
        label: `d ln rms s(t_${l}) / d ln ε`,
        band: l === 1 ? { lo: 0.2, hi: 0.3 } : { lo: 0 },
        bandWhy: l === 1 ? "derived +¼; ±0.05 as for a" : "the notes predict shrinking (positive slope), no exponent",
      }],
    ])),
    control: {
      regime: "warm start: sᵢ(0) = ⟨uᵢ, e₁⟩ on the circle (O(1) overlaps)",
      uses: ["warm_start"],
      measure: (results) => measureC4(doneRuns(results, "warm_start")),
    },
    measure: (results) => measureC4(doneRuns(results, "eps_sweep")),
  },
  {
    id: "P4-C5",
    statement: "Finite-d online SGD follows the mean-field flow: the gap is the step error plus a finite-d term.",
    source: "[notes]; [derived] the 1/d residual",
    prediction: "sup_t |R̄_SGD − R̄_flow| ≤ 0.05·R(0); extrapolated to ηd → 0 the gap is a finite-d effect: the " +
      "perpendicular overlaps ⟨uᵢ, uⱼ⟩ ~ d^{−1/2} enter the seed-mean risk at second order, so it ∝ 1/d",
    regime: `online SGD, m = ${SGD_M}, ε = ${SGD_EPS}, t ≤ ${SGD_T}, ηd ∈ {${ETA_D.join(", ")}} (and ` +
      `${ETA_D_SMALL} at d ≤ 100), d ∈ {50, 100} (ci) or {50, 100, 200, 400} (full), 5 seeds (each seed draws ` +
      "init and samples); the flow is the d = ∞ ODE of the same m particles with their self-interaction " +
      "(aᵢ² U(1), a 1/m term the mean-field ODE drops) from each run's own start. Band and steps declared before " +
      "looking. The paper's m = 500 is reduced to 50 to afford d = 400 on CPU",
    uses: ["sgd", "sgd_small_step", "sgd_flow"],
    expect: "open",
    expectWhy: "measured to fail: the gap is not linear in the step over the declared steps (the largest step's " +
      "gap is several times the others') and with 5 seeds the seed-mean SGD risk is noisy, so the linear " +
      "extrapolation to ηd → 0 and its d-dependence fall outside their bands (see the per-step gaps in the " +
      "detail). Steps and bands were declared before looking; reported as FAIL, does not fail `verify`.",
    checks: {
      gapStep: {
        label: `sup_t |R̄_SGD − R̄_flow| / R(0) at ηd = ${ETA_D[ETA_D.length - 1]}, max over d`,
        band: { hi: 0.05 },
        bandWhy: "the claim's tolerance (CLAIMS.md), at the smallest declared step",
      },
      gapZero: {
        label: "the same, extrapolated linearly in ηd to 0, max over d",
        band: { hi: 0.05 },
        bandWhy: "the claim's tolerance; what is left at ηd → 0 is the finite-d term",
      },
      dSlope: {
        label: "d ln(gap at ηd → 0) / d ln d",
        band: { lo: -1.5, hi: -0.4 },
        bandWhy: "derived −1 for the second-order bias; the first-order seed noise (5 seeds) scales as d^{−1/2}: " +
          "the band holds both and excludes a d-independent residual (slope 0)",
      },
    },
    control: {
      regime: "the same SGD runs against the flow from sᵢ(0) = 0 (ignoring the initial overlaps ~ d^{−1/2})",
      uses: ["sgd", "sgd_flow_cold"],
      measure: (results, profile) => measureC5(results, profile, "sgd_flow_cold"),
    },
    measure: (results, profile) => measureC5(results, profile, "sgd_flow"),
  },
  {
    id: "P4-C6",
    statement: "Nothing is learnt without a linear component: with φ₀ = φ₁ = 0 and s(0) = 0, s stays 0. In the " +
      "mean-field ODE this is an identity (r₁ = 0 at s = 0), so the checks guard the implementation; the " +
      "finite-d escape from s ~ 1/√d is not tested here.",
    source: "[notes] + [derived] identity",
    kind: "sanity",
    prediction: "sᵢ(t) = 0 exactly (ṡᵢ = aᵢ r₁ = 0 at s = 0), so the errors of degrees ≥ 2 never change",
    regime: "mean-field ODE, φ = (0, 0, 0.75, 0.5), σ = (0.5, 1, 1, 1), aᵢ(0) ~ N(0, 1), t ≤ 100, small and " +
      "large ε",
    uses: ["no_linear"],
    checks: {
      maxS: { label: "max_t max_i |sᵢ(t)|", band: { hi: 0 }, bandWhy: "an identity: exactly 0 in floating point" },
      learnt: {
        label: "max_{k≥2} |e_k(T) − e_k(0)|",
        band: { hi: 0 },
        bandWhy: "an identity: M_k = (1/m)Σ aᵢ·0^k = 0 for k ≥ 1",
      },
      moved: {
        label: "|e₀(T) − e₀(0)| (the second layer does move)",
        band: { lo: 1e-3 },
        bandWhy: "e₀ relaxes to 0 from O(σ₀·mean a) on time ε; 1e-3 is far below its start",
      },
    },
    measure(results) {
      const runs = at(results, "no_linear");
      if (runs.length === 0) return { inconclusive: "no runs" };
      const maxS = Math.max(...runs.map((r) => Math.max(...ode(r).maxAbsS)));
      const change = (r: RunRecord, k: number) => {
        const e = ode(r).errors[String(k)];
        return Math.abs(e[e.length - 1] - e[0]);
      };
      return {
        values: {
          maxS: m(maxS, { count: runs.length }),
          learnt: m(Math.max(...runs.flatMap((r) => [change(r, 2), change(r, 3)])), { count: runs.length }),
          moved: m(Math.min(...runs.map((r) => change(r, 0))), { count: runs.length }),
        },
      };
    },
  },
];

// ---- figures ----

const epsLabel = (e: number) => `ε = ${e.toExponential(0)}`;

const figures: Figure[] = [
  {
    id: "risk_components",
    title: "Risk and Hermite component errors against time",
    caption: "Mean-field ODE, m = 100, seed 0, aᵢ(0) ~ N(0, 1), sᵢ(0) = 0, one curve per ε. Panels: the risk R and " +
      "the errors |φ_k − σ_k M_k| of degrees 1–3; each degree drops on its own time-scale.",
    uses: ["eps_sweep"],
    spec: (results) => {
      const runs = doneRuns(results, "eps_sweep").filter((r) =>
        r.point.seed === 0 && mOf(r) === 100 && [1e-14, 1e-12, 1e-10, 1e-8, 1e-6].includes(epsOf(r))
      );
      const values = runs.flatMap((run) => {
        const o = ode(run), series = epsLabel(epsOf(run));
        const panels: [string, number[]][] = [
          ["risk R", o.risk],
          ...DEGREES.map((l) => [`|e_${l}|`, o.errors[String(l)].map(Math.abs)] as [string, number[]]),
        ];
        return panels.flatMap(([panel, ys]) =>
          o.t.flatMap((t, i) => (t >= 1e-9 && ys[i] > 1e-12 && i % 2 === 0 ? [{ t, value: ys[i], series, panel }] : []))
        );
      });
      return {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        title: "Mean-field ODE: risk and component errors",
        data: { values },
        facet: { field: "panel", type: "nominal", title: null, sort: ["risk R", "|e_1|", "|e_2|", "|e_3|"] },
        columns: 2,
        spec: {
          width: 260,
          height: 180,
          mark: { type: "line", strokeWidth: 1.5, clip: true },
          encoding: {
            x: { field: "t", type: "quantitative", scale: { type: "log" }, title: "time t" },
            y: { field: "value", type: "quantitative", scale: { type: "log" }, title: null },
            color: { field: "series", type: "nominal", title: "time-scale ratio" },
          },
        },
      };
    },
  },
  {
    id: "local_slopes",
    title: "Local exponents d ln tₗ / d ln ε against ε",
    caption: "Slope of the seed-mean ln t_l (solid) and of the phase duration ln(t_l − t_{l−1}) (dotted) against " +
      "ln ε, least squares over a sliding decade (8 points per decade). Dashed grey: the predicted asymptotes " +
      "1/(2l); dash-dot: the local slope of the derived t₁ with its log factor. Shaded: the declared window.",
    uses: ["eps_sweep"],
    spec: (results) => {
      const runs = doneRuns(results, "eps_sweep");
      const values: JsonObject[] = [];
      for (const w of widths(runs)) {
        const sub = runs.filter((r) => mOf(r) === w), panel = `m = ${w}`;
        for (const l of DEGREES) {
          const degree = `degree ${l}`;
          const cum = seedMeanLn(sub, (r) => phaseTime(r, l));
          for (const p of localSlopes(cum.eps, cum.lnY)) {
            values.push({ eps: p.eps, slope: p.slope, degree, panel, kind: "tₗ" });
          }
          if (l > 1) {
            const dur = seedMeanLn(sub, (r) => phaseDuration(r, l));
            for (const p of localSlopes(dur.eps, dur.lnY)) {
              values.push({ eps: p.eps, slope: p.slope, degree, panel, kind: "tₗ − tₗ₋₁" });
            }
          }
          for (const e of [1e-14, 1e-6]) {
            values.push({ eps: e, slope: 1 / (2 * l), degree, panel, kind: "1/(2l), predicted" });
          }
        }
        const grid = seedMeanLn(sub, (r) => phaseTime(r, 1)).eps;
        const lnDerived = grid.map((e) => Math.log(initialPhaseTime(e, PRIMARY_A ** 2)));
        for (const p of localSlopes(grid, lnDerived)) {
          values.push({ eps: p.eps, slope: p.slope, degree: "degree 1", panel, kind: "t₁, derived" });
        }
        values.push({ eps: WINDOW.lo, eps2: WINDOW.hi, panel, kind: "window" });
      }
      const x: JsonObject = { field: "eps", type: "quantitative", scale: { type: "log" }, title: "ε" };
      const y: JsonObject = {
        field: "slope",
        type: "quantitative",
        title: "d ln t / d ln ε",
        scale: { domain: [-0.3, 0.7] },
      };
      const color: JsonObject = { field: "degree", type: "nominal", title: "component" };
      const dash: JsonObject = {
        field: "kind",
        type: "nominal",
        title: "curve",
        scale: {
          domain: ["tₗ", "tₗ − tₗ₋₁", "1/(2l), predicted", "t₁, derived"],
          range: [[1, 0], [2, 2], [6, 4], [8, 3, 2, 3]],
        },
      };
      return {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        title: "Local exponents of the phase times",
        data: { values },
        facet: { field: "panel", type: "nominal", title: null, sort: widths(runs).map((w) => `m = ${w}`) },
        spec: {
          width: 240,
          height: 220,
          layer: <JsonObject[]> [
            {
              transform: [{ filter: "datum.kind === 'window'" }],
              mark: { type: "rect", color: "#ddd", opacity: 0.5 },
              encoding: { x, x2: { field: "eps2" } },
            },
            {
              transform: [{ filter: "datum.kind !== 'window'" }],
              mark: { type: "line", strokeWidth: 1.4, clip: true },
              encoding: { x, y, color, detail: { field: "kind", type: "nominal" }, strokeDash: dash },
            },
          ],
        },
      };
    },
  },
  {
    id: "phase_times",
    title: "Phase times t_l against ε",
    caption: "Points: t_l of each run (5 seeds), one panel per width m. Dashed: slope 1/(2l) through the window's " +
      "centre; dotted (degree 1): the derived t₁ with its log factor.",
    uses: ["eps_sweep"],
    spec: (results) => {
      const runs = doneRuns(results, "eps_sweep");
      const values: JsonObject[] = [];
      for (const w of widths(runs)) {
        const sub = runs.filter((r) => mOf(r) === w), panel = `m = ${w}`;
        for (const l of DEGREES) {
          const degree = `degree ${l}`;
          for (const r of sub) values.push({ eps: epsOf(r), t: phaseTime(r, l), degree, panel, layer: "run" });
          const win = sub.filter((r) => inWindow(epsOf(r)));
          const cx = mean(win.map((r) => Math.log(epsOf(r)))), cy = mean(win.map((r) => Math.log(phaseTime(r, l))));
          for (const e of [1e-14, 1e-6]) {
            values.push({ eps: e, t: Math.exp(cy + (Math.log(e) - cx) / (2 * l)), degree, panel, layer: "1/(2l)" });
          }
        }
        for (const e of epsGrid(2)) {
          values.push({ eps: e, t: initialPhaseTime(e, 1), degree: "degree 1", panel, layer: "t₁ derived" });
        }
      }
      const x: JsonObject = { field: "eps", type: "quantitative", scale: { type: "log" }, title: "ε" };
      const y: JsonObject = { field: "t", type: "quantitative", scale: { type: "log" }, title: "t_l" };
      const color: JsonObject = { field: "degree", type: "nominal", title: "component" };
      return {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        title: "Learning time of each Hermite component",
        facet: { field: "panel", type: "nominal", title: null, sort: widths(runs).map((w) => `m = ${w}`) },
        data: { values },
        spec: {
          width: 240,
          height: 220,
          layer: <JsonObject[]> [
            {
              transform: [{ filter: "datum.layer === 'run'" }],
              mark: { type: "point", filled: true, size: 12, opacity: 0.6 },
              encoding: { x, y, color },
            },
            {
              transform: [{ filter: "datum.layer !== 'run'" }],
              mark: { type: "line", strokeWidth: 1.2 },
              encoding: {
                x,
                y,
                color,
                detail: { field: "layer", type: "nominal" },
                strokeDash: {
                  field: "layer",
                  type: "nominal",
                  title: "line",
                  scale: { domain: ["1/(2l)", "t₁ derived"], range: [[6, 4], [2, 2]] },
                },
              },
            },
          ],
        },
      };
    },
  },
  {
    id: "sgd_vs_ode",
    title: "Online SGD against the flow of the same particles",
    caption: `Risk against time t = step·η, mean over seeds: online SGD (exact population risk of its weights) at ` +
      `ηd = ${ETA_D[ETA_D.length - 1]} and the d = ∞ flow of the same m = ${SGD_M} particles from the same starts; ` +
      `ε = ${SGD_EPS}.`,
    uses: ["sgd", "sgd_flow"],
    spec: (results) => {
      const values: JsonObject[] = [];
      const small = ETA_D[ETA_D.length - 1];
      for (const d of [...new Set(at(results, "sgd").map((r) => r.point.d as number))].sort((a, b) => a - b)) {
        const runs = at(results, "sgd").filter((r) => r.point.d === d && r.point.etaD === small);
        const flows = at(results, "sgd_flow").filter((r) => r.point.d === d);
        if (runs.length === 0 || flows.length === 0) continue;
        sgd(runs[0]).t.forEach((t, i) => {
          if (t <= 0) return;
          values.push({ t, risk: mean(runs.map((r) => sgd(r).risk[i])), series: `SGD, d = ${d}` });
          values.push({ t, risk: mean(flows.map((f) => valueAt(ode(f).t, ode(f).risk, t))), series: `flow, d = ${d}` });
        });
      }
      return lineChart({
        title: "Finite-d SGD against the flow",
        values,
        x: "t",
        y: "risk",
        color: "series",
        logX: true,
        logY: true,
        xTitle: "time t",
        yTitle: "risk",
      });
    },
  },
];

function notes(results: Results): string {
  const runs = doneRuns(results, "eps_sweep");
  const rows: string[] = [];
  for (const w of widths(runs)) {
    const sub = runs.filter((r) => mOf(r) === w);
    for (const l of DEGREES) {
      const cum = seedMeanLn(sub, (r) => phaseTime(r, l));
      const loc = localSlopes(cum.eps, cum.lnY);
      const dur = l > 1
        ? localSlopes(...Object.values(seedMeanLn(sub, (r) => phaseDuration(r, l))) as [
          number[],
          number[],
        ])
        : [];
      const pick = (xs: { eps: number; slope: number }[], e: number) =>
        fmt(xs.find((p) => Math.abs(Math.log10(p.eps / e)) < 0.01)?.slope ?? NaN);
      rows.push(
        `| ${w} | ${l} | ${fmt(1 / (2 * l))} | ${[1e-13, 1e-11, 1e-9, 1e-7].map((e) => pick(loc, e)).join(" | ")} | ` +
          `${l > 1 ? [1e-13, 1e-11, 1e-9].map((e) => pick(dur, e)).join(", ") : "—"} |`,
      );
    }
  }
  const all = at(results, "eps_sweep");
  const steps = all.map((r) => (r.result as JsonObject).accepted as number);
  return [
    "**Local exponents** d ln t_l / d ln ε (seed-mean, least squares over one decade centred at ε):",
    "",
    "| m | l | predicted | ε = 1e-13 | 1e-11 | 1e-9 | 1e-7 | duration t_l − t_{l−1} at 1e-13, 1e-11, 1e-9 |",
    "|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    "**Choices.** σ = h₁ + h₂ + h₃ and φ = h₁ + 0.75 h₂ + 0.5 h₃ (normalised Hermite h_k = He_k/√k!); " +
    "sᵢ(0) = 0 (the d → ∞ start), aᵢ(0) ~ N(0, a0²) i.i.d. The window ε ∈ [1e-14, 1e-10] is declared from the " +
    "predicted ratios, not from the data. The paper's limit takes m → ∞ before ε → 0; we run m ≤ 1600. " +
    "Integrator: Rosenbrock ode23s (L-stable, step control, rtol 1e-5, atol 1e-12; phase times agree with rtol " +
    `1e-8 to 1e-4 relative at ε = 1e-14) with a Woodbury solve; ${all.length} runs took ` +
    `${Math.round(mean(steps))} accepted steps on average. The ODE is the population flow: its only draw is the ` +
    "initialisation (spreads are over init seeds; data component 0). In the SGD runs one seed draws both the " +
    "initialisation and the samples.",
  ].join("\n");
}

/** Paper 4, declared. */
export const berthier2023: Paper = {
  id: "berthier2023",
  title: "Learning time-scales in two-layers neural networks",
  authors: "Raphaël Berthier, Andrea Montanari, Kangjie Zhou",
  year: 2023,
  arxiv: "2303.00055",
  summary: "Two-layer network f(x) = (1/m) Σᵢ aᵢ σ(⟨uᵢ, x⟩), uᵢ on the unit sphere, x ~ N(0, I_d), single-index " +
    "target y = φ(⟨w*, x⟩); gradient flow with the second layer faster by 1/ε. As d, m → ∞ the overlaps " +
    "sᵢ = ⟨uᵢ, w*⟩ and weights aᵢ follow a d-independent particle ODE driven by the Hermite coefficients φ_k, σ_k " +
    "(risk ½ Σ_k (φ_k − σ_k M_k)², M_k = (1/m) Σ aᵢ sᵢ^k); small ε makes it singularly perturbed, and the " +
    "components are learnt one degree at a time on separated time-scales. Published in Foundations of " +
    "Computational Mathematics (2024).",
  experiments,
  claims,
  figures,
  notes,
};
