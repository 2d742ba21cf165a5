/**
 * Paper 2: Ainsworth, Shin 2020, "Plateau Phenomenon in Gradient Descent Training of ReLU networks: Explanation,
 * Quantification and Avoidance" (arXiv 2007.07213), declared as claims, experiments and figures (CLAIMS.md,
 * P2-C1…C4, and a sanity check P2-S1).
 *
 * @example
 * ```ts
 * import { ainsworth2020 } from "./ainsworth2020_plateau.ts";
 * console.log(ainsworth2020.claims.map((c) => c.id)); // ["P2-C1", "P2-C2", "P2-S1", "P2-C3", "P2-C4"]
 * ```
 * @module
 */
import type { Claim, Experiment, Figure, JsonObject, Measured, Paper, Results, RunRecord } from "../src/core/mod.ts";
import { ratePlateaus, type RateStage } from "../src/analysis/rate_plateaus.ts";
import { groupBy, median, sd, spreadComponents } from "../src/analysis/stats.ts";
import { lineChart, ruleLayer } from "../src/render/charts.ts";
import { type ExitStart, type ReluPlateauResult, reluPlateauResult } from "../src/core/results.ts";

/** Reference setup (CLAIMS.md, paper 2): n = 40 points evenly spaced in [−1, 1], y = sin(πx), N = 8, η = 0.01. */
const reference: JsonObject = { target: "sin_pi", n: 40, d: 1, m: 8 };
const ETA = 0.01;
/** Hysteresis: a kink must pass a data point by 0.005 (≈ 10 % of the data spacing 2/39) to count as a change. */
const MARGIN = 0.005;
/** Linear-time detector: a plateau's per-step rate lies ≥ FACTOR below the descents around it (ours). */
const FACTOR = 10;
/** "Nearby": a crossing within ±NEAR × the plateau's length of its exit; the interior is the plateau less NEAR at
 * both ends (ours: the exit's own timing is uncertain by the smoothing window and the hysteresis delay). */
const NEAR = 0.1;

/**
 * A sweep point → a run spec. `data` 0 is the paper's grid; data k > 0 is the grid jittered by up to ¼ spacing
 * (data seed k), a data draw of ours. Init scale s multiplies the reference init (w ~ N(0, s²), b ~ N(0, s²/4),
 * c ~ N(0, s²/N)). With `flow` set (regimes), the step is η = 0.01/max(1, s) and the run lasts `flow`/η steps, so
 * every cell gets the same gradient-flow time; the pattern is tracked every 0.01 time units.
 */
function derive({ scale, data, flow, ...rest }: JsonObject): JsonObject {
  const s = (scale ?? 1) as number, m = rest.m as number, k = data as number;
  const lr = flow === undefined ? ETA : ETA / Math.max(1, s);
  return {
    ...rest,
    inputs: k === 0 ? "grid1d" : "grid1d_jitter",
    dataSeed: k,
    initScaleA: s / Math.sqrt(m),
    initScaleW: s,
    initScaleB: s / 2,
    lr,
    ...(flow === undefined ? {} : { steps: Math.round((flow as number) / lr), trackEvery: Math.round(ETA / lr) }),
    margin: MARGIN,
  };
}

const seeds = (k: number) => Array.from({ length: k }, (_, i) => i);

const experiments: Experiment[] = [
  {
    id: "gd_runs",
    description: "the reference setup, long float64 GD with the pattern tracked at every step, settled until stable; " +
      "GD and ANLS from GD plateau states",
    task: "relu_plateau",
    base: { ...reference, exit: true, linear: 1500 },
    profiles: {
      ci: { set: { steps: 300000, settle: 300000 }, sweep: { seed: seeds(3), data: [0, 1] } },
      // The paper ran "up to 3·10⁵ steps" (CLAIMS.md); full runs 10⁶ (and up to 10⁶ more to settle), 3 × 3 draws.
      full: { set: { steps: 1000000, settle: 1000000 }, sweep: { seed: seeds(3), data: [0, 1, 2] } },
    },
    derive,
  },
  {
    id: "regimes",
    description: "width N ∈ {8, 64} × init scale ∈ {0.1, 1, 10} at a fixed gradient-flow time per cell",
    task: "relu_plateau",
    base: { ...reference, polish: false, recordCounts: false, linear: 1000 },
    profiles: {
      ci: { set: { flow: 300 }, sweep: { m: [8, 64], scale: [0.1, 1, 10], seed: seeds(2), data: [0, 1] } },
      full: { set: { flow: 1000 }, sweep: { m: [8, 64], scale: [0.1, 1, 10], seed: seeds(2), data: [0, 1] } },
    },
    derive,
  },
];

// ---- measurements (pure functions of cached runs) ----

const at = (results: Results, exp: string) => results[exp] ?? [];
const res = (run: RunRecord): ReluPlateauResult => reluPlateauResult(run);
/**
 * Rates below FLAT / run length count as flat: a loss falling by less than 1 % over the whole run (ours). Below it,
 * a converged run's rate is chatter of kinks sitting on data points (it even changes sign), not a plateau.
 */
const FLAT = 0.01;
const stagesOf = (run: RunRecord): RateStage[] =>
  ratePlateaus(res(run).step, res(run).loss, { factor: FACTOR, floor: FLAT / res(run).lastStep });

/** How plateaus (linear-time detector) and pattern changes line up in one run (P2-C1), given its crossings. */
interface Coincidence {
  exits: number;
  matched: number;
  plateaus: number;
  noisy: number;
  /** Crossings per 10⁴ steps in plateau interiors and in descents (NaN: empty span). */
  rateIn: number;
  rateOut: number;
}

type Interval = [number, number];
/** Crossings per 10⁴ steps over a set of intervals; NaN when their total length is 0. */
const rate = (changes: number[], spans: Interval[]) => {
  const len = spans.reduce((t, [lo, hi]) => t + Math.max(0, hi - lo), 0);
  const count = changes.filter((c) => spans.some(([lo, hi]) => c > lo && c < hi)).length;
  return len > 0 ? (1e4 * count) / len : NaN;
};

/** The coincidence of `stages` (one run's loss curve) with `changes` (crossing steps, possibly another run's). */
function coincidence(stages: RateStage[], changes: number[]): Coincidence {
  const plateaus = stages.filter((s) => s.kind === "plateau" && s.start >= 1);
  const tol = (p: RateStage) => NEAR * (p.end - p.start);
  const exits = plateaus.filter((p) => p.exit);
  const inner: Interval[] = plateaus.map((p) => [p.start + tol(p), p.end - tol(p)]);
  return {
    exits: exits.length,
    matched: exits.filter((p) => changes.some((c) => Math.abs(c - p.end) <= tol(p))).length,
    plateaus: plateaus.length,
    noisy: inner.filter(([lo, hi]) => changes.some((c) => c > lo && c < hi)).length,
    rateIn: rate(changes, inner),
    rateOut: rate(changes, stages.filter((s) => s.kind === "descent").map((s) => [s.start, s.end])),
  };
}

const changesOf = (run: RunRecord) => [...new Set(res(run).changeStep)];

/** The median of the finite values (NaN if none). */
const finiteMedian = (xs: number[]) => {
  const ok = xs.filter(Number.isFinite);
  return ok.length ? median(ok) : NaN;
};

/** Summed counts over runs; `pair` gives the run whose crossings are read against each run's curve. */
function coincidenceSum(runs: RunRecord[], pair: (run: RunRecord) => RunRecord | undefined) {
  const cs = runs.flatMap((r) => {
    const other = pair(r);
    return other ? [coincidence(stagesOf(r), changesOf(other))] : [];
  });
  const sum = (f: (c: Coincidence) => number) => cs.reduce((s, c) => s + f(c), 0);
  return {
    runs: cs.length,
    exits: sum((c) => c.exits),
    matched: sum((c) => c.matched),
    plateaus: sum((c) => c.plateaus),
    noisy: sum((c) => c.noisy),
    rateIn: finiteMedian(cs.map((c) => c.rateIn)),
    rateOut: finiteMedian(cs.map((c) => c.rateOut)),
  };
}
type CoincidenceSum = ReturnType<typeof coincidenceSum>;

/** The run's own crossings. */
const own = (r: RunRecord) => r;
/**
 * The control's pairing: the crossings of the next init seed in the same cell and data draw, so the crossings are
 * real GD crossings of this setup but not caused by (or causing) this curve's plateaus.
 */
const shifted = (runs: RunRecord[]) => (r: RunRecord) => {
  const cell = runs.filter((q) =>
    q.point.data === r.point.data && q.point.m === r.point.m && q.point.scale === r.point.scale
  ).sort((a, b) => (a.point.seed as number) - (b.point.seed as number));
  if (cell.length < 2) return undefined;
  return cell[(cell.indexOf(r) + 1) % cell.length];
};

/** Runs whose stored crossings were truncated (`maxChanges`): the coincidence cannot be read from them. */
const truncated = (runs: RunRecord[]) => runs.filter((r) => res(r).changesTotal > res(r).changeStep.length);

const rateText = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "–");

/** P2-C1's two checks from summed counts; spread components from the per-run fractions (init seed, data draw). */
function coincidenceValues(c: CoincidenceSum, runs: RunRecord[], pair: (r: RunRecord) => RunRecord | undefined) {
  const per = runs.flatMap((r) => {
    const other = pair(r);
    return other ? [{ run: r, c: coincidence(stagesOf(r), changesOf(other)) }] : [];
  });
  const parts = (f: (c: Coincidence) => number, ok: (c: Coincidence) => boolean) => {
    const draws = per.filter((p) => ok(p.c)).map((p) => ({
      value: f(p.c),
      init: p.run.point.seed as number,
      data: p.run.point.data as number,
    }));
    const k = spreadComponents(draws);
    return { spread: k.total, spreadKind: "sd" as const, components: { init: k.init, data: k.data } };
  };
  return {
    exitsMatched: {
      value: c.exits ? c.matched / c.exits : NaN,
      count: c.exits,
      ...parts((x) => x.matched / x.exits, (x) => x.exits > 0),
    },
    quietPlateaus: {
      value: c.plateaus ? (c.plateaus - c.noisy) / c.plateaus : NaN,
      count: c.plateaus,
      ...parts((x) => (x.plateaus - x.noisy) / x.plateaus, (x) => x.plateaus > 0),
    },
  };
}

const coincidenceText = (c: CoincidenceSum) =>
  `${c.matched}/${c.exits} plateau exits with a crossing within ±${NEAR} × the plateau's length; ` +
  `${c.noisy}/${c.plateaus} plateaus with a crossing inside (interior trimmed by ${NEAR} × its length at both ` +
  `ends); median crossings per 10⁴ steps ${rateText(c.rateIn)} in plateau interiors vs ${rateText(c.rateOut)} ` +
  `in descents (${c.runs} runs)`;

/** P2-C1's measurement with a pairing of curves and crossings. */
function coincidenceMeasure(runs: RunRecord[], pair: (r: RunRecord) => RunRecord | undefined, cells = false) {
  if (runs.length === 0) return { inconclusive: "no runs" };
  const cut = truncated(runs);
  if (cut.length) return { inconclusive: `${cut.length} run(s) stored only part of their crossings (maxChanges)` };
  const all = coincidenceSum(runs, pair);
  if (all.runs === 0) return { inconclusive: "no run to pair with another seed of its cell" };
  if (all.exits === 0 || all.plateaus === 0) {
    return { inconclusive: `no plateau exit detected (${all.plateaus} plateaus in ${all.runs} runs)` };
  }
  const per = cells
    ? [...groupBy(runs, (r) => `N = ${r.point.m}, s = ${r.point.scale}`).entries()].map(([label, rs]) => {
      const c = coincidenceSum(rs, pair);
      return `${label}: exits ${c.matched}/${c.exits}, noisy plateaus ${c.noisy}/${c.plateaus}, crossings/10⁴ ` +
        `steps ${rateText(c.rateIn)} in vs ${rateText(c.rateOut)} out`;
    }).join("; ")
    : "";
  return {
    values: coincidenceValues(all, runs, pair),
    detail: coincidenceText(all) + (per ? `. Per cell: ${per}` : ""),
  };
}

const coincidenceChecks = (scope: string) => ({
  exitsMatched: {
    label: `fraction of plateau exits with a crossing within ±${NEAR} × the plateau's length${scope}`,
    band: { lo: 1 },
    bandWhy: "the paper: a plateau ends when the pattern changes, so every exit has a crossing near it (1); " +
      `“near” is ±${NEAR} × the plateau's length (ours), wider than the detector's smoothing window and the ` +
      "hysteresis delay; no tolerance on the count: one exit without a crossing contradicts “every”",
  },
  quietPlateaus: {
    label: `fraction of plateaus with no crossing in their interior${scope}`,
    band: { lo: 1 },
    bandWhy: "the paper: the pattern is constant during a plateau, so no plateau has a crossing inside (1); the " +
      `interior leaves out ${NEAR} × the plateau's length at each end, where its own entry and exit crossings lie`,
  },
});

/** Per-run values with their draws, as `Measured` with the init / data components. */
function measured(vals: { value: number; run: RunRecord }[]): Measured {
  const v = vals.map((x) => x.value);
  const c = spreadComponents(
    vals.map((x) => ({ value: x.value, init: x.run.point.seed as number, data: x.run.point.data as number })),
  );
  return {
    value: median(v),
    spread: sd(v),
    spreadKind: "sd",
    count: v.length,
    components: { init: c.init, data: c.data },
  };
}

const g3 = (x: number) => (Number.isFinite(x) ? x.toPrecision(3) : String(x));

/** P2-C2 on a set of states: gap to the kink-constrained least squares, stationarity over free neurons. */
function lsMeasure(
  states: { run: RunRecord; s: { loss: number; klsLoss: number; statFree: number; pinned: number } }[],
) {
  const gap = states.map(({ run, s }) => ({ run, value: (s.loss - s.klsLoss) / s.klsLoss }));
  const stat = states.map(({ run, s }) => ({ run, value: s.statFree }));
  return { gap: measured(gap), stationarity: measured(stat) };
}

/** P2-C3's ratios from a set of starts. */
function exitRatios(starts: { run: RunRecord; e: ExitStart }[]) {
  const ok = starts.filter(({ e }) => e.anls.reached);
  const it = ok.map(({ run, e }) => ({ run, value: e.gd.iterations / e.anls.iterations }));
  const wall = ok.map(({ run, e }) => ({ run, value: e.gd.ms / e.anls.ms }));
  return { it, wall, missed: starts.length - ok.length };
}

const startText = ({ run, e }: { run: RunRecord; e: ExitStart }) =>
  `seed ${run.point.seed}/data ${run.point.data} ${e.depth < 0 ? "descent" : `depth ${e.depth}`} (step ${e.from}, ` +
  `L ${g3(e.lossFrom)}): GD ${e.gd.iterations}${e.gd.reached ? "" : "+ (censored)"} steps, ${g3(e.gd.ms)} ms; ` +
  `ANLS ${e.anls.iterations}${e.anls.reached ? "" : " (not reached)"} it. (${e.anls.patternMoves} with a pattern ` +
  `change), ${g3(e.anls.ms)} ms`;

/**
 * Whether the plateau the task chose for P2-C3 (with its detector's default floor) is a plateau with an exit for
 * the measurement's detector (flat floor), and the control's start lies in a descent: the task's floor (1e-10 per
 * step) lets a converged run's chatter read as plateaus, which are left out here and counted in the detail.
 */
function exitConfirmed(run: RunRecord): { plateau: boolean; descent: boolean } {
  const x = res(run).exit;
  if (!x?.found || !x.plateau) return { plateau: false, descent: false };
  const mid = (x.plateau[0] + x.plateau[1]) / 2, stages = stagesOf(run);
  const inside = (kind: string, t: number, exit?: boolean) =>
    stages.some((s) => s.kind === kind && s.start <= t && t <= s.end && (exit === undefined || s.exit === exit));
  return {
    plateau: inside("plateau", mid, true),
    descent: x.control !== undefined && inside("descent", x.control.from),
  };
}
const plateauStarts = (runs: RunRecord[]) =>
  runs.flatMap((run) => exitConfirmed(run).plateau ? (res(run).exit?.starts ?? []).map((e) => ({ run, e })) : []);
const descentStarts = (runs: RunRecord[]) =>
  runs.flatMap((run) => (exitConfirmed(run).descent ? [{ run, e: res(run).exit!.control! }] : []));
/** Runs whose chosen plateau (or control descent) the measurement's detector does not confirm. */
const unconfirmedText = (runs: RunRecord[], which: "plateau" | "descent") => {
  const out = runs.filter((r) => res(r).exit?.found && !exitConfirmed(r)[which]);
  return out.length
    ? `; left out (the task's ${which} is not one at the flat floor): ` +
      out.map((r) => `seed ${r.point.seed}/data ${r.point.data}`).join(", ")
    : "";
};
const noPlateauText = (runs: RunRecord[]) => {
  const out = runs.filter((r) => !res(r).exit?.found);
  return out.length
    ? `; no plateau with an exit: ${out.map((r) => `seed ${r.point.seed}/data ${r.point.data}`).join(", ")}`
    : "";
};

const claims: Claim[] = [
  {
    id: "P2-C1",
    statement: "Plateaus of GD are the periods during which the activation pattern stays constant.",
    source: "[paper]",
    where: "abstract",
    prediction: "both directions: every plateau exit has a kink crossing a data point near it, and no crossing " +
      "happens inside a plateau",
    regime: `N = 8, n = 40, y = sin(πx), η = ${ETA}, float64; the paper's grid and jittered grids (data draws); ` +
      `crossings counted with hysteresis (a kink must pass a data point by ${MARGIN}); plateaus from the linear-time ` +
      `detector (per-step rate −d ln L/dt smoothed over ±3 checkpoints, a plateau ≥ ${FACTOR}× below the descents ` +
      `around it, rates below ${FLAT} / run length read as flat; \`src/analysis/rate_plateaus.ts\`)`,
    uses: ["gd_runs"],
    expect: "open",
    expectWhy: "read in linear time, crossings do happen inside plateaus (at a far lower rate than in descents), " +
      "so “no change inside a plateau” does not hold strictly; the exit direction is the one that discriminates " +
      "(another seed's crossings rarely fall near an exit). Counts for both directions are in the detail.",
    checks: coincidenceChecks(""),
    control: {
      regime: "the same curves read against the crossings of another init seed of the same data draw (crossings " +
        "of this setup, not of this run)",
      uses: ["gd_runs"],
      measure: (results) => coincidenceMeasure(at(results, "gd_runs"), shifted(at(results, "gd_runs"))),
    },
    measure: (results) => coincidenceMeasure(at(results, "gd_runs"), own),
  },
  {
    id: "P2-C2",
    statement: "Stationary points are local least-squares fits: the plateau loss is the least-squares loss of the " +
      "linear model the network is for its activation pattern.",
    source: "[paper], form [derived]",
    where: "abstract",
    prediction: "at a stationary point the loss equals the least-squares loss of its pattern's linear model with " +
      "each kink kept inside its interval (within 1 %), and Σ_{i∈Aⱼ} rᵢ = Σ_{i∈Aⱼ} rᵢxᵢ = 0 for every neuron whose " +
      "kink the constrained optimum leaves inside its interval",
    regime: "the settled state of each gd_runs run: GD continued after the run until a 10⁴-step window has no " +
      "pattern change and the loss drop still to come, g·τ (rate of the window × decay time of the rate), is " +
      "below 10⁻³ (a tenth of the band), or reported unconverged; least squares with kinks constrained to their " +
      "intervals (`kinkConstrainedLeastSquares`); stationarity as the largest |cos| between the residual on Aⱼ " +
      "and (x, 1) on Aⱼ over unpinned neurons (threshold 0.01 is ours); converged runs only",
    uses: ["gd_runs"],

    checks: {
      gap: {
        label: "median (L − L_KLS) / L_KLS at the settled state",
        band: { hi: 0.01 },
        bandWhy: "the paper: 0 at a stationary point; 1 % (CLAIMS.md) allows for the settling criterion (≤ 0.1 % " +
          "of loss still to come)",
      },
      stationarity: {
        label: "median max_j |cos(r, feature)| on Aⱼ (unpinned neurons), settled state",
        band: { hi: 0.01 },
        bandWhy: "the paper's stationarity conditions: 0; 0.01 is ours (|cos| of a residual with ~1 % of its " +
          "norm along a feature)",
      },
    },
    control: {
      regime: "GD states in the middle of a descent (the one after the longest plateau), measured the same way",
      uses: ["gd_runs"],
      measure(results) {
        const states = descentStarts(at(results, "gd_runs")).map(({ run, e }) => ({ run, s: e }));
        if (states.length === 0) return { inconclusive: "no descent after a plateau" };
        return {
          values: lsMeasure(states),
          detail:
            states.map(({ run, s }) =>
              `seed ${run.point.seed}/data ${run.point.data} step ${s.from}: gap ${
                g3((s.loss - s.klsLoss) / s.klsLoss)
              }` +
              `, |cos| ${g3(s.statFree)}`
            ).join("; ") + unconfirmedText(at(results, "gd_runs"), "descent"),
        };
      },
    },
    measure(results) {
      const runs = at(results, "gd_runs").filter((r) => res(r).settle);
      if (runs.length === 0) return { inconclusive: "no settled run" };
      const conv = runs.filter((r) => res(r).settle!.converged);
      const text = runs.map((r) => {
        const s = res(r).settle!;
        return `seed ${r.point.seed}/data ${r.point.data}: ${s.converged ? "converged" : "UNCONVERGED"} after ` +
          `${s.steps} more steps (rate ${g3(s.rate)}/step, drop to come ${g3(s.remaining)}), gap ` +
          `${g3((s.loss - s.klsLoss) / s.klsLoss)} to the constrained fit (${s.pinned} kink(s) pinned` +
          `${s.klsExact ? "" : ", search capped"}) and ${g3((s.loss - s.lsLoss) / s.lsLoss)} to the free-line ` +
          `fit, |cos| ${g3(s.statFree)} (${g3(s.stat)} with pinned neurons)`;
      }).join("; ");
      if (conv.length === 0) return { inconclusive: "no run settled within its budget", detail: text };
      return { values: lsMeasure(conv.map((run) => ({ run, s: res(run).settle! }))), detail: text };
    },
  },
  {
    id: "P2-S1",
    kind: "sanity",
    statement:
      "The kink-constrained least-squares loss of a state's pattern lies between the free-line least-squares " +
      "loss and the state's own loss.",
    source: "[derived]",
    prediction: "L_LS ≤ L_KLS ≤ L at every state measured (the state is feasible for the constrained problem, whose " +
      "feasible set lies inside the free one); only a bug in the solver or the bookkeeping can break it",
    regime: "every settled state, plateau start and descent state of gd_runs",
    uses: ["gd_runs"],
    checks: {
      aboveFree: {
        label: "min (L_KLS − L_LS) / L_LS",
        band: { lo: -1e-9 },
        bandWhy: "≥ 0 by construction; −1e-9 allows the 10-digit rounding of stored losses",
      },
      belowState: {
        label: "min (L − L_KLS) / L_KLS",
        band: { lo: -1e-9 },
        bandWhy: "≥ 0 by construction; −1e-9 allows the 10-digit rounding of stored losses",
      },
    },
    measure(results) {
      const runs = at(results, "gd_runs");
      const states = runs.flatMap((r) => {
        const x = res(r);
        return [
          ...(x.settle ? [x.settle] : []),
          ...(x.exit?.starts ?? []),
          ...(x.exit?.control ? [x.exit.control] : []),
        ];
      });
      if (states.length === 0) return { inconclusive: "no states" };
      const lo = (f: (s: (typeof states)[number]) => number) => Math.min(...states.map(f));
      return {
        values: {
          aboveFree: { value: lo((s) => (s.klsLoss - s.lsLoss) / s.lsLoss), count: states.length },
          belowState: { value: lo((s) => (s.loss - s.klsLoss) / s.klsLoss), count: states.length },
        },
      };
    },
  },
  {
    id: "P2-C3",
    statement: "ANLS leaves a plateau far faster than GD.",
    source: "[paper] (qualitative); the ANLS update is [open]: ANLS (reconstructed)",
    where: "abstract",
    prediction: "from the same GD plateau state, ANLS needs far fewer iterations than GD to reach 0.9 × the " +
      "start loss; “far” read as ≥ 10× fewer (our threshold), and less wall-clock",
    regime: "starts: the GD state at 25 %, 50 % and 75 % of the longest plateau with an exit (linear-time " +
      "detector, after step 10; kept only if the measurement's detector, with its flat floor, confirms it) of each " +
      "gd_runs run; GD allowed the rest of the run's steps (a censored GD count " +
      "is a lower bound); ANLS (reconstructed) up to 200 iterations; wall-clock as the median of repeated solves",
    uses: ["gd_runs"],
    expect: "open",
    expectWhy: "ANLS (reconstructed) is far faster than GD from descent states as well as from plateau states, so " +
      "the comparison does not single out plateaus (does not discriminate); it is our reconstruction, not the " +
      "authors' ANLS.",
    checks: {
      iterRatio: {
        label: "median GD iterations / ANLS iterations to 0.9 × the start loss",
        band: { lo: 10 },
        bandWhy: "the paper: “far faster”, qualitative; ≥ 10× is our reading of “far”",
      },
      wallRatio: {
        label: "median GD wall-clock / ANLS wall-clock",
        band: { lo: 1 },
        bandWhy: "faster in time, not only in iterations: ratio > 1 (an ANLS iteration solves many least squares)",
      },
    },
    control: {
      regime: "the same comparison from the GD state in the middle of the descent after that plateau (no plateau " +
        "to leave)",
      uses: ["gd_runs"],
      measure(results) {
        const starts = descentStarts(at(results, "gd_runs"));
        const { it, wall } = exitRatios(starts);
        if (it.length === 0) return { inconclusive: "no descent start where ANLS reached the target" };
        return {
          values: { iterRatio: measured(it), wallRatio: measured(wall) },
          detail: starts.map(startText).join("; ") + unconfirmedText(at(results, "gd_runs"), "descent"),
        };
      },
    },
    measure(results) {
      const runs = at(results, "gd_runs");
      const starts = plateauStarts(runs);
      const skipped = unconfirmedText(runs, "plateau") + noPlateauText(runs);
      if (starts.length === 0) return { inconclusive: "no plateau with an exit after step 10 in any run" + skipped };
      const { it, wall, missed } = exitRatios(starts);
      if (it.length === 0) {
        return { inconclusive: "ANLS reached the target from no start", detail: starts.map(startText).join("; ") };
      }
      return {
        values: { iterRatio: measured(it), wallRatio: measured(wall) },
        detail: starts.map(startText).join("; ") + (missed ? `; ${missed} start(s) where ANLS did not reach it` : "") +
          skipped,
      };
    },
  },
  {
    id: "P2-C4",
    statement: "The plateau ⇔ constant-pattern coincidence holds for any width and in lazy and adaptive regimes.",
    source: "[paper]",
    where: "abstract",
    prediction: "P2-C1's two checks hold for N ∈ {8, 64} and init scale × {0.1, 1, 10}",
    regime: "the same gradient-flow time in every cell (η = 0.01/max(1, s), steps = time/η: s = 10 runs 10× the " +
      "steps of s ≤ 1), pattern tracked every 0.01 time units; same hysteresis, detector and tolerances as P2-C1",
    uses: ["regimes"],
    expect: "open",
    expectWhy: "in every cell, crossings happen inside plateaus read in linear time; cells whose runs end on a " +
      "plateau within the flow time have no exit to test. Per-cell counts are in the detail.",
    checks: coincidenceChecks(" (all cells)"),
    control: {
      regime: "the same curves read against the crossings of another init seed of the same cell and data draw",
      uses: ["regimes"],
      measure: (results) => coincidenceMeasure(at(results, "regimes"), shifted(at(results, "regimes")), true),
    },
    measure: (results) => coincidenceMeasure(at(results, "regimes"), own, true),
  },
];

// ---- figures (pure functions from results to Vega-Lite specs) ----

const seed0 = (results: Results) => at(results, "gd_runs").find((r) => r.point.seed === 0 && r.point.data === 0);

/** N(x) = Σ cₖ relu(wₖx + bₖ) of a stored state. */
const evalNet = (net: { a: number[]; W: number[]; b: number[] }, x: number) =>
  net.a.reduce((s, c, k) => s + c * Math.max(0, net.W[k] * x + net.b[k]), 0);

const figures: Figure[] = [
  {
    id: "loss_patterns",
    title: "Loss against step, with activation-pattern changes",
    caption: "Seed 0 of the reference setup (the paper's grid). Orange rules: steps at which a kink crossed a data " +
      "point (with hysteresis). Grey bands: plateaus from the linear-time detector (P2-C1).",
    uses: ["gd_runs"],
    spec: (results) => {
      const run = seed0(results);
      const r = run ? res(run) : undefined;
      const values = r
        ? r.step.flatMap((s, i) => (s >= 1 ? [{ step: s, loss: r.loss[i], series: "GD loss" }] : []))
        : [];
      const rules = r ? [...new Set(r.changeStep)].map((s) => ({ step: s })) : [];
      const bands = run
        ? stagesOf(run).filter((s) => s.kind === "plateau").map((s) => ({ start: Math.max(1, s.start), end: s.end }))
        : [];
      const chart = lineChart({
        title: "ReLU network (N = 8) on sin(πx): loss and pattern changes",
        values,
        x: "step",
        y: "loss",
        color: "series",
        logX: true,
        logY: true,
        yTitle: "loss L",
        colorTitle: "",
        layers: [
          {
            data: { values: bands },
            mark: { type: "rect", opacity: 0.15, color: "#555" },
            encoding: { x: { field: "start", type: "quantitative" }, x2: { field: "end" } },
          },
          {
            ...ruleLayer(rules, "step", undefined, [1, 0], "activation-pattern change"),
            mark: { type: "rule", opacity: 0.45, color: "#D55E00" },
          },
        ],
      });
      return { ...chart, config: { axisX: { grid: false } } };
    },
  },
  {
    id: "active_counts",
    title: "Active data points per neuron against step",
    caption: "Seed 0. |Aⱼ|, the number of data points activating neuron j (hysteresis pattern): it changes in " +
      "unit jumps when a kink crosses a data point and is flat on plateaus.",
    uses: ["gd_runs"],
    spec: (results) => {
      const run = seed0(results);
      const r = run ? res(run) : undefined;
      const values = r?.counts
        ? r.step.flatMap((s, i) =>
          s >= 1 ? r.counts![i].map((c, k) => ({ step: s, count: c, neuron: `neuron ${k + 1}` })) : []
        )
        : [];
      return lineChart({
        title: "Activation pattern |Aⱼ| (N = 8, n = 40)",
        values,
        x: "step",
        y: "count",
        color: "neuron",
        logX: true,
        yTitle: "active data points",
      });
    },
  },
  {
    id: "plateau_fits",
    title: "The fitted function at the end of each long constant-pattern period",
    caption: "Seed 0. Each curve is N(x) when a constant-pattern period of ≥ 2 % of the run ended; points on the " +
      "curves mark the kinks −bⱼ/wⱼ inside [−1, 1]; black dots are the data.",
    uses: ["gd_runs"],
    spec: (results) => {
      const run = seed0(results);
      const periods = run ? res(run).periods : [];
      const pick = periods.length <= 4
        ? periods
        : [0, 1, 2, 3].map((q) => periods[Math.round((q * (periods.length - 1)) / 3)]);
      const label = (p: { start: number; end: number }) => `steps ${p.start}–${p.end}`;
      const curves = pick.flatMap((p) =>
        Array.from({ length: 201 }, (_, i) => {
          const x = -1 + i / 100;
          return { x, y: evalNet(p.net, x), series: label(p) };
        })
      );
      const kinks = pick.flatMap((p) =>
        p.net.W.flatMap((w, k) => {
          const t = w === 0 ? NaN : -p.net.b[k] / w;
          return Math.abs(t) <= 1 ? [{ x: t, y: evalNet(p.net, t), series: label(p) }] : [];
        })
      );
      const data = (run ? res(run).x : []).map((x) => ({ x, y: Math.sin(Math.PI * x) }));
      return lineChart({
        title: "N(x) at plateaus, with kinks",
        values: curves,
        x: "x",
        y: "y",
        color: "series",
        yTitle: "N(x)",
        colorTitle: "period",
        layers: [
          {
            data: { values: kinks },
            mark: { type: "point", shape: "triangle-up", size: 60, filled: true },
            encoding: {
              x: { field: "x", type: "quantitative" },
              y: { field: "y", type: "quantitative" },
              color: { field: "series", type: "nominal" },
            },
          },
          {
            data: { values: data },
            mark: { type: "point", size: 14, filled: true, color: "black" },
            encoding: {
              x: { field: "x", type: "quantitative" },
              y: { field: "y", type: "quantitative" },
            },
          },
        ],
      });
    },
  },
  {
    id: "gd_vs_anls",
    title: "GD and ANLS (reconstructed) from the same GD plateau state",
    caption: "Seed 0 on the paper's grid. Loss against iterations from the GD state halfway through its longest " +
      "plateau with an exit (GD: steps; ANLS: iterations). Dashed line: 0.9 × the start loss, the exit threshold " +
      "of P2-C3.",
    uses: ["gd_runs"],
    spec: (results) => {
      const run = seed0(results);
      const x = run ? res(run).exit : undefined;
      const e = x?.starts?.find((s) => s.depth === 0.5);
      const rows = (side: "gd" | "anls", name: string) =>
        (e?.[side]?.trace ?? []).filter(([it]) => it >= 1).map(([it, loss]) => ({ iteration: it, loss, method: name }));
      const values = [...rows("gd", "GD"), ...rows("anls", "ANLS (reconstructed)")];
      const where = e && x?.plateau
        ? ` from the GD state at step ${e.from} (50 % into the plateau ${x.plateau.join("–")})`
        : "";
      return lineChart({
        title: `Leaving the plateau${where}`,
        values,
        x: "iteration",
        y: "loss",
        color: "method",
        logX: true,
        logY: true,
        yTitle: "loss L",
        layers: [
          {
            data: { values: values.filter((v) => v.method !== "GD") },
            mark: { type: "point", filled: true, size: 50 },
            encoding: {
              x: { field: "iteration", type: "quantitative" },
              y: { field: "loss", type: "quantitative" },
              color: { field: "method", type: "nominal" },
            },
          },
          ...(e?.target !== undefined
            ? [{
              data: { values: [{ target: e.target }] },
              mark: { type: "rule", strokeDash: [6, 4], color: "#555" },
              encoding: { y: { field: "target", type: "quantitative" } },
            }]
            : []),
        ],
      });
    },
  },
];

/** What we found beyond the claims, and how ANLS was reconstructed. */
function notes(results: Results): string {
  const runs = at(results, "gd_runs");
  const changes = runs.map((r) => res(r).changesTotal);
  return [
    "**ANLS (reconstructed).** The update rule of ANLS could not be read in any public source available to us " +
    "(only the abstracts of arXiv 2007.07213 and of Ainsworth & Shin, SIAM J. Sci. Comput. 44(4), 2022). We " +
    "implemented the method as the abstract describes it (`src/train/anls.ts`): each iteration tries the current " +
    "activation pattern and, for every neuron, the pattern with the data point nearest its kink moved across it; " +
    "for each it solves the least-squares problem of the active neurons (the network is linear in (cⱼwⱼ, cⱼbⱼ) " +
    "while the pattern is fixed), realises the fit as a network with exactly that pattern (translating a kink to " +
    "the middle of its gap when the fitted line does not change sign there), re-solves the output weights, and " +
    "keeps the candidate with the lowest loss if it lowers the loss. It is an optimiser of the engine (`anls`), " +
    "not the authors' algorithm, and its speed says nothing about theirs. P2-C3 starts it from GD states on " +
    "GD's own plateaus (not from a constructed refit).",
    "",
    "**Scale.** The paper's runs are described as up to 3·10⁵ GD steps on its one grid (CLAIMS.md); the ci profile " +
    "runs 3·10⁵ steps (3 inits × 2 data draws), the full profile 10⁶ steps (3 inits × 3 data draws), each settled " +
    "for up to as many more steps; the regime cells run a gradient-flow time of 300 (ci) and 1000 (full), " +
    "2 inits × 2 data draws per cell. Data draws > 0 are jittered grids (ours).",
    "",
    `Pattern changes per run (hysteresis ${MARGIN}): ${changes.join(", ")}. A kink that reaches a data point ` +
    "often stays there for many steps while its 0/1 activation flips; without hysteresis each flip would count.",
  ].join("\n");
}

/** Paper 2 as a declaration. */
export const ainsworth2020: Paper = {
  id: "ainsworth2020",
  title: "Plateau Phenomenon in Gradient Descent Training of ReLU networks: Explanation, Quantification and Avoidance",
  authors: "M. Ainsworth, Y. Shin",
  year: 2020,
  arxiv: "2007.07213",
  summary: "One-dimensional ReLU networks with bias, N(x) = Σⱼ cⱼ relu(wⱼx + bⱼ), trained by full-batch GD in " +
    "float64 on n = 40 evenly spaced points of sin(πx). The activation pattern (which data points activate each " +
    "neuron; in 1-D, the inter-data interval of each kink −bⱼ/wⱼ) is tracked at every step with hysteresis. The " +
    "paper states that plateaus are periods of constant pattern, that stationary points are local least-squares " +
    "fits over subsets of the data, and proposes ANLS; its ANLS update was not available, so ANLS here is our " +
    "reconstruction from the abstract.",
  experiments,
  claims,
  figures,
  notes,
};
