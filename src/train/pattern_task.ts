/**
 * The `relu_plateau` task: full-batch GD on a ReLU network with bias, N(x) = Σₖ cₖ relu(wₖ·x + bₖ), that tracks
 * the activation pattern at EVERY step (with hysteresis) and records each change, the constant-pattern periods
 * (with the pattern's least-squares loss and a Gauss–Newton polish of the state that ends each), and optionally
 * the exit from a plateau by GD and by ANLS from the same pattern-local minimum (paper 2, Ainsworth & Shin 2020).
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
  patternLeastSquares,
  stationarityResiduals,
  updatePattern,
} from "../analysis/patterns.ts";
import { detectStages } from "../analysis/stages.ts";
import { anlsStep, fitPattern, gaussNewtonPolish } from "./anls.ts";
import { f64Engine } from "./engines/f64.ts";
import { type Architecture, type Dataset, lossOf, type Net, predict } from "../core/network.ts";
import { checkpoints } from "./schedule.ts";
import type { Task } from "./task.ts";
import { compact, initialNet, problemOf } from "./two_layer.ts";

/** The fields of a `relu_plateau` run. */
export const reluPlateauSchema: Schema = {
  inputs: oneOf(["gaussian", "grid1d"], { default: "grid1d", doc: "input distribution" }),
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
  polish: bool({ default: true, doc: "least squares and Gauss–Newton polish at the end of each stored period" }),
  recordCounts: bool({ default: true, doc: "per-neuron active counts at every checkpoint" }),
  maxChanges: int({ min: 0, default: 4000, doc: "pattern changes stored (all are counted)" }),
  perDecade: int({ min: 0, default: 20, doc: "log-spaced checkpoints per decade" }),
  linear: int({ min: 0, default: 100, doc: "evenly spaced checkpoints" }),
  exit: bool({ default: false, doc: "compare GD and ANLS leaving the first plateau from the same state" }),
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

/** Runs one `relu_plateau` spec. */
async function runOne(spec0: RunSpec, progress: (s: number) => void): Promise<JsonObject> {
  const spec = asTwoLayer(spec0);
  const problem = problemOf(spec);
  const { arch, data } = problem;
  const { m } = arch, n = data.n;
  const steps = spec.steps as number, margin = spec.margin as number;
  const init = initialNet(spec);
  const schedule = new Set(checkpoints(steps, { perDecade: spec.perDecade as number, linear: spec.linear as number }));
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
  let changesTotal = 0, periodStart = 0, prev = init;
  const L0 = lossOf(arch, init, data);
  const minLen = Math.max(1, (spec.minPeriod as number) * steps);
  const closePeriod = (end: number, net: Net) => {
    if (end - periodStart < minLen) return;
    const exact = activationPattern(net, data, m);
    const p: JsonObject = {
      start: periodStart,
      end,
      loss: compact(lossOf(arch, net, data)),
      counts: activeCounts(pattern, n, m),
      net: netJson(net),
    };
    if (spec.polish) {
      const fit = patternLeastSquares(data, exact, m);
      const polished = gaussNewtonPolish(arch, net, data);
      const stat = (x: Net) =>
        Math.max(0, ...stationarityResiduals(data, predict(arch, x, data), exact, m).filter((v) => !Number.isNaN(v)));
      Object.assign(p, {
        lsLoss: compact(fit.loss),
        polishedLoss: compact(polished.loss),
        statGD: compact(stat(net)),
        statPolished: compact(stat(polished.net)),
      });
    }
    out.periods.push(p);
  };
  const record = (s: number, net: Net) => {
    out.step.push(s);
    out.loss.push(compact(lossOf(arch, net, data)));
    if (spec.recordCounts) out.counts.push(activeCounts(pattern, n, m));
  };
  record(0, init);
  try {
    for (let s = 1; s <= steps; s++) {
      await stepper.advance(1);
      const [net] = await stepper.read();
      const changes = updatePattern(pattern, hyperplaneDistances(net, data, m), m, margin);
      if (changes.length) {
        // The period of the old pattern ended at the previous step; `pattern` already holds the new one, so
        // the stored counts are restored from the state that ended it.
        const kept = pattern.slice();
        for (const c of changes) pattern[c.sample * m + c.neuron] = c.active ? 0 : 1;
        closePeriod(s - 1, prev);
        pattern.set(kept);
        periodStart = s;
        changesTotal += changes.length;
        for (const c of changes) {
          if (out.changeStep.length >= (spec.maxChanges as number)) break;
          out.changeStep.push(s), out.changeNeuron.push(c.neuron);
        }
      }
      if (schedule.has(s)) record(s, net);
      prev = net;
      if (s % 1000 === 0) progress(1000);
    }
    progress(steps % 1000);
    closePeriod(steps, prev);
  } finally {
    stepper.dispose();
  }
  const result: JsonObject = {
    L0: compact(L0),
    lastStep: steps,
    step: out.step,
    loss: out.loss,
    changeStep: out.changeStep,
    changeNeuron: out.changeNeuron,
    changesTotal,
    periods: out.periods,
  };
  if (spec.recordCounts) result.counts = out.counts;
  if (spec.exit) result.exit = await exitComparison(spec, init, out.step, out.loss);
  return result;
}

/** Whether two activation patterns are equal. */
const samePattern = (p: Uint8Array, q: Uint8Array) => p.length === q.length && p.every((v, i) => v === q[i]);

/**
 * Median wall-clock (ms) of `solve` over repeats: at least 5 and until 50 ms have been spent (at most 200; at least
 * 3 when one repeat takes over a second), so sub-millisecond solves are not read off a single timer call.
 */
async function medianMs(solve: () => Promise<void>): Promise<{ ms: number; repeats: number }> {
  const times: number[] = [];
  let total = 0;
  while (times.length < 200 && (times.length < 5 || total < 50) && !(times.length >= 3 && total > 3000)) {
    const t0 = performance.now();
    await solve();
    const dt = performance.now() - t0;
    times.push(dt), total += dt;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], repeats: times.length };
}

/**
 * A pattern-local minimum with the pattern of `state`: the pattern's least-squares refit realised as a network with
 * that pattern (repeated while it lowers the loss and keeps the pattern), then the pattern-preserving
 * Levenberg–Marquardt polish. From it, ANLS's refit candidate no longer lowers the loss, so leaving requires a
 * pattern change (P2-C3).
 */
function patternLocalMinimum(arch: Architecture, state: Net, data: Dataset): { net: Net; refits: number } {
  const pattern = activationPattern(state, data, arch.m);
  let net = state, L = lossOf(arch, state, data), refits = 0;
  for (let it = 0; it < 20; it++) {
    const fit = fitPattern(arch, net, data, pattern);
    if (!fit || !(fit.loss < L * (1 - 1e-12)) || !samePattern(activationPattern(fit.net, data, arch.m), pattern)) break;
    net = fit.net, L = fit.loss, refits++;
  }
  const polished = gaussNewtonPolish(arch, net, data);
  return { net: polished.loss < L ? polished.net : net, refits };
}

/**
 * From a pattern-local minimum inside the first plateau that starts after step 10 (the least-squares refit of the
 * GD state in the plateau's log-time middle, realised with the same pattern, see `patternLocalMinimum`): GD steps
 * and ANLS iterations until the loss falls to `exitRatio` × its value there, whether each changed the pattern on
 * the way, and the median wall-clock of each over repeated solves (P2-C3).
 */
async function exitComparison(
  spec: RunSpec,
  init: Net,
  step: number[],
  loss: number[],
): Promise<JsonObject> {
  const problem = problemOf(spec);
  const { arch, data } = problem;
  const m = arch.m, steps = spec.steps as number, ratio = spec.exitRatio as number, margin = spec.margin as number;
  const plateau = detectStages(step, loss).find((s) => s.kind === "plateau" && s.start >= 10);
  if (!plateau) return { found: false };
  const from = Math.min(steps - 1, Math.round(Math.sqrt(plateau.start * plateau.end)));
  const warm = await f64Engine.open(problem, [init]);
  await warm.advance(from);
  const [gdState] = await warm.read();
  warm.dispose();
  const lossGD = lossOf(arch, gdState, data);
  const startPattern = activationPattern(gdState, data, m);
  const lsLoss = patternLeastSquares(data, startPattern, m).loss;
  const { net: state, refits } = patternLocalMinimum(arch, gdState, data);
  const samePatternAtStart = samePattern(activationPattern(state, data, m), startPattern);
  const lossFrom = lossOf(arch, state, data), target = ratio * lossFrom;
  const refit = fitPattern(arch, state, data, startPattern);
  // GD, step by step, up to the rest of the run's budget; the pattern tracked with the run's hysteresis.
  const budget = steps - from;
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
  // ANLS (reconstructed): an exit counts only if an accepted move changed the (exact) pattern.
  const anlsTrace: number[][] = [[0, compact(lossFrom)]];
  const moves: JsonObject[] = [];
  let net = state, anlsIt = 0, anlsReached = false, stalled = false, patternMoves = 0;
  while (anlsIt < (spec.anlsMaxIter as number) && !anlsReached && !stalled) {
    const r = anlsStep(arch, net, data);
    anlsIt++;
    stalled = r.move === undefined;
    const changed = !samePattern(activationPattern(r.net, data, m), activationPattern(net, data, m));
    if (changed) patternMoves++;
    if (r.move) moves.push({ neuron: r.move.neuron, sample: r.move.sample, active: r.move.active, changed });
    net = r.net;
    anlsReached = r.loss <= target;
    anlsTrace.push([anlsIt, compact(r.loss)]);
  }
  // Wall-clock: the same number of plain GD steps (no per-step loss or pattern) and the same ANLS iterations,
  // each repeated; medians.
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
  let edge = Infinity;
  for (const q of hyperplaneDistances(state, data, m)) edge = Math.min(edge, Math.abs(q));
  return {
    found: true,
    from,
    plateau: [compact(plateau.start), compact(plateau.end)],
    lossGD: compact(lossGD),
    lsLoss: compact(lsLoss),
    refits,
    samePattern: samePatternAtStart,
    refitGain: refit ? compact(1 - refit.loss / lossFrom) : null,
    edge: compact(edge),
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
      exited: anlsReached && patternMoves > 0,
      patternMoves,
      moves,
      ms: compact(anlsTime.ms),
      repeats: anlsTime.repeats,
      trace: anlsTrace,
    },
  };
}

/** The `relu_plateau` task. */
export const reluPlateauTask: Task = {
  name: "relu_plateau",
  version: "2",
  engines: "f64",
  schema: reluPlateauSchema,
  validate(spec) {
    return spec.inputs === "grid1d" && spec.d !== 1 ? [{ field: "d", message: "must be 1 for grid1d inputs" }] : [];
  },
  cost: (spec) => spec.steps as number,
  work: (spec) => (spec.steps as number) * (spec.n as number) * (spec.m as number) * 3,
  async run(specs, ctx) {
    const results: JsonObject[] = [];
    for (const spec of specs) results.push(await runOne(spec, ctx.progress));
    return results;
  },
};
