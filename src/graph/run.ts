/**
 * The executor: computes the runs that are not cached on the worker pool (`pool.ts`, one worker per core), batching runs
 * that share a batch key, and stores each result the moment its job finishes. Ctrl-C stops the workers and keeps
 * every finished run.
 *
 * @example
 * ```ts
 * import { Cache } from "./cache.ts";
 * import { executeRuns } from "./run.ts";
 * const report = await executeRuns([], { cache: new Cache("data/cache"), workers: 2 }); // nothing to do
 * ```
 * @module
 */
import type { JsonObject } from "../core/types.ts";
import type { Cache, Provenance } from "./cache.ts";
import type { PlannedRun } from "./plan.ts";
import { Progress } from "./progress.ts";
import { PoolClosed, type TaskJob, WorkerPool } from "./pool.ts";

/** Options of {@linkcode executeRuns}. */
export interface ExecuteOptions {
  cache: Cache;
  /** Worker count. @default navigator.hardwareConcurrency */
  workers?: number;
  /** Most runs in one batch (an ensemble computed together). @default 1 for f64, 16 otherwise */
  maxBatch?: number;
  /** Progress display label; none when undefined. */
  label?: string;
  /** Where progress text goes. @default stderr */
  write?: (text: string) => void;
  /** Device description for provenance. */
  device?: string;
}

/** What happened. */
export interface ExecuteReport {
  computed: number;
  failed: { run: PlannedRun; message: string }[];
  interrupted: boolean;
  wallMs: number;
  steps: number;
}

/** Most runs per job by engine: f64 steps one network at a time; a GPU wants whole sweeps in one ensemble. */
const DEFAULT_BATCH: Record<string, number> = { f64: 1, webgpu: 4096 };

/** Groups runs into jobs: same batch key, at most `maxBatch` per job, largest jobs first. */
export function makeJobs(runs: readonly PlannedRun[], maxBatch: (r: PlannedRun) => number): PlannedRun[][] {
  const unique = new Map<string, PlannedRun>();
  for (const r of runs) if (!unique.has(r.key)) unique.set(r.key, r);
  const groups = new Map<string, PlannedRun[]>();
  for (const r of unique.values()) {
    const g = groups.get(r.batchKey);
    if (g) g.push(r);
    else groups.set(r.batchKey, [r]);
  }
  const jobs: PlannedRun[][] = [];
  for (const g of groups.values()) {
    const size = Math.max(1, maxBatch(g[0]));
    for (let i = 0; i < g.length; i += size) jobs.push(g.slice(i, i + size));
  }
  const work = (j: PlannedRun[]) => j.reduce((s, r) => s + r.work, 0);
  return jobs.sort((a, b) => work(b) - work(a));
}

/**
 * Stores one computed run in the cache with its provenance. The digest covers the result alone, so where and
 * when it was computed (this pool, a SLURM node) never changes the entry's key or digest.
 */
export async function storeResult(
  cache: Cache,
  run: PlannedRun,
  result: unknown,
  wallMs: number,
  device = `cpu (${navigator.hardwareConcurrency} cores)`,
): Promise<void> {
  const provenance: Provenance = {
    device,
    wallMs,
    date: new Date().toISOString().slice(0, 10),
    taskVersion: run.taskVersion,
    runtime: `deno ${Deno.version.deno}`,
  };
  await cache.write({ key: run.key, spec: run.spec, engine: run.engine, provenance, result: result as JsonObject });
}

/** Computes `runs` and writes each to the cache. Resolves when all are done, failed, or interrupted. */
export async function executeRuns(runs: readonly PlannedRun[], opts: ExecuteOptions): Promise<ExecuteReport> {
  const t0 = performance.now();
  const jobs = makeJobs(runs, (r) => opts.maxBatch ?? DEFAULT_BATCH[r.engineName] ?? 16);
  const total = jobs.reduce((s, j) => s + j.length, 0);
  const totalWork = jobs.reduce((s, j) => s + j.reduce((t, r) => t + r.work, 0), 0);
  const report: ExecuteReport = { computed: 0, failed: [], interrupted: false, wallMs: 0, steps: 0 };
  if (jobs.length === 0) return report;
  const progress = opts.label !== undefined
    ? new Progress({ runs: total, work: totalWork, label: opts.label, write: opts.write })
    : undefined;
  const poolSize = Math.max(1, Math.min(opts.workers ?? navigator.hardwareConcurrency ?? 2, jobs.length));
  let writes: Promise<void> = Promise.resolve();

  const store = (job: PlannedRun[], results: unknown[], wallMs: number) => {
    writes = writes.then(async () => {
      for (let i = 0; i < job.length; i++) {
        await storeResult(opts.cache, job[i], results[i], Math.round(wallMs / job.length), opts.device);
        report.computed++;
        progress?.runDone();
      }
    });
  };

  const pool = new WorkerPool({ size: poolSize });
  const onSigint = () => {
    report.interrupted = true;
    pool.close();
  };
  try {
    Deno.addSignalListener("SIGINT", onSigint);
  } catch { /* no signal support: Ctrl-C ends the process; finished runs are already stored */ }
  await Promise.all(jobs.map(async (job) => {
    const jobCost = job.reduce((t, r) => t + r.cost, 0), jobWork = job.reduce((t, r) => t + r.work, 0);
    const workPerStep = jobCost > 0 ? jobWork / jobCost : 0;
    let jobSteps = 0;
    const task: TaskJob = {
      kind: "task",
      task: job[0].spec.task,
      engine: job[0].engineName,
      specs: job.map((r) => r.spec),
    };
    try {
      const done = await pool.run(task, (steps) => {
        report.steps += steps;
        jobSteps += steps;
        progress?.steps(steps, steps * workPerStep);
      });
      progress?.skip(jobWork - jobSteps * workPerStep);
      store(job, done.results ?? [], done.wallMs);
    } catch (err) {
      if (err instanceof PoolClosed) return;
      const message = err instanceof Error ? err.message : String(err);
      for (const run of job) report.failed.push({ run, message });
    }
  }));
  try {
    Deno.removeSignalListener("SIGINT", onSigint);
  } catch { /* see above */ }
  pool.close();
  await writes;
  progress?.finish();
  report.wallMs = performance.now() - t0;
  return report;
}
