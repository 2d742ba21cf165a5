/**
 * The worker side of `pool.ts`: receives a job, runs it, and posts progress and the result back. Each worker
 * loads an engine once and keeps it for later jobs.
 *
 * @example
 * ```ts ignore
 * // Started by pool.ts: new Worker(new URL("./worker.ts", import.meta.url), { type: "module" })
 * ```
 * @module
 */
/// <reference lib="deno.worker" />
import type { Engine } from "../train/engine.ts";
import { loadEngine } from "../train/engines/mod.ts";
import { tasks } from "../train/tasks.ts";
import type { JobDone, PoolJob, WorkerMessage } from "./pool.ts";

const engines = new Map<string, Promise<Engine>>();
const engine = (name: string) => {
  if (!engines.has(name)) engines.set(name, loadEngine(name));
  return engines.get(name)!;
};

async function work(id: number, job: PoolJob): Promise<JobDone> {
  const t0 = performance.now();
  if (job.kind === "train") {
    const stepper = await (await engine(job.engine)).open(job.problem, job.nets);
    try {
      await stepper.advance(job.steps);
      return { nets: await stepper.read(), wallMs: performance.now() - t0 };
    } finally {
      stepper.dispose();
    }
  }
  let pending = 0, last = performance.now();
  const results = await tasks[job.task].run(job.specs, {
    engine: await engine(job.engine),
    progress(steps) {
      pending += steps;
      const now = performance.now();
      if (now - last > 200) {
        self.postMessage({ kind: "progress", id, steps: pending } satisfies WorkerMessage);
        pending = 0, last = now;
      }
    },
  });
  if (pending) self.postMessage({ kind: "progress", id, steps: pending } satisfies WorkerMessage);
  return { results, wallMs: performance.now() - t0 };
}

self.onmessage = async (e: MessageEvent<{ id: number; job: PoolJob }>) => {
  const { id, job } = e.data;
  try {
    self.postMessage({ kind: "done", id, ...await work(id, job) } satisfies WorkerMessage);
  } catch (err) {
    const message = err instanceof Error ? `${err.message}\n${err.stack ?? ""}` : String(err);
    self.postMessage({ kind: "error", id, message } satisfies WorkerMessage);
  }
};
