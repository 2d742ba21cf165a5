/**
 * The float64 reference engine: plain loops over Float64Array, deterministic and bit-identical across runs.
 *
 * One step of full-batch GD (or SGD on a minibatch) is the gradient of `network.ts`, fused into two passes per
 * sample: forward (zᵢₖ, σ, σ') and backward (∂a, ∂W, ∂b). Networks in a batch are stepped one after another.
 *
 * @example
 * ```ts
 * import { f64Engine } from "./f64.ts";
 * console.log(f64Engine.id); // { engine: "f64", backend: "js", precision: "float64", numerics: "1" }
 * ```
 * @module
 */
import type { Engine, Stepper, TrainProblem } from "../engine.ts";
import { type Activation, cloneNet, type Net, sampleLossDerivative } from "../../core/network.ts";
import { BatchOrder, usesMinibatch } from "./batch_order.ts";

/** Fills s = σ(z) and ds = σ'(z) for one row of pre-activations. */
function activateRow(kind: Activation, z: Float64Array, s: Float64Array, ds: Float64Array, m: number): void {
  if (kind === "relu") {
    for (let k = 0; k < m; k++) {
      const zk = z[k];
      s[k] = zk > 0 ? zk : 0;
      ds[k] = zk > 0 ? 1 : 0;
    }
  } else if (kind === "tanh") {
    for (let k = 0; k < m; k++) {
      const t = Math.tanh(z[k]);
      s[k] = t;
      ds[k] = 1 - t * t;
    }
  } else {
    for (let k = 0; k < m; k++) {
      const zk = z[k], t = Math.tanh(zk);
      s[k] = zk * t;
      ds[k] = t + zk * (1 - t * t);
    }
  }
}

/** One optimiser step on `net`, in place: gradient over `batch` (all samples when undefined), then the update. */
function step(problem: TrainProblem, net: Net, work: Work, batch?: Int32Array): void {
  const { X, y, d } = problem.data;
  const { m, activation, alpha, loss } = problem.arch;
  const { lrW, lrA } = problem.optimizer;
  const { z, s, ds, ga, gW, gb } = work;
  const count = batch ? batch.length : problem.data.n;
  ga.fill(0), gW.fill(0), gb.fill(0);
  const { a, W, b } = net;
  for (let t = 0; t < count; t++) {
    const i = batch ? batch[t] : t, xo = i * d;
    for (let k = 0; k < m; k++) {
      let zk = b ? b[k] : 0;
      const wo = k * d;
      for (let j = 0; j < d; j++) zk += W[wo + j] * X[xo + j];
      z[k] = zk;
    }
    activateRow(activation, z, s, ds, m);
    let out = 0;
    for (let k = 0; k < m; k++) out += a[k] * s[k];
    const r = sampleLossDerivative(loss, out / alpha, y[i]) / (alpha * count);
    for (let k = 0; k < m; k++) {
      ga[k] += r * s[k];
      const g = r * a[k] * ds[k];
      if (g === 0) continue;
      gb[k] += g;
      const wo = k * d;
      for (let j = 0; j < d; j++) gW[wo + j] += g * X[xo + j];
    }
  }
  for (let k = 0; k < m; k++) a[k] -= lrA * ga[k];
  for (let q = 0; q < m * d; q++) W[q] -= lrW * gW[q];
  if (b) { for (let k = 0; k < m; k++) b[k] -= lrW * gb[k]; }
}

interface Work {
  z: Float64Array;
  s: Float64Array;
  ds: Float64Array;
  ga: Float64Array;
  gW: Float64Array;
  gb: Float64Array;
}

const plainOptimizers = new Set(["gd", "sgd"]);

/** The float64 reference engine. */
export const f64Engine: Engine = {
  id: { engine: "f64", backend: "js", precision: "float64", numerics: "1" },
  supports: (problem) => plainOptimizers.has(problem.optimizer.kind),
  open(problem: TrainProblem, nets: Net[]): Promise<Stepper> {
    const { m, d } = { m: problem.arch.m, d: problem.data.d };
    const work: Work = {
      z: new Float64Array(m),
      s: new Float64Array(m),
      ds: new Float64Array(m),
      ga: new Float64Array(m),
      gW: new Float64Array(m * d),
      gb: new Float64Array(m),
    };
    const state = nets.map(cloneNet);
    const orders = state.map(() => new BatchOrder(problem.data.n, problem.optimizer.seed));
    const minibatch = usesMinibatch(problem.optimizer, problem.data.n);
    return Promise.resolve({
      advance(steps: number) {
        for (let r = 0; r < state.length; r++) {
          for (let t = 0; t < steps; t++) {
            step(problem, state[r], work, minibatch ? orders[r].next(problem.optimizer.batchSize) : undefined);
          }
        }
        return Promise.resolve();
      },
      read: () => Promise.resolve(state.map(cloneNet)),
      dispose() {},
    });
  },
};
