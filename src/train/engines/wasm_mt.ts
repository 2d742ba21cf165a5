/**
 * Data-parallel WebAssembly engines (`wasm-f32-mt`, `wasm-f64-mt`): two Workers step the same networks, each
 * on half of the samples, and exchange their partial gradients through a SharedArrayBuffer every step.
 *
 * Both workers add the two halves in the same order (first half + second half), so they hold identical
 * weights and the result does not depend on timing: deterministic run to run. A worker that reaches the exchange
 * first spins briefly, then sleeps in `Atomics.wait` until its peer arrives, so on a busy machine it yields its core
 * instead of stealing the time its peer needs. The split is fixed at two halves,
 * so the numbers differ from the one-thread `wasm-*` engines by rounding only. Worth it for one large run
 * (L: d50 m1000 n1000) when a core would otherwise idle; sweeps should rather run one run per core (`pool.ts`).
 *
 * @example
 * ```ts ignore
 * import { wasmF32MtEngine } from "./wasm_mt.ts";
 * const stepper = await wasmF32MtEngine.open(problem, nets);
 * await stepper.advance(100);
 * stepper.dispose(); // stops its two workers
 * ```
 * @module
 */
import type { Engine, Stepper, TrainProblem } from "../engine.ts";
import type { Net } from "../../core/network.ts";
import { engineIds } from "../../core/engine_ids.ts";
import { type Precision, supportsPlain } from "./wasm.ts";

/** Workers per stepper (part of the numerics: the gradient is summed over this many fixed sample ranges). */
export const PARTS = 2;

/** A message to a worker of `wasm_mt_worker.ts`. */
export type MtRequest =
  | { op: "init"; rank: number; precision: Precision; problem: TrainProblem; nets: Net[]; sab: SharedArrayBuffer }
  | { op: "advance"; steps: number }
  | { op: "read" };

/** A worker's reply: ready / done, the nets for `read`, or an error. */
export interface MtReply {
  nets?: Net[];
  error?: string;
}

/** Bytes of the shared buffer: a barrier (2 int32) and 2 parities × PARTS ranks of R gradient blocks. */
export function sharedBytes(problem: TrainProblem, R: number, precision: Precision): number {
  const ch = precision === "float32" ? 8 : 4, size = precision === "float32" ? 4 : 8;
  const mp = Math.ceil(problem.arch.m / ch) * ch;
  return 16 + 2 * PARTS * R * (problem.data.d + 2) * mp * size;
}

async function openMt(precision: Precision, problem: TrainProblem, nets: Net[]): Promise<Stepper> {
  const sab = new SharedArrayBuffer(sharedBytes(problem, nets.length, precision));
  const workers = Array.from(
    { length: PARTS },
    () => new Worker(new URL("./wasm_mt_worker.ts", import.meta.url), { type: "module" }),
  );
  const ask = (w: Worker, msg: MtRequest) =>
    new Promise<MtReply>((resolve, reject) => {
      w.onmessage = (e: MessageEvent<MtReply>) => e.data.error ? reject(new Error(e.data.error)) : resolve(e.data);
      w.onerror = (e: ErrorEvent) => (e.preventDefault(), reject(new Error(e.message)));
      w.postMessage(msg);
    });
  const all = (msg: MtRequest) => Promise.all(workers.map((w) => ask(w, msg)));
  try {
    await Promise.all(workers.map((w, rank) => ask(w, { op: "init", rank, precision, problem, nets, sab })));
  } catch (e) {
    for (const w of workers) w.terminate();
    throw e;
  }
  return {
    async advance(steps: number) {
      await all({ op: "advance", steps });
    },
    async read() {
      return (await ask(workers[0], { op: "read" })).nets!;
    },
    dispose() {
      for (const w of workers) w.terminate();
    },
  };
}

/** float32 SIMD kernel on two workers, data-parallel over the samples. */
export const wasmF32MtEngine: Engine = {
  id: engineIds["wasm-f32-mt"],
  supports: supportsPlain,
  open: (problem, nets) => openMt("float32", problem, nets),
};

/** float64 SIMD kernel on two workers, data-parallel over the samples. */
export const wasmF64MtEngine: Engine = {
  id: engineIds["wasm-f64-mt"],
  supports: supportsPlain,
  open: (problem, nets) => openMt("float64", problem, nets),
};
