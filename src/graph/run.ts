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
import type { Cache, Provenance } from "./cache.ts";
import type { PlannedRun } from "./plan.ts";
import { Progress } from "./progress.ts";
import { PoolClosed, type TaskJob, WorkerPool } from "./pool.ts";
import { IoFailure } from "./io.ts";
import { RunLocks } from "./lock.ts";
import { nonFinitePath } from "../core/divergence.ts";

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
  /** The runs were forced: an entry written after `startedAt` (by another process) still counts as done. */
  force?: boolean;
  /** When this invocation started (ms since the epoch). @default the call's start */
  startedAt?: number;
}

/** What happened. */
export interface ExecuteReport {
  /** Runs computed and written. */
  computed: number;
  /** Runs computed whose result was bit-identical to the stored one (entry not rewritten). */
  unchanged: number;
  /** Runs another process computed while this one waited. */
  byOthers: number;
  /** The first write failure, if any (the executor stops at it). */
  ioError?: IoFailure;
  failed: { run: PlannedRun; message: string }[];
  interrupted: boolean;
  wallMs: number;
  steps: number;
}

/** Most runs per job by engine: f64 steps one network at a time; a GPU wants whole sweeps in one ensemble. */
const DEFAULT_BATCH: Record<string, number> = { f64: 1, webgpu: 4096 };

/** The most runs of `run`'s kind in one job: `maxBatch` when given, else the engine's default. */
export function batchSize(run: PlannedRun, maxBatch?: number): number {
  return maxBatch ?? DEFAULT_BATCH[run.engineName] ?? 16;
}

/** A report of nothing done yet. */
export function emptyReport(): ExecuteReport {
  return { computed: 0, unchanged: 0, byOthers: 0, failed: [], interrupted: false, wallMs: 0, steps: 0 };
}

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

/** Waits `ms` milliseconds. */
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Computes `runs` and writes each to the cache. Resolves when all are done, failed, or interrupted, or when a
 * write failed (`ioError`: the pool is stopped, nothing half-written is left). Each run is locked while it is
 * computed, so another process on the same cache takes other runs, or waits for this one and reads its result.
 */
export async function executeRuns(runs: readonly PlannedRun[], opts: ExecuteOptions): Promise<ExecuteReport> {
  const t0 = performance.now();
  const since = opts.startedAt ?? Date.now();
  const jobs = makeJobs(runs, (r) => batchSize(r, opts.maxBatch));
  const total = jobs.reduce((s, j) => s + j.length, 0);
  const totalWork = jobs.reduce((s, j) => s + j.reduce((t, r) => t + r.work, 0), 0);
  const report = emptyReport();
  if (jobs.length === 0) return report;
  const { cache } = opts;
  const progress = opts.label !== undefined
    ? new Progress({ runs: total, work: totalWork, label: opts.label, write: opts.write })
    : undefined;
  const poolSize = Math.max(1, Math.min(opts.workers ?? navigator.hardwareConcurrency ?? 2, jobs.length));
  const runtime = `deno ${Deno.version.deno}`;
  const locks = new RunLocks(cache.root);
  await locks.sweepTmp().catch(() => 0); // temp files of killed writers (their locks are free)
  const stopped = () => report.interrupted || report.ioError !== undefined;

  /** Whether another process computed `run` while we waited (any intact entry; with force, one written since). */
  const doneElsewhere = async (run: PlannedRun) => {
    const got = await cache.read(run.key);
    if (got.status !== "hit") return false;
    if (!opts.force) return true;
    return ((await cache.mtimeOf(run.key)) ?? 0) >= since;
  };

  const store = async (run: PlannedRun, result: unknown, wallMs: number) => {
    const bad = nonFinitePath(result);
    if (bad) {
      report.failed.push({
        run,
        message: `the run produced a non-finite number (at result${bad}); it was not cached. A task must stop a ` +
          `diverging run and store its finite prefix with stop = "diverged at step k".`,
      });
      return;
    }
    const provenance: Provenance = {
      device: opts.device ?? `cpu (${navigator.hardwareConcurrency} cores)`,
      wallMs: Math.round(wallMs),
      date: new Date().toISOString().slice(0, 10),
      taskVersion: run.taskVersion,
      runtime,
    };
    const w = await cache.write({
      key: run.key,
      spec: run.spec,
      engine: run.engine,
      provenance,
      result: result as Record<string, never>,
    });
    if (w.written) report.computed++;
    else report.unchanged++;
    progress?.runDone();
  };

  const pool = new WorkerPool({ size: poolSize });
  const onSigint = () => {
    report.interrupted = true;
    pool.close();
  };
  try {
    Deno.addSignalListener("SIGINT", onSigint);
  } catch { /* no signal support: Ctrl-C ends the process; finished runs are already stored */ }

  /** Locks what it can of `job`; runs held by another process go to `waiting`. */
  const claim = async (job: PlannedRun[], waiting: PlannedRun[]): Promise<PlannedRun[]> => {
    const mine: PlannedRun[] = [];
    for (const run of job) {
      if ((await locks.tryAcquire(run.key)) === "held") {
        waiting.push(run);
      } else if (await doneElsewhere(run)) {
        await locks.release(run.key);
        report.byOthers++;
        progress?.skip(run.work);
        progress?.runDone();
      } else mine.push(run);
    }
    return mine;
  };

  const compute = async (job: PlannedRun[]) => {
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
      for (let i = 0; i < job.length && !report.ioError; i++) {
        await store(job[i], done.results?.[i], done.wallMs / job.length);
        await locks.release(job[i].key);
      }
    } catch (err) {
      if (err instanceof PoolClosed) return;
      if (err instanceof IoFailure) {
        report.ioError ??= err;
        pool.close();
        return;
      }
      const message = err instanceof Error ? err.message : String(err);
      for (const run of job) report.failed.push({ run, message });
    } finally {
      for (const run of job) await locks.release(run.key);
    }
  };

  try {
    let queue = jobs;
    while (queue.length > 0 && !stopped()) {
      const waiting: PlannedRun[] = [];
      let didWork = false;
      // One lane per worker: each takes the next job, locks it, computes it; so a second process takes other runs.
      await Promise.all(Array.from({ length: poolSize }, async () => {
        for (let job = queue.shift(); job && !stopped(); job = queue.shift()) {
          let mine: PlannedRun[];
          try {
            mine = await claim(job, waiting);
          } catch (err) {
            if (!(err instanceof IoFailure)) throw err;
            report.ioError ??= err;
            pool.close();
            return;
          }
          if (mine.length) didWork = true, await compute(mine);
        }
      }));
      if (!didWork && waiting.length) await sleep(200);
      queue = makeJobs(waiting, (r) => batchSize(r, opts.maxBatch));
    }
  } finally {
    try {
      Deno.removeSignalListener("SIGINT", onSigint);
    } catch { /* see above */ }
    pool.close();
    await locks.releaseAll();
  }
  progress?.finish();
  report.wallMs = performance.now() - t0;
  return report;
}
