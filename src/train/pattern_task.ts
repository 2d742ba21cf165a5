/**
 * The `relu_plateau` task: full-batch GD on a ReLU network with bias, N(x) = Σₖ cₖ relu(wₖ·x + bₖ), that tracks
 * the activation pattern at every step (or every `trackEvery` steps, with hysteresis) and records each change, the
 * constant-pattern periods (with the free and kink-constrained least-squares losses of the state that ends each),
 * optionally a settling phase that runs GD on until the pattern is stable and the loss rate is slow, and optionally
 * GD and ANLS from GD states on a plateau (paper 2, Ainsworth & Shin 2020).
 *
 * Always float64: the per-step pattern tracking needs the weights at every step.
 *
 * @example
 * ```ts
 * import { reluPlateauTask } from "./pattern_task.ts";
 * console.log(reluPlateauTask.name); // "relu_plateau"
 * ```
 * @module
 */
import { bool, int, num, numberRecord, oneOf, type Schema, str } from "../core/schema.ts";
import type { JsonObject, RunSpec } from "../core/types.ts";
import {
  activationPattern,
  activeCounts,
  hyperplaneDistances,
  kinkConstrainedLeastSquares,
  stationarityResiduals,
  updatePattern,
} from "../analysis/patterns.ts";
import { ratePlateaus } from "../analysis/rate_plateaus.ts";
import { anlsStep } from "./anls.ts";
import { f64Engine } from "./engines/f64.ts";
import { type Architecture, type Dataset, lossOf, type Net, predict } from "../core/network.ts";
import { checkpoints } from "./schedule.ts";
import type { Task } from "./task.ts";
import { compact, initialNet, problemOf } from "./two_layer.ts";

/** The fields of a `relu_plateau` run. */
export const reluPlateauSchema: Schema = {
  inputs: oneOf(["gaussian", "grid1d", "grid1d_jitter"], { default: "grid1d", doc: "input distribution" }),
  target: str({ doc: "target name (src/train/data.ts)" }),
  targetParams: numberRecord({ default: {}, doc: "target parameters" }),
  n: int({ min: 2, doc: "samples" }),
  d: int({ min: 1, default: 1, doc: "input dimension" }),
  dataSeed: int({ min: 0, default: 0, doc: "seed of the inputs and the target" }),
  m: int({ min: 1, doc: "width N" }),
  initScaleA: num({ min: 0, doc: "cₖ ~ N(0, initScaleA²)" }),
  initScaleW: num({ min: 0, doc: "wₖ ~ N(0, initScaleW²)" }),
  initScaleB: num({ min: 0, doc: "bₖ ~ N(0, initScaleB²)" }),
  seed: int({ min: 0, doc: "seed of the initialisation" }),
  lr: num({ positive: true, doc: "GD step size η" }),
  steps: int({ min: 1, doc: "GD steps" }),
  margin: num({ min: 0, default: 0.005, doc: "hysteresis: distance a kink must pass a data point by" }),
  minPeriod: num({ min: 0, max: 1, default: 0.02, doc: "store constant-pattern periods at least this × steps" }),
  polish: bool({ default: true, doc: "free and kink-constrained least squares at each stored period's end" }),
  trackEvery: int({ min: 1, default: 1, doc: "the pattern is tracked every this many steps" }),
  settle: int({ min: 0, default: 0, doc: "GD steps allowed after `steps` to settle (P2-C2); 0: none" }),
  settleWindow: int({ min: 1, default: 10000, doc: "settled: a window without pattern change and a slow rate" }),
  settleDrop: num({ positive: true, default: 1e-3, doc: "settled: predicted remaining ln-loss drop below this" }),
  recordCounts: bool({ default: true, doc: "per-neuron active counts at every checkpoint" }),
  maxChanges: int({ min: 0, default: 4000, doc: "pattern changes stored (all are counted)" }),
  perDecade: int({ min: 0, default: 20, doc: "log-spaced checkpoints per decade" }),
  linear: int({ min: 0, default: 100, doc: "evenly spaced checkpoints" }),
  exit: bool({ default: false, doc: "compare GD and ANLS from GD states at three depths of the longest plateau" }),
  exitRatio: num({ positive: true, max: 1, default: 0.9, doc: "exit = loss ≤ exitRatio × the start loss" }),
  anlsMaxIter: int({ min: 1, default: 200, doc: "ANLS iterations allowed for the exit" }),
};

/** The spec as the generic two-layer helpers read it: a ReLU network with bias, square loss, plain GD. */
const asTwoLayer = (spec: RunSpec): RunSpec => ({
  ...spec,
  activation: "relu",
  bias: true,
  alpha: 1,
  loss: "square",
  optimizer: "gd",
  lrScaleA: 1,
  batchSize: 0,
});

const netJson = (net: Net): JsonObject => ({
  a: Array.from(net.a, compact),
  W: Array.from(net.W, compact),
  b: Array.from(net.b ?? [], compact),
});

/** Log-spaced iteration counts (1, 2, 3, 5, 8, …) at which exit traces are kept. */
const keepTrace = (it: number) => it <= 10 || Math.abs(Math.log10(it) * 20 - Math.round(Math.log10(it) * 20)) < 1e-9;

/** Whether two activation patterns are equal. */
const samePattern = (p: Uint8Array, q: Uint8Array) => p.length === q.length && p.every((v, i) => v === q[i]);

/**
 * What the pattern's least squares say about a state (P2-C2): its loss, the free-line and the kink-constrained
 * least-squares losses of its exact pattern, and the largest stationarity |cos| over active neurons.
 */
function lsReport(arch: Architecture, net: Net, data: Dataset): JsonObject {
  const m = arch.m, exact = activationPattern(net, data, m);
  const kls = kinkConstrainedLeastSquares(data, exact, m);
  const cos = stationarityResiduals(data, predict(arch, net, data), exact, m);
  const worst = (ks: number[]) => Math.max(0, ...ks.map((k) => cos[k]).filter((v) => !Number.isNaN(v)));
  const all = cos.map((_, k) => k);
  return {
    loss: compact(lossOf(arch, net, data)),
    lsLoss: compact(kls.freeLoss),
    klsLoss: compact(kls.loss),
    klsExact: kls.exact,
    pinned: kls.options.filter((o) => o.kind !== "free").length,
    stat: compact(worst(all)),
    statFree: compact(worst(all.filter((k) => kls.options[k].kind === "free"))),
  };
}

/** Runs one `relu_plateau` spec. */
async function runOne(spec0: RunSpec, progress: (s: number) => void): Promise<JsonObject> {
  const spec = asTwoLayer(spec0);
  const problem = problemOf(spec);
  const { arch, data } = problem;
  const { m } = arch, n = data.n;
  const steps = spec.steps as number, margin = spec.margin as number, every = spec.trackEvery as number;
  const init = initialNet(spec);
  const marks = checkpoints(steps, { perDecade: spec.perDecade as number, linear: spec.linear as number });
  const stepper = await f64Engine.open(problem, [init]);
  const pattern = activationPattern(init, data, m);
  const out = {
    step: [] as number[],
    loss: [] as number[],
    counts: [] as number[][],
    changeStep: [] as number[],
    changeNeuron: [] as number[],
    periods: [] as JsonObject[],
  };
  let changesTotal = 0, periodStart = 0, prev = init, prevStep = 0;
  const L0 = lossOf(arch, init, data);
  const minLen = Math.max(1, (spec.minPeriod as number) * steps);
  const closePeriod = (end: number, net: Net) => {
    if (end - periodStart < minLen) return;
    const p: JsonObject = {
      start: periodStart,
      end,
      loss: compact(lossOf(arch, net, data)),
      counts: activeCounts(pattern, n, m),
      net: netJson(net),
    };
    if (spec.polish) Object.assign(p, lsReport(arch, net, data));
    out.periods.push(p);
  };
  const record = (s: number, net: Net) => {
    out.step.push(s);
    out.loss.push(compact(lossOf(arch, net, data)));
    if (spec.recordCounts) out.counts.push(activeCounts(pattern, n, m));
  };
  /** Tracks the pattern at step s (state `net`); returns the number of changes. */
  const track = (s: number, net: Net, store: boolean) => {
    const changes = updatePattern(pattern, hyperplaneDistances(net, data, m), m, margin);
    if (changes.length === 0) return 0;
    if (store) {
      // The period of the old pattern ended at the previous tracked step; `pattern` already holds the new one, so
      // the stored counts are restored from the state that ended it.
      const kept = pattern.slice();
      for (const c of changes) pattern[c.sample * m + c.neuron] = c.active ? 0 : 1;
      closePeriod(prevStep, prev);
      pattern.set(kept);
      periodStart = s;
      for (const c of changes) {
        if (out.changeStep.length >= (spec.maxChanges as number)) break;
        out.changeStep.push(s), out.changeNeuron.push(c.neuron);
      }
    }
    if (store) changesTotal += changes.length;
    return changes.length;
  };
  record(0, init);
  let settle: JsonObject | undefined;
  try {
    let s = 0, mark = 1, done = 0;
    while (s < steps) {
      // The next event: a tracking step or a checkpoint, whichever comes first.
      const nextTrack = (Math.floor(s / every) + 1) * every;
      const target = Math.min(nextTrack, marks[mark] ?? steps, steps);
      await stepper.advance(target - s);
      s = target;
      const [net] = await stepper.read();
      if (s % every === 0 || s === steps) track(s, net, true);
      if (marks[mark] === s) record(s, net), mark++;
      prev = net, prevStep = s;
      if (s - done >= 1000) progress(s - done), done = s;
    }
    progress(steps - done);
    closePeriod(steps, prev);
    // Settling (P2-C2): GD goes on, in windows, until a whole window has no pattern change and the loss drop still
    // to come, g·τ (g = −Δ ln L/Δt of the window, τ = window / ln(g_prev/g) the decay time of the rate), is below
    // `settleDrop`; or until `settle` more steps are spent (then: unconverged).
    const budget = spec.settle as number, window = spec.settleWindow as number;
    if (budget > 0) {
      let used = 0, converged = false, rate = NaN, prevRate = NaN, remaining = NaN, quietFor = 0, crossings = 0;
      let L = lossOf(arch, prev, data), net = prev;
      while (used < budget && !converged) {
        let changed = 0;
        for (let t = 0; t < window; t += every) {
          await stepper.advance(every);
          [net] = await stepper.read();
          changed += track(steps + used + t + every, net, false);
        }
        used += window, crossings += changed;
        const L2 = lossOf(arch, net, data);
        prevRate = rate, rate = Math.log(L / L2) / window;
        L = L2;
        quietFor = changed ? 0 : quietFor + window;
        remaining = rate <= 0 ? 0 : prevRate > rate ? (rate * window) / Math.log(prevRate / rate) : Infinity;
        converged = changed === 0 && remaining < (spec.settleDrop as number);
        progress(window);
      }
      settle = {
        steps: used,
        converged,
        rate: compact(rate),
        remaining: compact(remaining),
        quietFor,
        crossings,
        net: netJson(net),
        counts: activeCounts(activationPattern(net, data, m), n, m),
        ...lsReport(arch, net, data),
      };
    }
  } finally {
    stepper.dispose();
  }
  const result: JsonObject = {
    L0: compact(L0),
    lastStep: steps,
    x: Array.from(data.X, compact),
    step: out.step,
    loss: out.loss,
    changeStep: out.changeStep,
    changeNeuron: out.changeNeuron,
    changesTotal,
    periods: out.periods,
  };
  if (settle) result.settle = settle;
  if (spec.recordCounts) result.counts = out.counts;
  if (spec.exit) result.exit = await exitComparisons(spec, init, out.step, out.loss);
  return result;
}

/**
 * Median wall-clock (ms) of `solve` over repeats: at least 5 and until 50 ms have been spent (at most 200), but one
 * repeat only once a second has been spent, so sub-millisecond solves are not read off a single timer call and
 * long ones are not repeated.
 */
async function medianMs(solve: () => Promise<void>): Promise<{ ms: number; repeats: number }> {
  const times: number[] = [];
  let total = 0;
  while (times.length < 200 && (times.length < 5 || total < 50) && !(total > 1000)) {
    const t0 = performance.now();
    await solve();
    const dt = performance.now() - t0;
    times.push(dt), total += dt;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], repeats: times.length };
}

/** Plateau depths at which GD and ANLS start (fractions of the plateau's linear-time span, P2-C3). */
const DEPTHS = [0.25, 0.5, 0.75];

/**
 * GD and ANLS (reconstructed) from GD states on a plateau (P2-C3): the longest plateau with an exit that the
 * linear-time detector (`rate_plateaus.ts`) finds after step 10, at depths 25 %, 50 %, 75 % of its span; and, as
 * the control, from the middle of the descent that follows it. From each start: GD steps and ANLS iterations
 * until the loss falls to `exitRatio` × its start value (GD allowed the rest of the run's steps), whether each
 * changed the pattern, the median wall-clock of each over repeated solves, and the state's least-squares report.
 */
async function exitComparisons(spec: RunSpec, init: Net, step: number[], loss: number[]): Promise<JsonObject> {
  const problem = problemOf(spec);
  const { arch, data } = problem;
  const steps = spec.steps as number;
  const plateaus = ratePlateaus(step, loss).filter((s) => s.kind === "plateau" && s.exit && s.start >= 10);
  if (plateaus.length === 0) return { found: false };
  const plateau = plateaus.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
  const stages = ratePlateaus(step, loss);
  const after = stages.find((s) => s.kind === "descent" && s.start >= plateau.end);
  const starts = DEPTHS.map((q) => ({ depth: q, from: Math.round(plateau.start + q * (plateau.end - plateau.start)) }));
  const control = after ? { depth: -1, from: Math.round((after.start + after.end) / 2) } : undefined;
  const all = control ? [...starts, control] : starts;
  // One replay of GD from the initialisation collects every start state.
  const replay = await f64Engine.open(problem, [init]);
  const states: Net[] = [];
  let at = 0;
  for (const s of all.map((a) => a.from)) {
    await replay.advance(s - at);
    at = s;
    states.push((await replay.read())[0]);
  }
  replay.dispose();
  const runs: JsonObject[] = [];
  for (let j = 0; j < all.length; j++) {
    runs.push({
      depth: all[j].depth,
      from: all[j].from,
      ...lsReport(arch, states[j], data),
      ...(await exitFrom(spec, problem, states[j], steps - all[j].from)),
    });
  }
  return {
    found: true,
    plateau: [compact(plateau.start), compact(plateau.end)],
    starts: runs.slice(0, starts.length),
    ...(control ? { control: runs[starts.length], descent: [compact(after!.start), compact(after!.end)] } : {}),
  };
}

/** GD steps and ANLS iterations from `state` to `exitRatio` × its loss (see {@linkcode exitComparisons}). */
async function exitFrom(
  spec: RunSpec,
  problem: ReturnType<typeof problemOf>,
  state: Net,
  budget: number,
): Promise<JsonObject> {
  const { arch, data } = problem;
  const m = arch.m, ratio = spec.exitRatio as number, margin = spec.margin as number;
  const lossFrom = lossOf(arch, state, data), target = ratio * lossFrom;
  const startPattern = activationPattern(state, data, m);
  // GD, step by step, up to `budget` steps; the pattern tracked with the run's hysteresis.
  const gd = await f64Engine.open(problem, [state]);
  const gdTrace: number[][] = [[0, compact(lossFrom)]];
  const tracked = startPattern.slice();
  let gdIt = 0, reached = false, firstChange = -1;
  while (gdIt < budget && !reached) {
    await gd.advance(1);
    gdIt++;
    const [net] = await gd.read();
    if (firstChange < 0 && updatePattern(tracked, hyperplaneDistances(net, data, m), m, margin).length) {
      firstChange = gdIt;
    }
    const L = lossOf(arch, net, data);
    reached = L <= target;
    if (keepTrace(gdIt) || reached) gdTrace.push([gdIt, compact(L)]);
  }
  gd.dispose();
  // ANLS (reconstructed), iteration by iteration; whether an accepted move changed the (exact) pattern.
  const anlsTrace: number[][] = [[0, compact(lossFrom)]];
  let net = state, anlsIt = 0, anlsReached = false, stalled = false, patternMoves = 0;
  while (anlsIt < (spec.anlsMaxIter as number) && !anlsReached && !stalled) {
    const r = anlsStep(arch, net, data);
    anlsIt++;
    stalled = r.move === undefined;
    if (!samePattern(activationPattern(r.net, data, m), activationPattern(net, data, m))) patternMoves++;
    net = r.net;
    anlsReached = r.loss <= target;
    anlsTrace.push([anlsIt, compact(r.loss)]);
  }
  // Wall-clock: the same number of plain GD steps (no per-step loss or pattern) and the same ANLS iterations.
  const gdTime = await medianMs(async () => {
    const timer = await f64Engine.open(problem, [state]);
    await timer.advance(gdIt);
    timer.dispose();
  });
  const anlsTime = await medianMs(() => {
    let x = state;
    for (let it = 0; it < anlsIt; it++) x = anlsStep(arch, x, data).net;
    return Promise.resolve();
  });
  return {
    lossFrom: compact(lossFrom),
    target: compact(target),
    gd: {
      iterations: gdIt,
      reached,
      firstChange,
      patternChanged: firstChange > 0,
      ms: compact(gdTime.ms),
      repeats: gdTime.repeats,
      trace: gdTrace,
    },
    anls: {
      iterations: anlsIt,
      reached: anlsReached,
      patternMoves,
      ms: compact(anlsTime.ms),
      repeats: anlsTime.repeats,
      trace: anlsTrace,
    },
  };
}

/** The `relu_plateau` task. */
export const reluPlateauTask: Task = {
  name: "relu_plateau",
  version: "3",
  engines: "f64",
  schema: reluPlateauSchema,
  validate(spec) {
    const oneD = spec.inputs === "grid1d" || spec.inputs === "grid1d_jitter";
    const problems = oneD && spec.d !== 1 ? [{ field: "d", message: "must be 1 for 1-D grid inputs" }] : [];
    if ((spec.settle as number) > 0 && spec.d !== 1) problems.push({ field: "settle", message: "needs 1-D inputs" });
    if ((spec.settleWindow as number) % (spec.trackEvery as number) !== 0) {
      problems.push({ field: "settleWindow", message: "must be a multiple of trackEvery" });
    }
    return problems;
  },
  cost: (spec) => (spec.steps as number) + (spec.settle as number),
  work: (spec) => (spec.steps as number) * (spec.n as number) * (spec.m as number) * 3,
  async run(specs, ctx) {
    const results: JsonObject[] = [];
    for (const spec of specs) results.push(await runOne(spec, ctx.progress));
    return results;
  },
};
