/**
 * The one worker pool: a fixed number of Deno Workers (one per core by default) with a FIFO queue. A job is
 * either a batch of task runs (what the executor computes) or an ensemble of networks to train for some steps
 * on one engine (what `bench` times). Workers load each engine once and keep it; a worker that crashes fails its
 * job and is replaced, so one bad job never stalls the queue.
 *
 * @example
 * ```ts ignore
 * import { WorkerPool } from "./pool.ts";
 * const pool = new WorkerPool({ size: 2 });
 * const done = await pool.run({ kind: "task", task: "two_layer", engine: "f64", specs }, (steps) => {});
 * pool.close();
 * ```
 * @module
 */
import type { JsonObject, Net, RunSpec } from "../core/mod.ts";
import type { TrainProblem } from "../train/engine.ts";

/** Compute the runs `specs` of task `task` (a batch sharing a batch key) on engine `engine`. */
export interface TaskJob {
  kind: "task";
  task: string;
  engine: string;
  specs: RunSpec[];
}

/** Train `nets` (an ensemble sharing `problem`) for `steps` steps on engine `engine`. */
export interface TrainJob {
  kind: "train";
  engine: string;
  problem: TrainProblem;
  nets: Net[];
  steps: number;
}

/** One unit of work for a worker. */
export type PoolJob = TaskJob | TrainJob;

/** What a finished job gives back: the task results, or the trained nets, and the worker's wall time. */
export interface JobDone {
  results?: JsonObject[];
  nets?: Net[];
  wallMs: number;
}

/** A message from a worker about job `id`. */
export type WorkerMessage =
  | { kind: "progress"; id: number; steps: number }
  | ({ kind: "done"; id: number } & JobDone)
  | { kind: "error"; id: number; message: string };

/** Options of {@linkcode WorkerPool}. */
export interface PoolOptions {
  /** Number of workers. @default navigator.hardwareConcurrency */
  size?: number;
}

interface Pending {
  id: number;
  job: PoolJob;
  onProgress?: (steps: number) => void;
  resolve: (done: JobDone) => void;
  reject: (e: Error) => void;
}

/** The error a job is rejected with when the pool is closed before it finished. */
export class PoolClosed extends Error {
  constructor() {
    super("worker pool closed");
  }
}

/** A fixed set of workers with a FIFO queue of jobs. Workers start on demand, up to `size`. */
export class WorkerPool {
  readonly size: number;
  #idle: Worker[] = [];
  #all = new Set<Worker>();
  #queue: Pending[] = [];
  #running = new Map<Worker, Pending>();
  #nextId = 0;
  #closed = false;

  /** A pool of at most `size` workers. */
  constructor({ size = navigator.hardwareConcurrency }: PoolOptions = {}) {
    this.size = Math.max(1, size);
  }

  /** Queues a job; resolves when a worker has done it, rejects with the worker's error or {@linkcode PoolClosed}. */
  run(job: PoolJob, onProgress?: (steps: number) => void): Promise<JobDone> {
    if (this.#closed) return Promise.reject(new PoolClosed());
    return new Promise((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, job, onProgress, resolve, reject });
      this.#dispatch();
    });
  }

  /** Stops every worker at once; queued and running jobs are rejected with {@linkcode PoolClosed}. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const w of this.#all) w.terminate();
    for (const p of [...this.#running.values(), ...this.#queue]) p.reject(new PoolClosed());
    this.#queue = [], this.#running.clear(), this.#idle = [], this.#all.clear();
  }

  #spawn(): Worker {
    const w = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
    w.onmessage = (e: MessageEvent<WorkerMessage>) => this.#message(w, e.data);
    w.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.#crash(w, e.message);
    };
    this.#all.add(w);
    return w;
  }

  #dispatch(): void {
    while (!this.#closed && this.#queue.length > 0) {
      const w = this.#idle.pop() ?? (this.#all.size < this.size ? this.#spawn() : undefined);
      if (!w) return;
      const p = this.#queue.shift()!;
      this.#running.set(w, p);
      w.postMessage({ id: p.id, job: p.job });
    }
    if (this.#queue.length === 0 && this.#running.size === 0) {
      // Nothing left: let the process exit even if the caller forgets close().
      for (const w of this.#idle) w.terminate(), this.#all.delete(w);
      this.#idle = [];
    }
  }

  #message(w: Worker, msg: WorkerMessage): void {
    const p = this.#running.get(w);
    if (!p || msg.id !== p.id) return;
    if (msg.kind === "progress") return p.onProgress?.(msg.steps);
    this.#running.delete(w);
    this.#idle.push(w);
    if (msg.kind === "done") p.resolve({ results: msg.results, nets: msg.nets, wallMs: msg.wallMs });
    else p.reject(new Error(msg.message));
    this.#dispatch();
  }

  #crash(w: Worker, message: string): void {
    const p = this.#running.get(w);
    this.#running.delete(w);
    this.#all.delete(w);
    w.terminate();
    p?.reject(new Error(`worker crashed: ${message}`));
    this.#dispatch();
  }
}
