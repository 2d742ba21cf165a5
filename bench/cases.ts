/**
 * The benchmark problems: one full-batch GD step of a ReLU or tanh two-layer net, square loss, at two sizes.
 *
 * The same teacher task as `step_peer.py` (y = relu(u·x), student at 1/√fan-in scale), so both sides time a
 * step on a network in the same regime (about half the units active).
 *
 * @example
 * ```ts
 * import { benchProblem, CASES } from "./cases.ts";
 * const { problem, nets } = benchProblem(CASES.S, 2);
 * console.log(problem.data.n, nets.length); // 200 2
 * ```
 * @module
 */
import type { TrainProblem } from "../src/train/engine.ts";
import type { Net } from "../src/core/network.ts";
import { normals, rng } from "../src/train/rng.ts";

/** A problem size. */
export interface BenchCase {
  name: string;
  d: number;
  m: number;
  n: number;
}

/** S = (d10, m100, n200) and L = (d50, m1000, n1000) of the issue. */
export const CASES: Record<"S" | "L", BenchCase> = {
  S: { name: "S", d: 10, m: 100, n: 200 },
  L: { name: "L", d: 50, m: 1000, n: 1000 },
};

/** FLOPs of one ReLU step: forward X·Wᵀ and backward Gᵀ·X (2ndm each) plus about 7nm element-wise (feasibility §1). */
export function flopsPerStep({ d, m, n }: BenchCase): number {
  return 4 * n * d * m + 7 * n * m;
}

/** The problem of `c` and `runs` initialisations (seeds 1…runs), ReLU unless `activation` says tanh. */
export function benchProblem(
  c: BenchCase,
  runs: number,
  activation: "relu" | "tanh" = "relu",
): { problem: TrainProblem; nets: Net[] } {
  const { d, m, n } = c, r = rng(0, "bench-data");
  const X = normals(r, n * d), u = normals(r, d);
  const norm = Math.hypot(...u);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let j = 0; j < d; j++) z += u[j] * X[i * d + j];
    y[i] = Math.max(z / norm, 0);
  }
  const problem: TrainProblem = {
    data: { X, y, n, d },
    arch: { m, activation, bias: false, alpha: 1, loss: "square" },
    optimizer: { kind: "gd", lrW: 0.01, lrA: 0.01, batchSize: 0, seed: 0 },
  };
  const nets = Array.from({ length: runs }, (_, s) => {
    const ri = rng(s + 1, "bench-init");
    return { a: normals(ri, m, 1 / Math.sqrt(m)), W: normals(ri, m * d, 1 / Math.sqrt(d)) };
  });
  return { problem, nets };
}

/** Median, minimum and maximum of a sample. */
export function summary(xs: number[]): { median: number; min: number; max: number } {
  const s = [...xs].sort((a, b) => a - b), h = s.length >> 1;
  return { median: s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2, min: s[0], max: s[s.length - 1] };
}
