/**
 * A benchmark worker: holds one engine's steppers (one per case and activation, opened on first use) and times
 * one repetition per request, so bench/main.ts can interleave engines and peers round by round. Each engine gets
 * its own isolate (kernels stay monomorphic; each tfjs backend has its own global state).
 *
 * @example
 * ```ts ignore
 * const w = new Worker(new URL("./step_worker.ts", import.meta.url), { type: "module" });
 * w.postMessage({ engine: "wasm-f32", case: "S", activation: "tanh", seconds: 0.5 });
 * ```
 * @module
 */
/// <reference lib="deno.worker" />
import { loadEngine } from "../src/train/engines/mod.ts";
import type { Stepper } from "../src/train/engine.ts";
import { benchProblem, CASES } from "./cases.ts";

/** What the worker is asked to time: one repetition of about `seconds`. */
export interface StepJob {
  engine: string;
  case: "S" | "L";
  activation: "relu" | "tanh";
  seconds: number;
}

const open = new Map<string, { stepper: Stepper; k: number }>();

/** Seconds for k steps (advance + read, which forces async backends). */
async function timed(stepper: Stepper, k: number): Promise<number> {
  const t0 = performance.now();
  await stepper.advance(k);
  await stepper.read();
  return (performance.now() - t0) / 1000;
}

self.onmessage = async (e: MessageEvent<StepJob>) => {
  const { engine, seconds, activation } = e.data;
  try {
    const key = `${e.data.case}/${activation}`;
    if (!open.has(key)) {
      const { problem, nets } = benchProblem(CASES[e.data.case], 1, activation);
      const stepper = await (await loadEngine(engine)).open(problem, nets);
      // Steps per repetition: grown until one lasts about `seconds` (this also warms up JIT and caches).
      let k = 1;
      for (let t = await timed(stepper, k); t < seconds / 2; t = await timed(stepper, k)) {
        k = Math.ceil(k * Math.min(8, seconds / t));
      }
      open.set(key, { stepper, k });
    }
    const { stepper, k } = open.get(key)!;
    self.postMessage({ rate: k / await timed(stepper, k) });
  } catch (err) {
    self.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
