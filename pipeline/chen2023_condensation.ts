/**
 * Paper 3: Chen, Li, Luo, Zhou, Xu 2023, "Phase Diagram of Initial Condensation for Two-layer Neural Networks"
 * (arXiv 2303.06561), declared as claims, experiments and figures (CLAIMS.md, P3-C1…C3).
 *
 * @example
 * ```ts
 * import { chen2023 } from "./chen2023_condensation.ts";
 * console.log(chen2023.claims.map((c) => c.id)); // ["P3-C1", "P3-C2", "P3-C3"]
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
import { cosineMatrix, randomCosBaseline } from "../src/analysis/condensation.ts";
import { augmentedWeights, weightedClusters } from "../src/analysis/cluster_mass.ts";
import { directionCount, mostGrown } from "../src/analysis/condensed_directions.ts";
import {
  boundaryDistance,
  classifySlope,
  commonLossRatio,
  initScalesOf,
  predictedRdSlope,
  theoreticalRegime,
  valueAtLossRatio,
} from "../src/analysis/phase.ts";
import { slopesOverSeeds } from "../src/analysis/scaling.ts";
import { crossingStep } from "../src/analysis/stages.ts";
import { groupBy, mean, sd, spreadComponents } from "../src/analysis/stats.ts";
import { lineChart } from "../src/render/charts.ts";
import { twoLayerResult } from "../src/core/results.ts";

/**
 * Reference setup (CLAIMS.md, paper 3): tanh, d = 5, n = 100, the chen2024 target, α = 1, the bias as the weight
 * of an appended constant-1 input (the task's `bias` with bₖ ~ N(0, β₂²), updated with the same step as wₖ, which
 * is the same network and the same GD), run until L ≤ 0.5·L0 (the end of the initial stage).
 */
const reference: JsonObject = {
  inputs: "gaussian",
  target: "chen2024",
  n: 100,
  d: 5,
  activation: "tanh",
  bias: true,
  alpha: 1,
  stopLossRatio: 0.5,
};
/** q of the end of the initial stage: L ≤ q·L0. */
const STAGE_END = 0.5;
/** The three test points of P3-C1 (γ, γ') and the deeper condensed point used by P3-C2 and P3-C3. */
const NTK: [number, number] = [0.5, 0], CONDENSED: [number, number] = [1.75, 0], LINEAR: [number, number] = [1.75, 1];
const DEEP: [number, number] = [2.5, 0];
const TEST_POINTS = [NTK, CONDENSED, LINEAR];
/** Thresholds of P3-C2 (CLAIMS.md): condensed at mean|cos| ≥ 0.9; the loss has changed at L ≤ 0.99·L0. */
const COS_CONDENSED = 0.9, LOSS_CHANGED = 0.99;
/**
 * q of the end of the initial stage for P3-C3: L ≤ 0.9·L0. With x·tanh(x) the first neurons blow up and the loss
 * falls from ≈ L0 to well below 0.5·L0 within tens of steps, sometimes through a second plateau (a later stage);
 * at 0.9·L0 the first neurons have just left the small-weight regime that sets the directions.
 */
const C3_STAGE_END = 0.9;
/** P3-C3's condensed neurons: the tenth of the neurons whose input weights grew most. */
const GROWN_FRACTION = 0.1;

/**
 * Maps a phase point (γ, γ', m) to the run spec: β₁ = √α m^(−(γ+γ')/2) (output weights), β₂ = √α m^(−(γ−γ')/2)
 * (input weights and bias), η = 0.2/(1 + m(β₁² + β₂²)d) (CLAIMS.md). γ, γ' (or `phase` = [γ, γ']) stay in the
 * point, out of the spec. With `heatmapWidth`, seed 0 at that width also stores its weights at both ends.
 */
function phaseInit(point: JsonObject): JsonObject {
  const { gamma, gammaPrime, phase, heatmapWidth, ...rest } = point;
  const [g, gp] = phase ? (phase as number[]) : [gamma as number, gammaPrime as number];
  const m = rest.m as number, d = rest.d as number, alpha = (rest.alpha as number) ?? 1;
  const { beta1, beta2 } = initScalesOf({ gamma: g, gammaPrime: gp, m, alpha });
  const spec: JsonObject = {
    ...rest,
    initScaleA: beta1,
    initScaleW: beta2,
    initScaleB: beta2,
    lr: 0.2 / (1 + m * (beta1 ** 2 + beta2 ** 2) * d),
  };
  const first = rest.seed === 0 && (rest.dataSeed ?? 0) === 0;
  if (heatmapWidth !== undefined && m === heatmapWidth && first) spec.snapshotEnds = true;
  return spec;
}

const seeds = (k: number) => Array.from({ length: k }, (_, i) => i);
const range = (from: number, to: number, step: number) =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => from + i * step);

const experiments: Experiment[] = [
  {
    id: "grid",
    description: "the (γ, γ') plane on a grid of spacing 0.25, m ∈ {100, 400, 1600} (full: also 6400, reduced " +
      "from a 13 × 13 grid with 5 seeds): slope of ln RD against ln m per cell",
    task: "two_layer",
    base: { ...reference, record: ["relChangeWb"], perDecade: 20, linear: 0 },
    profiles: {
      ci: {
        set: { steps: 400 },
        sweep: {
          gamma: range(0.25, 1.75, 0.25),
          gammaPrime: range(-0.5, 1, 0.25),
          m: [100, 400, 1600],
          seed: seeds(2),
        },
      },
      // Reduced to fit 2 shared CPU cores (issue 18): the full profile first declared a 13 × 13 grid (spacing
      // 0.125), m up to 6400, 5 seeds and a 20,000-step cap, 3,380 runs, out of reach here (a run that hits the
      // cap at m = 6400 costs ~10 ms a step on wasm-f32). The paper's own grid sizes are not in our sources. We run
      // the ci grid (spacing 0.25, 49 cells, 2 seeds) with the widths extended to 6400 and a 1,000-step cap.
      full: {
        set: { steps: 1000 },
        sweep: {
          gamma: range(0.25, 1.75, 0.25),
          gammaPrime: range(-0.5, 1, 0.25),
          m: [100, 400, 1600, 6400],
          seed: seeds(2),
        },
      },
    },
    derive: phaseInit,
  },
  {
    id: "points",
    description: "the test points (0.5, 0), (1.75, 0), (1.75, 1) and the deep point (2.5, 0) against width, " +
      "init seeds × data draws",
    task: "two_layer",
    base: { ...reference, record: ["relChangeWb", "meanAbsCos"], perDecade: 40, linear: 0, heatmapWidth: 100 },
    profiles: {
      ci: {
        set: { steps: 2000 },
        sweep: { phase: [NTK, CONDENSED, LINEAR, DEEP], m: [100, 400, 1600], seed: seeds(3), dataSeed: seeds(2) },
      },
      full: {
        set: { steps: 50000 },
        sweep: { phase: [NTK, CONDENSED, LINEAR, DEEP], m: [100, 400, 1600, 6400], seed: seeds(5), dataSeed: seeds(3) },
      },
    },
    derive: phaseInit,
  },
  {
    id: "multiplicity",
    description: "tanh (multiplicity p = 1) and x·tanh(x) (p = 2), m = 100, at the condensed point (2.5, 0) and at " +
      "the linear point (0.5, 0) (the control), stopped at the end of the initial stage, L ≤ 0.9·L0, with " +
      "checkpoints every step up to ~20 and every 4 steps after, so the end snapshot is within 4 steps of it",
    task: "two_layer",
    base: {
      ...reference,
      m: 100,
      stopLossRatio: C3_STAGE_END,
      record: ["grownLineCos"],
      snapshotEnds: true,
      perDecade: 40,
    },
    profiles: {
      ci: {
        set: { steps: 5000, linear: 1250 },
        sweep: { phase: [DEEP, NTK], activation: ["tanh", "xtanh"], seed: seeds(3), dataSeed: seeds(3) },
      },
      full: {
        set: { steps: 20000, linear: 5000 },
        sweep: { phase: [DEEP, NTK], activation: ["tanh", "xtanh"], seed: seeds(5), dataSeed: seeds(5) },
      },
    },
    derive: phaseInit,
  },
];

// ---- measurements (pure functions of cached runs) ----

const at = (results: Results, exp: string) => results[exp] ?? [];
const key = ([g, gp]: readonly number[]) => `(${g}, ${gp})`;
/** (γ, γ') of a run, from a grid point or a `phase` point. */
const phaseOf = (run: RunRecord): [number, number] =>
  run.point.phase ? run.point.phase as [number, number] : [run.point.gamma as number, run.point.gammaPrime as number];
const onPoint = (runs: RunRecord[], p: readonly number[]) =>
  runs.filter((r) => phaseOf(r)[0] === p[0] && phaseOf(r)[1] === p[1]);
const widthOf = (run: RunRecord) => run.point.m as number;

/** A probe's series with the run's loss curve. */
const series = (run: RunRecord, probe: string) => {
  const r = twoLayerResult(run);
  return { step: r.step, loss: r.loss, values: r.probes[probe] };
};

/** RD of the input weights (bias included) at the loss level q (default: the end of the initial stage). */
const rdAt = (run: RunRecord, q = STAGE_END) => valueAtLossRatio(series(run, "relChangeWb"), q);

/** The draw of a run: its init seed and its data draw. */
const drawOf = (r: RunRecord) => ({ init: r.point.seed as number, data: (r.point.dataSeed as number) ?? 0 });

/** Per-draw (ln m, ln y) slopes of the runs at one phase point, summarised, with the spread split by source. */
function slopeOverWidths(runs: RunRecord[], y: (r: RunRecord) => number) {
  const groups = [...groupBy(runs, (r) => JSON.stringify(drawOf(r))).values()];
  const fits = groups.map((g) => {
    const pts = g.map((r) => [Math.log(widthOf(r)), Math.log(y(r))]).filter(([, v]) => Number.isFinite(v));
    return { x: pts.map((p) => p[0]), y: pts.map((p) => p[1]) };
  });
  const s = slopesOverSeeds(fits);
  const draws = groups.map((g, i) => ({ ...drawOf(g[0]), value: slopesOverSeeds([fits[i]]).slope }))
    .filter((d) => Number.isFinite(d.value));
  return { ...s, components: componentsOf(draws) };
}

/** The init and data components of a spread over draws (see `spreadComponents`). */
function componentsOf(draws: { init: number; data: number; value: number }[]): Record<string, number> {
  const c = spreadComponents(draws);
  return { init: c.init, data: c.data };
}

/** A summarised slope as a measured value. */
const slopeMeasured = (s: ReturnType<typeof slopeOverWidths>): Measured => ({
  value: s.slope,
  spread: s.sd,
  spreadKind: "sd",
  count: s.perSeed.length,
  components: s.components,
});

/** The RD slope of one grid cell: each seed's fit, read at the loss level all of the cell's runs reached. */
function cellSlope(runs: RunRecord[]) {
  const level = commonLossRatio(runs.map((r) => twoLayerResult(r)), STAGE_END);
  const s = slopeOverWidths(runs, (r) => rdAt(r, level));
  const classes = s.perSeed.map((v) => classifySlope(v));
  return { ...s, level, mixed: new Set(classes).size > 1 };
}

/** mean|cos(wₖ, ẑ)| at step 0 and at the end of the initial stage. */
const cosAtStart = (run: RunRecord) => twoLayerResult(run).probes.meanAbsCos[0];
const cosAtEnd = (run: RunRecord) => valueAtLossRatio(series(run, "meanAbsCos"), STAGE_END);

/**
 * t_c/t_L of a run: first step with mean|cos| ≥ 0.9 over first step with L ≤ 0.99·L0 (NaN if either is missing).
 * With `censor`, a run that never reaches mean|cos| ≥ 0.9 gets its last step as t_c (a lower bound).
 */
function condensationTimes(run: RunRecord, censor = false) {
  const r = twoLayerResult(run);
  const crossed = crossingStep(r.step, r.probes.meanAbsCos.map((c) => -c), -COS_CONDENSED);
  const censored = !Number.isFinite(crossed) && censor;
  const tc = censored ? r.step[r.step.length - 1] : crossed;
  const tL = crossingStep(r.step, r.loss, LOSS_CHANGED * r.L0);
  return { tc, tL, ratio: tc / tL, censored };
}

/** The final snapshot's input weights (wₖ, bₖ) ∈ R^(d+1), and the first one's. */
function endWeights(run: RunRecord) {
  const r = twoLayerResult(run), m = run.spec.m as number, d = run.spec.d as number;
  const snap = (i: number) => augmentedWeights(r.snapshots[i].W, r.snapshots[i].b, m, d);
  return { start: snap(0), end: snap(r.snapshots.length - 1), m, D: d + 1 };
}

/**
 * The directions of the condensed neurons (the tenth that grew most) at the end of the initial stage: principal
 * lines holding 90 % of their directions' spread and the (line, sign) directions they sit on, from the snapshot;
 * their alignment with the predicted lines from the `grownLineCos` probe at the same step; the step and L/L0.
 */
function condensedDirections(run: RunRecord) {
  const { start, end, m, D } = endWeights(run);
  const r = twoLayerResult(run);
  const grown = mostGrown(end, start, m, D, Math.round(GROWN_FRACTION * m));
  const last = r.step.length - 1;
  return {
    ...directionCount(end, grown, D),
    align: r.probes.grownLineCos[last],
    step: r.step[last],
    level: r.loss[last] / r.L0,
  };
}

const fmt = (x: number, k = 2) => Number.isFinite(x) ? x.toFixed(k) : "–";

/** Mean ± sd over draws, with the spread split into its init and data components. */
function overDraws(draws: { init: number; data: number; value: number }[]): Measured {
  const xs = draws.map((d) => d.value);
  return { value: mean(xs), spread: sd(xs), spreadKind: "sd", count: xs.length, components: componentsOf(draws) };
}

/** The test points P3-C1 reads: the NTK-like and the linear point (RD → 0) and the condensed point (RD → ∞). */
interface Slots {
  ntk: readonly number[];
  cond: readonly number[];
  lin: readonly number[];
}

/** P3-C1's checks on the runs at `slots` (the claim's own points, or the control's points across the boundary). */
function measureRegimes(results: Results, slots: Slots): Measurement {
  const runs = at(results, "points");
  const per = [slots.ntk, slots.cond, slots.lin].map((p) => onPoint(runs, p));
  if (per.some((g) => new Set(g.map(widthOf)).size < 3)) return { inconclusive: "fewer than 3 widths per point" };
  const [ntk, cond, lin] = per.map((g) => ({ runs: g, s: slopeOverWidths(g, (r) => rdAt(r)) }));
  const widths = [...new Set(runs.map(widthOf))].sort((a, b) => a - b);
  const [mMin, mMax] = [widths[0], widths[widths.length - 1]];
  const byDraw = (g: RunRecord[], m: number) =>
    new Map(g.filter((r) => widthOf(r) === m).map((r) => [JSON.stringify(drawOf(r)), r]));
  const lo = byDraw(cond.runs, mMin), hi = byDraw(cond.runs, mMax);
  const rise = [...lo.keys()].filter((k) => hi.has(k)).map((k) => ({
    ...drawOf(lo.get(k)!),
    value: cosAtEnd(hi.get(k)!) - cosAtEnd(lo.get(k)!),
  }));
  const base = randomCosBaseline(reference.d as number);
  const drift: number[] = [], offBase: number[] = [];
  for (const g of [ntk.runs, lin.runs]) {
    for (const m of widths) {
      const rs = g.filter((r) => widthOf(r) === m);
      drift.push(Math.abs(mean(rs.map((r) => cosAtEnd(r) - cosAtStart(r)))));
      if (m === mMax) offBase.push(Math.abs(mean(rs.map(cosAtEnd)) - base));
    }
  }
  const row = (g: RunRecord[], f: (r: RunRecord) => number, k: number) =>
    widths.map((m) => fmt(mean(g.filter((r) => widthOf(r) === m).map(f)), k)).join(" / ");
  const points = [slots.ntk, slots.cond, slots.lin];
  const derived = points.map((p) => `${key(p)} ${fmt(predictedRdSlope(p[0], p[1]))}`).join(", ");
  return {
    values: {
      slopeNtk: slopeMeasured(ntk.s),
      slopeCondensed: slopeMeasured(cond.s),
      slopeLinear: slopeMeasured(lin.s),
      cosRise: overDraws(rise),
      cosDrift: { value: Math.max(...drift), count: drift.length },
      cosBaseline: { value: Math.max(...offBase), count: offBase.length },
    },
    detail:
      `RD at N₀.₅ for m = ${widths.join(" / ")}: ${
        points.map((p, i) => `${key(p)} ${row(per[i], (r) => rdAt(r), 4)}`).join("; ")
      }. Slopes per point: ${[ntk, cond, lin].map((x, i) => `${key(points[i])} ${fmt(x.s.slope)}`).join(", ")}; ` +
      `the small-weight estimate [derived] gives ${derived}. mean|cos| at N₀.₅: ${
        points.map((p, i) => `${key(p)} ${row(per[i], cosAtEnd, 3)}`).join("; ")
      } (random baseline ${base.toFixed(3)}). Distance to the regime boundary: ${
        points.map((p) => `${key(p)} ${boundaryDistance(p[0], p[1]).toFixed(2)}`).join(", ")
      }.`,
  };
}

/** ln(1 + ηλ): the linearised growth per step of a run (λ the top eigenvalue of the data's linear kernel). */
const growthPerStep = (r: RunRecord) => Math.log(1 + (r.spec.lr as number) * twoLayerResult(r).lambda);

/** Per-draw slope, against ln m, of a time in units of 1/ln(1 + ηλ), summarised with its components. */
function timeGrowth(runs: RunRecord[], t: (r: RunRecord) => number): Measured {
  const groups = [...groupBy(runs, (r) => JSON.stringify(drawOf(r))).values()];
  const draws = groups.map((g) => ({
    ...drawOf(g[0]),
    value: slopesOverSeeds([{ x: g.map((r) => Math.log(widthOf(r))), y: g.map((r) => t(r) * growthPerStep(r)) }])
      .slope,
  }));
  return overDraws(draws);
}

/** P3-C2's checks at one phase point; `censor` counts runs that never condense at their last step (the control). */
function measureTimes(results: Results, point: readonly number[], censor: boolean): Measurement {
  const runs = at(results, "points");
  const here = onPoint(runs, point), cond = onPoint(runs, CONDENSED);
  const widths = [...new Set(here.map(widthOf))].sort((a, b) => a - b);
  if (widths.length < 2) return { inconclusive: `fewer than 2 widths at ${key(point)}` };
  const times = (r: RunRecord) => condensationTimes(r, censor);
  const missing = here.filter((r) => !Number.isFinite(times(r).ratio));
  if (missing.length) {
    return {
      inconclusive: `${missing.length} run(s) at ${key(point)} never reached mean|cos| ≥ 0.9 or L ≤ 0.99·L0`,
    };
  }
  const censored = here.filter((r) => times(r).censored).length;
  const s = slopeOverWidths(here, (r) => times(r).ratio);
  const row = (g: RunRecord[], f: (r: RunRecord) => number, k = 2) =>
    widths.map((m) => fmt(mean(g.filter((r) => widthOf(r) === m).map(f)), k)).join(" / ");
  const maxCos = (r: RunRecord) => Math.max(...twoLayerResult(r).probes.meanAbsCos);
  return {
    values: {
      ratioSlope: slopeMeasured(s),
      tcGrowth: timeGrowth(here, (r) => times(r).tc),
      tLGrowth: timeGrowth(here, (r) => times(r).tL),
    },
    detail: `${key(point)}, m = ${widths.join(" / ")}: t_c/t_L = ${row(here, (r) => times(r).ratio)} ` +
      `(t_c = ${row(here, (r) => times(r).tc, 1)}, t_L = ${row(here, (r) => times(r).tL, 1)} steps; < 1 means ` +
      `condensed before the loss moved by 1 %)` +
      (censored
        ? `; ${censored} of ${here.length} runs never reached mean|cos| ≥ 0.9 (highest ${
          row(here, maxCos, 3)
        }), their t_c is their last step, a lower bound`
        : "") +
      `. (1.75, 0): highest mean|cos| in the initial stage ${row(cond, maxCos, 3)}, t_L = ${
        row(cond, (r) => condensationTimes(r).tL, 1)
      } steps.`,
  };
}

/** P3-C3's checks on the `multiplicity` runs at one phase point. */
function measureDirections(results: Results, point: readonly number[]): Measurement {
  const runs = onPoint(at(results, "multiplicity"), point);
  const of = (act: string) => runs.filter((r) => r.spec.activation === act);
  const [tanh, xtanh] = [of("tanh"), of("xtanh")];
  if (!tanh.length || !xtanh.length) return { inconclusive: `missing tanh or x·tanh(x) runs at ${key(point)}` };
  const unfinished = runs.filter((r) => twoLayerResult(r).stop !== "lossRatio");
  if (unfinished.length) return { inconclusive: `${unfinished.length} run(s) did not reach L ≤ ${C3_STAGE_END}·L0` };
  const dirs = (g: RunRecord[]) => g.map((r) => ({ ...drawOf(r), ...condensedDirections(r) }));
  const [t, x] = [dirs(tanh), dirs(xtanh)];
  // A bound on a count: the largest over draws (the detail tallies them all).
  const maxOf = (cs: typeof t): Measured => ({ value: Math.max(...cs.map((c) => c.directions)), count: cs.length });
  const alignOf = (cs: typeof t) => overDraws(cs.map((c) => ({ ...c, value: c.align })));
  const tally = (cs: typeof t, f: (c: typeof t[0]) => number) => {
    const counts = new Map<number, number>();
    for (const c of cs) counts.set(f(c), (counts.get(f(c)) ?? 0) + 1);
    return [...counts].sort((a, b) => a[0] - b[0]).map(([v, n]) => `${v} (${n}×)`).join(", ");
  };
  const line = (name: string, cs: typeof t) =>
    `${name}: directions ${tally(cs, (c) => c.directions)}; principal lines ${tally(cs, (c) => c.lines)}; ` +
    `snapshot at step ${Math.min(...cs.map((c) => c.step))}–${Math.max(...cs.map((c) => c.step))}, ` +
    `L/L0 ${fmt(Math.min(...cs.map((c) => c.level)), 3)}–${fmt(Math.max(...cs.map((c) => c.level)), 3)}`;
  return {
    values: {
      tanhDirections: maxOf(t),
      tanhAlign: alignOf(t),
      xtanhDirections: maxOf(x),
      xtanhAlign: alignOf(x),
    },
    detail: `${key(point)}, ${t.length + x.length} runs (init seeds × data draws), the ${
      Math.round(GROWN_FRACTION * (runs[0].spec.m as number))
    } most-grown neurons each. ${line("tanh", t)}. ${line("x·tanh(x)", x)}.`,
  };
}

const claims: Claim[] = [
  {
    id: "P3-C1",
    statement: "Initialisation scales fall into a linear regime (RD → 0 as m → ∞) and a condensed regime (RD → ∞), " +
      "separated by γ = 1 and γ' = γ − 1.",
    source: "[group] (Luo et al., JMLR 2021, abstract: three regimes by the limit of RD as m → ∞)",
    where: "abstract; Luo et al. 2021 phase diagram",
    prediction: "slope of ln RD against ln m: ≤ −0.1 at (0.5, 0) and (1.75, 1), ≥ +0.1 at (1.75, 0); mean|cos| rises " +
      "with m in the condensed point and stays at its random value (≈ 0.375, d = 5) in the linear ones. " +
      "Small-weight estimate [derived]: slope γ − 1 (γ' ≤ 0) or 2(γ − γ' − 1) (γ' ≥ 0) on the linear side, " +
      "(γ − γ' − 1)/2 on the condensed side (the growth mode stops when m|aₖ|‖wₖ‖ ~ 1): −0.5, −0.5 and +0.375",
    regime: "tanh, d = 5, n = 100, α = 1, m ∈ {100, 400, 1600} (full: up to 6400), init seeds × data draws; " +
      "RD = ‖θ_W − θ_W(0)‖/‖θ_W(0)‖ over (wₖ, bₖ), read at the end of the initial stage (first step with " +
      "L ≤ 0.5·L0, interpolated). The linear-point mean|cos| is tested as its change from step 0 (the random " +
      "value of the same neurons, whose sampling noise is ±0.024 at m = 100) and, at the largest m, against the " +
      "baseline itself.",
    uses: ["points"],
    checks: {
      slopeNtk: {
        label: "(0.5, 0): d ln RD / d ln m",
        band: { hi: -0.1 },
        bandWhy: "RD → 0 [group] is a negative slope; |slope| < 0.1 counts as critical (CLAIMS.md). The derived " +
          "estimate (−0.5) is in the detail, not gated: the claim is the sign.",
      },
      slopeCondensed: {
        label: "(1.75, 0): d ln RD / d ln m",
        band: { lo: 0.1 },
        bandWhy: "RD → ∞ [group] is a positive slope, ≥ 0.1 to be distinct from critical (CLAIMS.md); derived " +
          "estimate +0.375 in the detail.",
      },
      slopeLinear: {
        label: "(1.75, 1): d ln RD / d ln m",
        band: { hi: -0.1 },
        bandWhy: "as for (0.5, 0): the sign of RD → 0; derived estimate −0.5 in the detail.",
      },
      cosRise: {
        label: "(1.75, 0): mean|cos| at m = max minus at m = min (mean over draws)",
        band: { lo: 0 },
        bandWhy: "condensation strengthens with m [group]: the sign of the change; the draw spread is reported.",
      },
      cosDrift: {
        label: "linear points: max over m of |Δ mean|cos|| from step 0",
        band: { hi: 0.03 },
        bandWhy: "no condensation: mean|cos| keeps its step-0 value; 0.03 (CLAIMS.md) is just above the sampling " +
          "sd of a mean of 100 random |cos| (0.24/√100 ≈ 0.024).",
      },
      cosBaseline: {
        label: "linear points, largest m: max |mean|cos| − baseline|",
        band: { hi: 0.03 },
        bandWhy: "E|cos| of a random direction in R⁵ is 0.375 (exact); 0.03 as above (the sampling sd at the " +
          "largest m is smaller still).",
      },
    },
    measure: (results) => measureRegimes(results, { ntk: NTK, cond: CONDENSED, lin: LINEAR }),
    control: {
      regime: "each test point swapped for one across the boundary: the (0.5, 0) checks read at (2.5, 0) (across " +
        "γ = 1), the (1.75, 0) checks at (0.5, 0), the (1.75, 1) checks at (1.75, 0) (across γ' = γ − 1)",
      uses: ["points"],
      measure: (results) => measureRegimes(results, { ntk: DEEP, cond: NTK, lin: CONDENSED }),
    },
  },
  {
    id: "P3-C2",
    statement: "In the condensed regime condensation comes earlier relative to the loss change as m grows (t_c/t_L " +
      "falls with m): the alignment time does not depend on m while the time for the loss to move grows like ln m.",
    source: "[derived] (the paper estimates a condensation time [paper]; its form is [open])",
    where: "abstract (“small initialization leads to condensation at the initial training stage”)",
    prediction: "t_c (first step with mean|cos| ≥ 0.9) over t_L (first step with L ≤ 0.99·L0) decreases as m grows. " +
      "Linearised [derived]: the growth mode grows by ln(1 + ηλ) per step from the init scale, so t_c·ln(1 + ηλ) " +
      "does not depend on m, and t_L·ln(1 + ηλ) grows by (γ − 1)/2 = 0.75 per unit ln m (the output starts at " +
      "m^(1−γ))",
    regime: "tested at (2.5, 0), m ∈ {100, 400, 1600} (full: up to 6400), init seeds × data draws. Deviation from " +
      "CLAIMS.md (which names (1.75, 0)): at (1.75, 0) mean|cos| stays below 0.9 in the initial stage up to " +
      "m = 1600 (the detail gives its highest value at each width), so the point is moved deeper into the " +
      "condensed regime with the thresholds unchanged.",
    uses: ["points"],
    checks: {
      ratioSlope: {
        label: "d ln(t_c/t_L) / d ln m",
        band: { hi: 0 },
        bandWhy: "the claim's sign: t_c/t_L falls with m.",
      },
      tcGrowth: {
        label: "t_c·ln(1 + ηλ) per unit ln m",
        band: { lo: -0.15, hi: 0.15 },
        bandWhy: "linearised prediction 0 [derived]; ±0.15 allows the checkpoint resolution (times are " +
          "interpolated between checkpoints 6 % apart, about one step here, ≈ 0.1 in these units at one width, " +
          "less on a slope over ln 16) and the constant terms the linearisation drops.",
      },
      tLGrowth: {
        label: "t_L·ln(1 + ηλ) per unit ln m",
        band: { lo: 0.6, hi: 0.9 },
        bandWhy: "linearised prediction (γ − 1)/2 = 0.75 [derived]; ±0.15 as for t_c.",
      },
    },
    measure: (results) => measureTimes(results, DEEP, false),
    control: {
      regime: "(0.5, 0), the linear side of γ = 1: no condensation (runs that never reach mean|cos| ≥ 0.9 count " +
        "with t_c at their last step, a lower bound)",
      uses: ["points"],
      measure: (results) => measureTimes(results, NTK, true),
    },
  },
  {
    id: "P3-C3",
    statement: "At the end of the initial stage the input weights condense onto at most 2p directions, p the " +
      "multiplicity of the activation at 0.",
    source: "[group] (Zhou et al., “Towards understanding the condensation of neural networks at initial training”, " +
      "arXiv 2105.11686, NeurIPS 2022, abstract)",
    where: "Zhou et al., abstract: the maximal number of condensed orientations in the initial stage is twice the " +
      "multiplicity",
    prediction: "tanh (p = 1): at most 2 directions; x·tanh(x) (p = 2): at most 4. Which ones [derived], from " +
      "σ(z) ≈ σ⁽ᵖ⁾(0)zᵖ/p! with x̃ = (x, 1): p = 1, ±z̃, z̃ = (1/n) Σ yᵢx̃ᵢ; p = 2, ± the top and ± the bottom " +
      "eigenvector of M̃ = (1/n) Σ yᵢx̃ᵢx̃ᵢᵀ (aₖ > 0 grows along the first, aₖ < 0 along the second)",
    regime: `(γ, γ') = (2.5, 0), m = 100, init seeds × data draws, input weights (wₖ, bₖ) at the end of the ` +
      `initial stage, taken here as the first checkpoint (every step up to ~20, then every 4) with ` +
      `L ≤ ${C3_STAGE_END}·L0: with ` +
      "x·tanh(x) the loss falls from ≈ L0 to far below 0.5·L0 within tens of steps once the first neurons blow up, " +
      "sometimes through a second plateau. The condensed neurons are the tenth whose ‖(wₖ, bₖ)‖ grew most; their " +
      "directions are counted as the principal lines holding 90 % of their spread times the signs present, " +
      "without using the prediction, and their alignment is measured against the predicted lines. Deviation from " +
      "CLAIMS.md (clusters with 1 − cos < 0.05 over all neurons): most neurons are still small and at their random " +
      "directions at the end of the initial stage, and the condensed ones sit a few degrees off their line.",
    uses: ["multiplicity"],
    checks: {
      tanhDirections: {
        label: "tanh: directions of the condensed neurons (max over draws)",
        band: { hi: 2 },
        bandWhy: "2p = 2 for p = 1 [group]; a count, no tolerance.",
      },
      tanhAlign: {
        label: "tanh: mean |cos| of the condensed neurons with ±z̃ (mean over draws)",
        band: { lo: 0.9 },
        bandWhy: "condensed onto the predicted line [derived]: 0.9 is CLAIMS.md's condensation threshold (P3-C2); " +
          "random directions in R⁶ give about 0.3.",
      },
      xtanhDirections: {
        label: "x·tanh(x): directions of the condensed neurons (max over draws)",
        band: { hi: 4 },
        bandWhy: "2p = 4 for p = 2 [group]; a count, no tolerance.",
      },
      xtanhAlign: {
        label: "x·tanh(x): mean |cos| of the condensed neurons with the nearer of the two eigenvector lines",
        band: { lo: 0.9 },
        bandWhy: "as for tanh; the best of two random lines in R⁶ gives about 0.45.",
      },
    },
    measure: (results) => measureDirections(results, DEEP),
    control: {
      regime: "the linear point (0.5, 0), same activations, widths, draws and stage end",
      uses: ["multiplicity"],
      measure: (results) => measureDirections(results, NTK),
    },
  },
];

// ---- figures (pure functions from results to Vega-Lite specs) ----

/** One row per grid cell: the seed-mean slope, its regime, whether seeds disagree, the level it was read at. */
function gridCells(results: Results): JsonObject[] {
  const runs = at(results, "grid");
  return [...groupBy(runs, (r) => key(phaseOf(r))).values()].map((g) => {
    const [gamma, gammaPrime] = phaseOf(g[0]);
    const c = cellSlope(g);
    const mark = (c.mixed ? "*" : "") + (c.level > STAGE_END ? "†" : "");
    return {
      gamma,
      gammaPrime,
      slope: Number(c.slope.toFixed(3)),
      label: `${fmt(c.slope)}${mark}`,
      measured: classifySlope(c.slope) ?? "undetermined",
      theory: theoreticalRegime(gamma, gammaPrime),
      mixed: c.mixed,
      level: Number(c.level.toFixed(3)),
    };
  });
}

/** Half the grid spacing along one axis (for the cells' extent). */
function halfStep(values: number[]): number {
  const u = [...new Set(values)].sort((a, b) => a - b);
  return u.length > 1 ? (u[1] - u[0]) / 2 : 0.125;
}

const figures: Figure[] = [
  {
    id: "phase_diagram",
    title: "The measured phase diagram of initial condensation",
    caption:
      "Each cell: the slope of ln RD against ln m (m = 100, 400, 1600 at ci; full adds 6400), RD over (wₖ, bₖ) " +
      "read at the end of the initial stage (L ≤ 0.5·L0), mean over the cell's 2 seeds (the test points have " +
      "more draws in their own experiment). Blue: RD shrinks with m (linear); red: RD grows (condensed). * seeds disagree on the " +
      "regime (|slope| < 0.1 is critical); † a width hit the step cap (400 steps at ci, 1,000 at full) before 0.5·L0, so all widths of " +
      "the cell are read at the deepest loss level all reached. Black lines: the theoretical boundary γ = 1 " +
      "(γ' ≤ 0) and γ' = γ − 1 (γ ≥ 1); dashed frames: the test points of P3-C1.",
    uses: ["grid"],
    spec: (results) => {
      const cells = gridCells(results);
      const dx = halfStep(cells.map((c) => c.gammaPrime as number)), dy = halfStep(cells.map((c) => c.gamma as number));
      const xs = cells.map((c) => c.gammaPrime as number), ys = cells.map((c) => c.gamma as number);
      const reach = Math.max(1, ...cells.map((c) => Math.abs(c.slope as number)).filter(Number.isFinite));
      const [x0, x1] = [Math.min(...xs) - dx, Math.max(...xs) + dx],
        [y0, y1] = [Math.min(...ys) - dy, Math.max(...ys) + dy];
      // The boundary of the condensed region: γ = 1 for γ' ≤ 0, then γ' = γ − 1 from the mean-field point (1, 0).
      const end = Math.min(x1, y1 - 1);
      const boundary = [
        { gp: x0, g: 1, line: "γ = 1", order: 0 },
        { gp: 0, g: 1, line: "γ = 1", order: 1 },
        { gp: 0, g: 1, line: "γ' = γ − 1", order: 0 },
        { gp: end, g: end + 1, line: "γ' = γ − 1", order: 1 },
      ];
      const tests = TEST_POINTS.map(([g, gp]) => ({ gamma: g, gammaPrime: gp, name: key([g, gp]) }));
      const x = { field: "gammaPrime", type: "quantitative", title: "γ'", scale: { domain: [x0, x1], nice: false } };
      const y = { field: "gamma", type: "quantitative", title: "γ", scale: { domain: [y0, y1], nice: false } };
      const layer: JsonObject[] = [
        {
          data: { values: cells },
          transform: [
            { calculate: `datum.gammaPrime - ${dx}`, as: "x0" },
            { calculate: `datum.gammaPrime + ${dx}`, as: "x1" },
            { calculate: `datum.gamma - ${dy}`, as: "y0" },
            { calculate: `datum.gamma + ${dy}`, as: "y1" },
          ],
          mark: { type: "rect", stroke: "white", strokeWidth: 1 },
          encoding: {
            x: { ...x, field: "x0" },
            x2: { field: "x1" },
            y: { ...y, field: "y0" },
            y2: { field: "y1" },
            color: {
              field: "slope",
              type: "quantitative",
              title: "d ln RD / d ln m",
              scale: { scheme: "redblue", reverse: true, domain: [-reach, reach] },
            },
            tooltip: [
              { field: "gamma", type: "quantitative" },
              { field: "gammaPrime", type: "quantitative" },
              { field: "slope", type: "quantitative" },
              { field: "measured", type: "nominal" },
              { field: "theory", type: "nominal" },
              { field: "level", type: "quantitative" },
            ],
          },
        },
        {
          data: { values: cells },
          mark: { type: "text", fontSize: 10 },
          encoding: {
            x,
            y,
            text: { field: "label", type: "nominal" },
            // White text on the darker cells: the colour scale reaches the largest |slope| (not clamped at 1).
            color: { condition: { test: `abs(datum.slope) > ${0.55 * reach}`, value: "white" }, value: "black" },
          },
        },
        {
          data: { values: boundary },
          mark: { type: "line", color: "black", strokeWidth: 2.5 },
          encoding: {
            x: { field: "gp", type: "quantitative" },
            y: { field: "g", type: "quantitative" },
            detail: { field: "line", type: "nominal" },
            order: { field: "order", type: "quantitative" },
          },
        },
        {
          data: { values: tests },
          transform: [
            { calculate: `datum.gammaPrime - ${dx}`, as: "x0" },
            { calculate: `datum.gammaPrime + ${dx}`, as: "x1" },
            { calculate: `datum.gamma - ${dy}`, as: "y0" },
            { calculate: `datum.gamma + ${dy}`, as: "y1" },
          ],
          mark: { type: "rect", fillOpacity: 0, stroke: "black", strokeWidth: 3, strokeDash: [5, 3] },
          encoding: {
            x: { ...x, field: "x0" },
            x2: { field: "x1" },
            y: { ...y, field: "y0" },
            y2: { field: "y1" },
            tooltip: { field: "name", type: "nominal" },
          },
        },
      ];
      return {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        title: "Slope of ln RD against ln m over the (γ, γ') plane",
        width: 420,
        height: 420,
        layer,
      };
    },
  },
  {
    id: "rd_vs_m",
    title: "Relative change of the input weights against width",
    caption: "RD over (wₖ, bₖ) at the end of the initial stage (L ≤ 0.5·L0), each seed a point, lines through the " +
      "seed means. RD falls with m at the linear points (0.5, 0), (1.75, 1) and grows at the condensed points " +
      "(1.75, 0), (2.5, 0).",
    uses: ["points"],
    spec: (results) => {
      const runs = at(results, "points");
      const pts = runs.map((r) => ({ m: widthOf(r), rd: rdAt(r), point: key(phaseOf(r)) }));
      const means = [...groupBy(pts, (p) => `${p.point}|${p.m}`).values()].map((g) => ({
        m: g[0].m,
        rd: mean(g.map((p) => p.rd)),
        point: g[0].point,
      }));
      return lineChart({
        title: "RD at N₀.₅ against m",
        values: pts,
        x: "m",
        y: "rd",
        color: "point",
        points: true,
        logX: true,
        logY: true,
        yTitle: "RD = ‖θ_W − θ_W(0)‖/‖θ_W(0)‖",
        colorTitle: "(γ, γ')",
        layers: [{
          data: { values: means },
          mark: { type: "line", strokeWidth: 1.2 },
          encoding: {
            x: { field: "m", type: "quantitative" },
            y: { field: "rd", type: "quantitative" },
            color: { field: "point", type: "nominal" },
          },
        }],
      });
    },
  },
  {
    id: "condensation_time",
    title: "Condensation precedes loss change: t_c/t_L against width",
    caption: "At (2.5, 0): t_c, the first step with mean|cos(wₖ, ẑ)| ≥ 0.9, over t_L, the first step with " +
      "L ≤ 0.99·L0; each seed a point. Below the dashed line the weights condense before the loss has moved by 1 %.",
    uses: ["points"],
    spec: (results) => {
      const runs = onPoint(at(results, "points"), DEEP);
      return lineChart({
        title: "t_c / t_L at (γ, γ') = (2.5, 0)",
        values: runs.map((r) => ({ m: widthOf(r), ratio: condensationTimes(r).ratio, seed: String(r.point.seed) }))
          .filter((p) => Number.isFinite(p.ratio)),
        x: "m",
        y: "ratio",
        color: "seed",
        points: true,
        logX: true,
        logY: true,
        yTitle: "t_c / t_L",
        layers: [{
          data: { values: [{ one: 1 }] },
          mark: { type: "rule", strokeDash: [6, 4], color: "black" },
          encoding: { y: { field: "one", type: "quantitative" } },
        }],
      });
    },
  },
  {
    id: "cosine_heatmaps",
    title: "Cosine similarity between neurons at the start and at the end of the initial stage",
    caption:
      "cos between the input weights θₖ = (wₖ, bₖ) of the 20 neurons that are largest at the end of the initial " +
      "stage (m = 100, seed 0; the label gives their share of Σ‖θₖ‖²), ordered by their final alignment with the " +
      "largest cluster, at step 0 and at the end of the initial stage (L ≤ 0.5·L0 for the linear point, " +
      `${C3_STAGE_END}·L0 for the condensed ones, as in P3-C3). Linear point: the random pattern stays. Condensed ` +
      "point: tanh gives two antipodal blocks; with x·tanh(x) only a few neurons have grown by then, and they form " +
      "at most four blocks (the rest stay near their random directions).",
    uses: ["points", "multiplicity"],
    spec: (results) => {
      const cases = [
        { name: "tanh, (0.5, 0): linear", run: onPoint(at(results, "points"), NTK).find((r) => hasSnapshots(r)) },
        { name: "tanh, (2.5, 0): condensed", run: seed0(at(results, "multiplicity"), "tanh") },
        { name: "x·tanh(x), (2.5, 0): condensed", run: seed0(at(results, "multiplicity"), "xtanh") },
      ].flatMap((c) => c.run ? [{ name: c.name, ...heatmapRows(c.run) }] : []);
      const names = cases.map((c) => `${c.name} (${(100 * c.share).toFixed(0)} %)`);
      // Matrix rows as strings keep the JSON small; Vega-Lite splits them and numbers the columns.
      const values: JsonObject[] = cases.flatMap((c, ci) => c.rows.map((r) => ({ ...r, p: 2 * ci + (r.p as number) })));
      const transform: JsonObject[] = [
        { calculate: "split(datum.s, ' ')", as: "cs" },
        { flatten: ["cs"] },
        { window: [{ op: "row_number", as: "j" }], groupby: ["p", "i"] },
        { calculate: "toNumber(datum.cs)", as: "cos" },
        { calculate: `${JSON.stringify(names)}[floor(datum.p / 2)]`, as: "case" },
        { calculate: `datum.p % 2 == 0 ? "step 0" : "end of initial stage"`, as: "stage" },
      ];
      return {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        title: "cos(θₖ, θₗ), θ = (w, b)",
        data: { values },
        transform,
        facet: {
          row: { field: "case", type: "nominal", title: null, sort: names },
          column: { field: "stage", type: "nominal", title: null, sort: ["step 0", "end of initial stage"] },
        },
        spec: {
          width: 170,
          height: 170,
          mark: "rect",
          encoding: {
            x: { field: "i", type: "ordinal", axis: null },
            y: { field: "j", type: "ordinal", axis: null },
            color: {
              field: "cos",
              type: "quantitative",
              title: "cos",
              scale: { scheme: "redblue", reverse: true, domain: [-1, 1] },
            },
          },
        },
      };
    },
  },
  {
    id: "condensed_directions",
    title: "Directions of the condensed neurons at the end of the initial stage",
    caption: `P3-C3: per run (m = 100, init seeds × data draws, L ≤ ${C3_STAGE_END}·L0), the number of directions ` +
      "the tenth of the neurons that grew most sit on (principal lines holding 90 % of their spread, times the " +
      "signs present) against their mean |cos| with the predicted lines (±z̃ for tanh, the top and bottom " +
      "eigenvectors of M̃ for x·tanh(x)); the circle's area counts the runs. Condensed point (2.5, 0): at most 2p " +
      "directions, aligned with the prediction; the control, the linear point (0.5, 0): more directions, random " +
      "alignment.",
    uses: ["multiplicity"],
    spec: (results) => {
      const values = at(results, "multiplicity").filter(hasSnapshots).map((r) => {
        const c = condensedDirections(r);
        const act = r.spec.activation === "xtanh" ? "x·tanh(x), p = 2" : "tanh, p = 1";
        const point = phaseOf(r)[0] === DEEP[0] ? "(2.5, 0) condensed" : "(0.5, 0) linear (control)";
        return { directions: c.directions, align: Number(c.align.toFixed(3)), case: `${act}, ${point}` };
      });
      return {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        title: "Condensed directions against alignment with the predicted lines",
        width: 420,
        height: 300,
        data: { values },
        mark: { type: "circle", opacity: 0.6 },
        encoding: {
          x: {
            field: "directions",
            type: "quantitative",
            title: "directions of the condensed neurons",
            axis: { tickMinStep: 1 },
          },
          y: {
            field: "align",
            type: "quantitative",
            title: "mean |cos| with the predicted lines",
            scale: { domain: [0, 1] },
          },
          color: { field: "case", type: "nominal", title: null },
          size: { aggregate: "count", type: "quantitative", title: "runs" },
        },
      };
    },
  },
];

const hasSnapshots = (r: RunRecord) => twoLayerResult(r).snapshots.length >= 2;
const seed0 = (runs: RunRecord[], act: string) =>
  onPoint(runs, DEEP).find((r) =>
    r.spec.activation === act && r.point.seed === 0 && !r.point.dataSeed && hasSnapshots(r)
  );

/**
 * Heatmap rows of the `count` neurons largest at the end of the initial stage, ordered by their final alignment
 * with the largest cluster: one row per (stage p ∈ {0, 1}, neuron i), its cosines as a space-separated string.
 */
function heatmapRows(run: RunRecord, count = 20): { rows: JsonObject[]; share: number } {
  const { start, end, m, D } = endWeights(run);
  const k = Math.min(count, m);
  const norm2 = (q: number) => end.subarray(q * D, q * D + D).reduce((s, v) => s + v * v, 0);
  const all = Array.from({ length: m }, (_, q) => q);
  const total = all.reduce((s, q) => s + norm2(q), 0);
  const largest = all.sort((p, q) => norm2(q) - norm2(p) || p - q).slice(0, k);
  const lead = weightedClusters(end, m, D)[0].direction;
  const align = (q: number) => lead.reduce((s, v, j) => s + v * end[q * D + j], 0) / (Math.sqrt(norm2(q)) || 1);
  const order = largest.sort((p, q) => align(q) - align(p) || p - q);
  const pick = (W: Float64Array) => Float64Array.from(order.flatMap((q) => Array.from(W.subarray(q * D, q * D + D))));
  const rows = [start, end].flatMap((W, p) => {
    const C = cosineMatrix(pick(W), k, D);
    return Array.from({ length: k }, (_, i) => ({
      p,
      i,
      s: Array.from(C.subarray(i * k, i * k + k), (c) => c.toFixed(2)).join(" "),
    }));
  });
  return { rows, share: order.reduce((s, q) => s + norm2(q), 0) / total };
}

/** The grid against the theory: agreement away from the boundary, and the cells that differ. */
function notes(results: Results): string {
  const cells = gridCells(results);
  if (cells.length === 0) return "";
  const isFar = (c: JsonObject) => boundaryDistance(c.gamma as number, c.gammaPrime as number) >= 0.25;
  // A cell is capped when some run hit the step cap before L ≤ 0.5·L0, i.e. before leaving the initial stage.
  const isCapped = (c: JsonObject) => (c.level as number) > STAGE_END;
  const far = cells.filter((c) => isFar(c) && !isCapped(c));
  const agree = far.filter((c) => c.measured === c.theory);
  const near = cells.filter((c) => !isFar(c) && !isCapped(c));
  const capped = cells.filter(isCapped);
  const cappedAgree = capped.filter((c) => isFar(c) && c.measured === c.theory);
  const list = (cs: JsonObject[]) =>
    cs.map((c) => `(${c.gamma}, ${c.gammaPrime}) ${c.label} ${c.measured}`).join("; ") || "none";
  return [
    `**Measured phase diagram.** ${cells.length} cells, ${capped.length} of them capped (a run hit the step cap ` +
    `before L ≤ 0.5·L0, so the cell never left the initial stage and is read earlier: counted apart below). Of the ` +
    `${far.length} uncapped cells at least 0.25 from the theoretical boundary, ${agree.length} are classified as ` +
    `the theory predicts (|slope| ≥ 0.1 with the predicted sign); those that are not: ${
      list(far.filter((c) => c.measured !== c.theory))
    }.`,
    "",
    `Uncapped cells within 0.25 of the boundary (expected to be mixed at these widths): ${list(near)}.`,
    "",
    `Capped cells (not in the tally; ${cappedAgree.length} of the ${capped.filter(isFar).length} far from the ` +
    `boundary agree with the theory, read at the deepest level all widths reached): ${
      capped.map((c) => `(${c.gamma}, ${c.gammaPrime}) ${c.label} ${c.measured} at L = ${c.level}·L0`).join("; ") ||
      "none"
    }.` +
    (capped.length && capped.every((c) => (c.gammaPrime as number) > (c.gamma as number))
      ? " All have γ' > γ, i.e. β₂ > 1: tanh saturates, and the step rule η = 0.2/(1 + m(β₁² + β₂²)d), sized for " +
        "the unsaturated kernel, makes learning slow there."
      : ""),
  ].join("\n");
}

/** Paper 3, declared. */
export const chen2023: Paper = {
  id: "chen2023",
  title: "Phase Diagram of Initial Condensation for Two-layer Neural Networks",
  authors: "Zhengan Chen, Yuqing Li, Tao Luo, Zhangchen Zhou, Zhi-Qin John Xu",
  year: 2023,
  arxiv: "2303.06561",
  summary: "Two-layer network f(x) = (1/α) Σₖ aₖ σ(wₖ·x + bₖ) with aₖ ~ N(0, β₁²) and wₖ, bₖ ~ N(0, β₂²) (the bias " +
    "is the weight of an appended constant-1 input), square loss, full-batch GD. Following Luo et al. (JMLR 2021) " +
    "the init is placed in the plane γ = −ln(β₁β₂/α)/ln m, γ' = −ln(β₁/β₂)/ln m, and the regime is read from how " +
    "the relative change RD of the input weights scales with the width m: linear (RD → 0) if γ < 1 or γ' > γ − 1, " +
    "condensed (RD → ∞) if γ > 1 and γ' < γ − 1, critical on the boundary (mean field at (1, 0)). Here: σ = tanh " +
    "(and x·tanh(x)), d = 5, n = 100 Gaussian inputs, y = tanh(2w*·x) + 0.5 tanh(x₁ − x₂), α = 1, " +
    "η = 0.2/(1 + m(β₁² + β₂²)d), and every measurement is read at the end of the initial stage, L ≤ 0.5·L0.",
  experiments,
  claims,
  figures,
  notes,
};
