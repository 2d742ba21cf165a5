/**
 * Online SGD: every step draws a fresh minibatch from the input distribution and labels it with the target, so
 * no sample is seen twice (the population limit of a finite training set; P1-C7). The loss the trainer records
 * is still measured on the spec's `n` samples, which then serve as a held-out estimate of the population loss.
 *
 * Float64, one network per stepper (the sample stream depends on the run's seed). Selected by
 * `optimizer: "online"` in a `two_layer` spec, with `batchSize` ≥ 1.
 *
 * @example
 * ```ts
 * import { onlineOptimizer } from "./online.ts";
 * const factory = onlineOptimizer({ inputs: "gaussian", target: "linear_he3", n: 10, d: 2, dataSeed: 0,
 *   targetParams: {} });
 * console.log(typeof factory); // "function"
 * ```
 * @module
 */
import { cloneNet, gradient, type Net } from "../core/network.ts";
import type { OptimizerFactory, Stepper } from "./engine.ts";
import { type DataSpec, inputMakers, targetMakers } from "./data.ts";
import { rng } from "./rng.ts";

/** An optimiser factory for online SGD on fresh samples of `data`'s distribution and target. */
export function onlineOptimizer(data: DataSpec): OptimizerFactory {
  return (problem, nets) => {
    const { arch, optimizer } = problem;
    const B = optimizer.batchSize, d = data.d;
    if (!(B >= 1)) throw new Error("online SGD needs batchSize ≥ 1");
    const makeX = inputMakers[data.inputs], makeY = targetMakers[data.target];
    // One sample stream per network: its seed, the data draw and the network's place in the batch.
    const streams = nets.map((_, r) => rng(optimizer.seed, `online:${data.dataSeed}:${r}`));
    const current: Net[] = nets.map(cloneNet);
    const stepper: Stepper = {
      advance(steps) {
        for (let s = 0; s < steps; s++) {
          current.forEach((net, r) => {
            const X = makeX(B, d, streams[r]);
            const y = makeY(X, B, d, data.targetParams, rng(data.dataSeed, "target"));
            const g = gradient(arch, net, { X, y, n: B, d });
            for (let k = 0; k < net.a.length; k++) net.a[k] -= optimizer.lrA * g.a[k];
            for (let q = 0; q < net.W.length; q++) net.W[q] -= optimizer.lrW * g.W[q];
            if (net.b && g.b) { for (let k = 0; k < net.b.length; k++) net.b[k] -= optimizer.lrW * g.b[k]; }
          });
        }
        return Promise.resolve();
      },
      read: () => Promise.resolve(current.map(cloneNet)),
      dispose() {},
    };
    return Promise.resolve(stepper);
  };
}
