/**
 * The `two_layer` task: train two-layer networks f(x) = (1/α) Σₖ aₖ σ(wₖ·x + bₖ) on a named dataset and record
 * the loss and the requested probes at log- and evenly-spaced checkpoints.
 *
 * Every measurement is taken in float64 from weights read back from the engine, so engines are compared on the
 * same footing. The loss decrease (1/2n) Σ f(2y − f) is recorded beside the loss so tiny plateau changes resolve.
 *
 * @example
 * ```ts
 * import { twoLayerTask } from "./two_layer.ts";
 * console.log(twoLayerTask.name, Object.keys(twoLayerTask.schema).length > 10); // "two_layer" true
 * ```
 * @module
 */
import { canonicalJson } from "../core/hash.ts";
import { divergedStatus } from "../core/divergence.ts";
import { bool, int, list, num, numberRecord, oneOf, type Schema, str } from "../core/schema.ts";
import type { JsonObject, RunSpec } from "../core/types.ts";
import { linearBaseline } from "../analysis/linear_fit.ts";
import { type ProbeContext, probes } from "../analysis/probes.ts";
import type { Stepper, TrainProblem } from "./engine.ts";
import { type DataSpec, makeDataset } from "./data.ts";
import { f64Engine } from "./engines/f64.ts";
import {
  type Activation,
  type Architecture,
  lossDecreaseOf,
  type LossKind,
  lossOf,
  type Net,
} from "../core/network.ts";
import { extraOptimizers } from "./optimizers.ts";
import { onlineOptimizer } from "./online.ts";
import { normals, rng } from "./rng.ts";
import { checkpoints } from "./schedule.ts";
import type { Task } from "./task.ts";
import type { TwoLayerResult } from "../core/results.ts";

/** The fields of a `two_layer` run. */
export const twoLayerSchema: Schema = {
  inputs: oneOf(["gaussian", "grid1d"], { default: "gaussian", doc: "input distribution" }),
  target: str({ doc: "target name (src/train/data.ts)" }),
  targetParams: numberRecord({ default: {}, doc: "target parameters" }),
  n: int({ min: 1, doc: "samples" }),
  d: int({ min: 1, doc: "input dimension" }),
  dataSeed: int({ min: 0, default: 0, doc: "seed of the inputs and the target" }),
  m: int({ min: 1, doc: "width" }),
  activation: oneOf(["tanh", "relu", "xtanh"], { doc: "σ" }),
  bias: bool({ default: false, doc: "hidden biases bₖ" }),
  alpha: num({ positive: true, default: 1, doc: "output scale: f = (1/α) Σ aₖσ(·)" }),
  initScaleA: num({ min: 0, doc: "aₖ ~ N(0, initScaleA²)" }),
  initScaleW: num({ min: 0, doc: "wₖⱼ ~ N(0, initScaleW²)" }),
  initScaleB: num({ min: 0, default: 0, doc: "bₖ ~ N(0, initScaleB²)" }),
  seed: int({ min: 0, doc: "seed of the initialisation" }),
  loss: oneOf(["square", "logistic", "exponential"], { default: "square" }),
  optimizer: str({ default: "gd", doc: "gd, sgd, online (fresh samples every step), or a registered optimiser" }),
  lr: num({ positive: true, doc: "step size η (first layer)" }),
  lrScaleA: num({ positive: true, default: 1, doc: "second-layer step = lr·lrScaleA" }),
  batchSize: int({ min: 0, default: 0, doc: "SGD minibatch; 0 = full batch" }),
  steps: int({ min: 1, doc: "maximum steps" }),
  stopLossRatio: num({ min: 0, max: 1, default: 0, doc: "stop once L ≤ q·L0 (0: never)" }),
  record: list(str(), { default: [], doc: "probes recorded at each checkpoint" }),
  perDecade: int({ min: 0, default: 40, doc: "log-spaced checkpoints per decade" }),
  linear: int({ min: 0, default: 200, doc: "evenly spaced checkpoints" }),
  snapshotSteps: list(int({ min: 0 }), { default: [], doc: "steps at which all weights are stored" }),
  snapshotEnds: bool({ default: false, doc: "store all weights at the start and the end" }),
};

/** Rounds to 10 significant digits: compact JSON, identical whether fresh or read from the cache. */
export const compact = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(10)) : x);

/** The network's architecture from a spec. */
export function architectureOf(spec: RunSpec): Architecture {
  return {
    m: spec.m as number,
    activation: spec.activation as Activation,
    bias: spec.bias as boolean,
    alpha: spec.alpha as number,
    loss: spec.loss as LossKind,
  };
}

/** How a spec's data are drawn (inputs, target, n, d, data seed, target parameters). */
export function datasetSpecOf(spec: RunSpec): DataSpec {
  return {
    inputs: spec.inputs as string,
    target: spec.target as string,
    n: spec.n as number,
    d: spec.d as number,
    dataSeed: spec.dataSeed as number,
    targetParams: spec.targetParams as Record<string, number>,
  };
}

/** The dataset of a spec. */
export function datasetOf(spec: RunSpec) {
  return makeDataset(datasetSpecOf(spec));
}

/** The initial network of a spec: aₖ ~ N(0, sA²), wₖ ~ N(0, sW² I), bₖ ~ N(0, sB²), from its seed. */
export function initialNet(spec: RunSpec): Net {
  const m = spec.m as number, d = spec.d as number, r = rng(spec.seed as number, "init");
  const a = normals(r, m, spec.initScaleA as number);
  const W = normals(r, m * d, spec.initScaleW as number);
  return spec.bias ? { a, W, b: normals(r, m, spec.initScaleB as number) } : { a, W };
}

/** The training problem of a spec (everything but the initialisation). */
export function problemOf(spec: RunSpec): TrainProblem {
  const lr = spec.lr as number;
  return {
    data: datasetOf(spec),
    arch: architectureOf(spec),
    optimizer: {
      kind: spec.optimizer as string,
      lrW: lr,
      lrA: lr * (spec.lrScaleA as number),
      batchSize: spec.batchSize as number,
      seed: spec.seed as number,
    },
  };
}

/** Whether every weight of `net` is finite. */
function netFinite(net: Net): boolean {
  for (const v of [net.a, net.W, net.b]) {
    if (v) { for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false; }
  }
  return true;
}

/** A probe value as stored: rounded, or null when it is not finite (a ratio 0/0, say). */
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? compact(x) : null);

const netToJson = (step: number, net: Net): JsonObject => {
  const o: JsonObject = { step, a: Array.from(net.a, compact), W: Array.from(net.W, compact) };
  if (net.b) o.b = Array.from(net.b, compact);
  return o;
};

/** Trains the ensemble of `specs` (same batch key) and returns one result per spec. */
async function runTwoLayer(
  specs: RunSpec[],
  engineStepper: (p: TrainProblem, nets: Net[]) => Promise<Stepper>,
  progress: (s: number) => void,
) {
  const spec0 = specs[0];
  const problem = problemOf(spec0);
  const { arch, data } = problem;
  const baseline = linearBaseline(data.X, data.y, data.n, data.d);
  const inits = specs.map(initialNet);
  const record = spec0.record as string[];
  const steps = spec0.steps as number, q = spec0.stopLossRatio as number;
  const schedule = checkpoints(steps, { perDecade: spec0.perDecade as number, linear: spec0.linear as number });
  const snapAt = new Set(spec0.snapshotSteps as number[]);
  const out = inits.map(() => ({
    step: [] as number[],
    loss: [] as number[],
    lossDecrease: [] as number[],
    probes: Object.fromEntries(record.map((p) => [p, [] as (number | null | (number | null)[])[]])),
    snapshots: [] as JsonObject[],
    stop: "steps",
    divergedAt: -1,
    L0: NaN,
    done: false,
    memo: new Map<string, unknown>(),
  }));
  const stepper = await engineStepper(problem, inits);
  try {
    let at = 0;
    for (const target of schedule) {
      if (target > at) {
        await stepper.advance(target - at);
        progress((target - at) * out.filter((o) => !o.done).length);
        at = target;
      }
      const nets = await stepper.read();
      nets.forEach((net, r) => {
        const o = out[r];
        if (o.done) return;
        const L = lossOf(arch, net, data);
        if (!Number.isFinite(L) || !netFinite(net)) {
          // Divergence is a result: keep the finite prefix, record where it happened, store nothing non-finite.
          o.stop = divergedStatus(at), o.divergedAt = at, o.done = true;
          return;
        }
        if (at === 0) o.L0 = L;
        o.step.push(at);
        o.loss.push(compact(L));
        if (arch.loss === "square") o.lossDecrease.push(compact(lossDecreaseOf(arch, net, data)));
        const ctx: ProbeContext = { arch, data, net, init: inits[r], baseline, memo: o.memo };
        for (const p of record) {
          const v = probes[p](ctx);
          o.probes[p].push(typeof v === "number" ? finiteOrNull(v) : v.map(finiteOrNull));
        }
        const last = at === steps;
        const diverged = L > 1e6 * o.L0;
        const reached = q > 0 && L <= q * o.L0;
        if (snapAt.has(at) || (spec0.snapshotEnds && (at === 0 || last || diverged || reached))) {
          o.snapshots.push(netToJson(at, net));
        }
        if (diverged) o.stop = divergedStatus(at), o.divergedAt = at, o.done = true;
        else if (reached) o.stop = "lossRatio", o.done = true;
      });
      if (out.every((o) => o.done)) break;
    }
  } finally {
    stepper.dispose();
  }
  return out.map((o): JsonObject => {
    const res: JsonObject = {
      L0: Number.isFinite(o.L0) ? compact(o.L0) : null,
      lambda: compact(baseline.lambda),
      lLin: compact(baseline.lLin),
      stop: o.stop,
      lastStep: o.step.length ? o.step[o.step.length - 1] : null,
      step: o.step,
      loss: o.loss,
      probes: o.probes as JsonObject,
      snapshots: o.snapshots,
    };
    if (arch.loss === "square") res.lossDecrease = o.lossDecrease;
    if (o.divergedAt >= 0) res.divergedAt = o.divergedAt;
    return res;
  });
}

/** The `two_layer` task. */
export const twoLayerTask: Task = {
  name: "two_layer",
  version: "1",
  engines: (spec) => (spec.optimizer as string) in extraOptimizers || spec.optimizer === "online" ? "f64" : "any",
  schema: twoLayerSchema,
  validate(spec) {
    const problems = [];
    if (spec.inputs === "grid1d" && spec.d !== 1) problems.push({ field: "d", message: "must be 1 for grid1d inputs" });
    for (const p of spec.record as string[]) {
      if (!(p in probes)) {
        problems.push({ field: "record", message: `unknown probe "${p}" (known: ${Object.keys(probes).join(", ")})` });
      }
    }
    const opt = spec.optimizer as string;
    if (opt !== "gd" && opt !== "sgd" && opt !== "online" && !(opt in extraOptimizers)) {
      problems.push({
        field: "optimizer",
        message: `unknown optimizer "${opt}" (known: gd, sgd, online, ${Object.keys(extraOptimizers).join(", ")})`,
      });
    }
    if (opt === "online" && !((spec.batchSize as number) >= 1)) {
      problems.push({ field: "batchSize", message: "must be ≥ 1 for online SGD (fresh samples every step)" });
    }
    return problems;
  },
  cost: (spec) => spec.steps as number,
  work: (spec) => (spec.steps as number) * (spec.n as number) * (spec.m as number) * ((spec.d as number) + 2),
  // Runs that differ only in their initialisation (seed and init scales, e.g. a sweep over ε) form one ensemble:
  // data, architecture, optimiser and schedule are shared, each network starts from its own spec. SGD and online
  // SGD draw their samples from the seed too, so they are never batched: a run's numbers never depend on its mates.
  batchKey(spec) {
    if (spec.optimizer === "sgd" || spec.optimizer === "online") return canonicalJson(spec);
    const { seed: _s, initScaleA: _a, initScaleW: _w, initScaleB: _b, ...rest } = spec;
    return canonicalJson(rest);
  },
  exportRun(spec, result) {
    const data = datasetOf(spec), net = initialNet(spec), d = data.d;
    const rows = (v: Float64Array, cols: number) =>
      Array.from({ length: v.length / cols }, (_, i) => Array.from(v.subarray(i * cols, (i + 1) * cols)));
    const init: JsonObject = { a: Array.from(net.a), W: rows(net.W, d) };
    if (net.b) init.b = Array.from(net.b);
    const r = result as unknown as TwoLayerResult;
    return {
      format: "claimgraph.two_layer.v1",
      model: "f(x) = (1/alpha) * sum_k a_k * act(W_k . x + b_k); loss as in spec.loss (square: (1/2n) sum (f - y)^2)",
      spec: spec as unknown as JsonObject,
      inputs: { X: rows(data.X, d), y: Array.from(data.y) },
      init,
      trajectory: { step: r.step, loss: r.loss },
    };
  },
  run(specs, ctx) {
    const opt = specs[0].optimizer as string;
    const factory = opt === "online" ? onlineOptimizer(datasetSpecOf(specs[0])) : extraOptimizers[opt];
    const problemEngine = ctx.engine;
    const open = factory ??
      ((p: TrainProblem, nets: Net[]) => (problemEngine.supports(p) ? problemEngine : f64Engine).open(p, nets));
    return runTwoLayer(specs, open, ctx.progress);
  },
};
