/**
 * The SLURM executor: SLURM schedules, claimgraph plans, submits, watches and collects. The planned runs are cut
 * into jobs (as for the local pool), the jobs dealt into array tasks of about equal work, and one job array is
 * submitted with `sbatch --parsable`. Each array task (`slurm_task.ts`) computes its runs with the chosen engine
 * and stores each result into the shared cache with the same atomic write and integrity check as the local pool,
 * so results computed on SLURM and locally are bit-identical (same key, same digest).
 *
 * Watching: results appearing in the cache give progress; `squeue` gives the array's state. When the array has
 * left the queue, an array task with missing runs is resubmitted for those runs alone (up to `retries` times);
 * a run that keeps failing is reported with the path of its log. Ctrl-C cancels the array (`scancel`) and keeps
 * every finished run.
 *
 * The cache directory must be on a file system every node mounts at the same path (the manifest and logs are
 * written beside it, in `<cache>/.slurm/`).
 *
 * @example
 * ```ts ignore
 * import { executeOnSlurm } from "./slurm.ts";
 * const report = await executeOnSlurm(runs, { cache, slurm: { time: "00:30:00", arrayMax: 8 }, label: "runs" });
 * ```
 * @module
 */
import { writeAtomic } from "./io.ts";
import type { Cache } from "./cache.ts";
import type { PlannedRun } from "./plan.ts";
import { Progress } from "./progress.ts";
import { batchSize, emptyReport, type ExecuteReport, makeJobs } from "./run.ts";

/** What the cluster is asked for (each maps to an `sbatch` option; unset ones are left to the cluster). */
export interface SlurmOptions {
  /** `--partition`. */
  partition?: string;
  /** `--time`, e.g. `00:30:00`. */
  time?: string;
  /** `--mem`, e.g. `4G`. */
  mem?: string;
  /** `--cpus-per-task`: workers per array task. @default 1 */
  cpusPerTask?: number;
  /** `--gres=gpu:N`. */
  gpus?: number;
  /** Array tasks running at once (`--array=0-N%K`). */
  arrayMax?: number;
  /** Most array tasks per submission. @default 64 */
  arrayTasks?: number;
  /** Resubmissions of an array task's missing runs. @default 2 */
  retries?: number;
  /** Seconds between looks at the cache and the queue. @default 2 */
  pollSeconds?: number;
  /** Extra `#SBATCH` lines, e.g. `["--account=lab"]`. */
  extra?: string[];
}

/**
 * Checks SLURM options (from flags or the `slurm` block of `claimgraph.json`); throws naming the bad field.
 *
 * @example
 * ```ts
 * import { parseSlurmOptions } from "./slurm.ts";
 * console.log(parseSlurmOptions({ time: "00:30:00", arrayMax: 8 }).arrayMax); // 8
 * ```
 */
export function parseSlurmOptions(raw: Record<string, unknown>): SlurmOptions {
  const known: Record<string, "string" | "count" | "strings"> = {
    partition: "string",
    time: "string",
    mem: "string",
    cpusPerTask: "count",
    gpus: "count",
    arrayMax: "count",
    arrayTasks: "count",
    retries: "count",
    pollSeconds: "count",
    extra: "strings",
  };
  for (const [k, v] of Object.entries(raw)) {
    const kind = known[k];
    if (!kind) throw new Error(`slurm: unknown field "${k}" (known: ${Object.keys(known).join(", ")})`);
    const ok = kind === "string"
      ? typeof v === "string" && v.length > 0 && !/[\s"'\\]/.test(v)
      : kind === "count"
      ? typeof v === "number" && Number.isInteger(v) && v >= (k === "retries" || k === "gpus" ? 0 : 1)
      : Array.isArray(v) && v.every((e) => typeof e === "string" && !e.includes("\n"));
    if (!ok) {
      throw new Error(
        `slurm: field "${k}" must be ${
          kind === "count"
            ? "a whole number"
            : kind === "string"
            ? "a word without spaces or quotes"
            : "a list of strings"
        } (got ${JSON.stringify(v)})`,
      );
    }
  }
  return raw as SlurmOptions;
}

/** Options of {@linkcode executeOnSlurm}. */
export interface SlurmExecuteOptions {
  cache: Cache;
  slurm: SlurmOptions;
  /** Most runs in one job (an ensemble computed together). @default 1 for f64, 16 otherwise */
  maxBatch?: number;
  /** Progress display label; none when undefined. */
  label?: string;
  /** Where progress and messages go. @default stderr */
  write?: (text: string) => void;
  /** Repository root on the shared file system (where nodes run `src/graph/slurm_task.ts`). @default cwd */
  repo?: string;
}

/** One array task's share: its runs, in jobs (batches computed together). */
export interface SlurmManifest {
  cache: string;
  tasks: PlannedRun[][][];
}

/** Deals jobs into at most `slots` array tasks of about equal work (largest job first, to the lightest task). */
export function dealJobs(jobs: readonly PlannedRun[][], slots: number): PlannedRun[][][] {
  const n = Math.max(1, Math.min(slots, jobs.length));
  const tasks: PlannedRun[][][] = Array.from({ length: n }, () => []);
  const load = new Array(n).fill(0);
  const work = (j: readonly PlannedRun[]) => j.reduce((s, r) => s + r.work, 0);
  for (const job of [...jobs].sort((a, b) => work(b) - work(a))) {
    const i = load.indexOf(Math.min(...load));
    tasks[i].push(job);
    load[i] += work(job);
  }
  return tasks.filter((t) => t.length > 0);
}

/** The batch script of one submission. */
export function batchScript(
  o: { dir: string; repo: string; cache: string; deno: string; count: number; attempt: number },
  s: SlurmOptions,
): string {
  const opt = (flag: string, v: unknown) => (v === undefined || v === "" ? [] : [`#SBATCH --${flag}=${v}`]);
  return [
    "#!/bin/bash",
    "#SBATCH --job-name=claimgraph",
    `#SBATCH --array=0-${o.count - 1}${s.arrayMax ? `%${s.arrayMax}` : ""}`,
    `#SBATCH --output=${o.dir}/logs/attempt${o.attempt}_task%a.log`,
    ...opt("partition", s.partition),
    ...opt("time", s.time),
    ...opt("mem", s.mem),
    ...opt("cpus-per-task", s.cpusPerTask),
    ...opt("gres", s.gpus ? `gpu:${s.gpus}` : undefined),
    ...(s.extra ?? []).map((e) => `#SBATCH ${e}`),
    `cd ${JSON.stringify(o.repo)}`,
    `exec ${JSON.stringify(o.deno)} run --allow-read=${JSON.stringify(`${o.repo},${o.cache}`)} ` +
    `--allow-write=${JSON.stringify(o.cache)} --allow-env --allow-sys=hostname src/graph/slurm_task.ts ` +
    `${JSON.stringify(`${o.dir}/manifest${o.attempt}.json`)} "$SLURM_ARRAY_TASK_ID"`,
    "",
  ].join("\n");
}

/** Runs a SLURM command; throws with its stderr when it fails (or is not installed). */
async function slurm(cmd: string, args: string[]): Promise<string> {
  let out;
  try {
    out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  } catch (e) {
    throw new Error(`${cmd}: ${e instanceof Deno.errors.NotFound ? "not installed (is this a SLURM node?)" : e}`);
  }
  const text = new TextDecoder().decode(out.stdout).trim();
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr).trim()}`);
  return text;
}

/** The array's tasks still in the queue, by state (PENDING, RUNNING, …). */
async function queued(jobId: string): Promise<Map<number, string>> {
  const text = await slurm("squeue", ["-h", "-r", "-j", jobId, "-o", "%K|%T"]).catch(() => "");
  const out = new Map<number, string>();
  for (const line of text.split("\n")) {
    const [i, state] = line.split("|");
    if (state && /^\d+$/.test(i)) out.set(Number(i), state);
  }
  return out;
}

const tail = async (path: string) => {
  try {
    return (await Deno.readTextFile(path)).trim().split("\n").slice(-3).join(" | ");
  } catch {
    return "(no log)";
  }
};

/** Computes `runs` as SLURM job arrays and waits for their results in the cache. */
export async function executeOnSlurm(runs: readonly PlannedRun[], opts: SlurmExecuteOptions): Promise<ExecuteReport> {
  const t0 = performance.now();
  const write = opts.write ?? ((t: string) => void Deno.stderr.writeSync(new TextEncoder().encode(t)));
  const say = (line: string) => write(line + "\n");
  const s = opts.slurm, retries = s.retries ?? 2, poll = (s.pollSeconds ?? 2) * 1000;
  const jobs = makeJobs(runs, (r) => batchSize(r, opts.maxBatch));
  const report = emptyReport();
  if (jobs.length === 0) return report;
  const all = jobs.flat();
  const progress = opts.label !== undefined
    ? new Progress({ runs: all.length, work: all.reduce((t, r) => t + r.work, 0), label: opts.label, write })
    : undefined;
  const repo = opts.repo ?? Deno.cwd();
  const absolute = (p: string) => (p.startsWith("/") ? p : `${repo}/${p}`);
  const cache = absolute(opts.cache.root);
  const dir = `${cache}/.slurm/${new Date().toISOString().replace(/[:.]/g, "-")}-${crypto.randomUUID().slice(0, 6)}`;
  await Deno.mkdir(`${dir}/logs`, { recursive: true });

  const done = new Set<string>();
  const collect = async (rs: readonly PlannedRun[]) => {
    for (const r of rs) {
      if (done.has(r.key) || !(await opts.cache.exists(r.key))) continue;
      done.add(r.key);
      report.computed++;
      report.steps += r.cost;
      progress?.steps(r.cost, r.work);
      progress?.runDone();
    }
  };

  let live: string[] = [];
  const onSigint = () => {
    report.interrupted = true;
    for (const id of live) slurm("scancel", [id]).catch(() => {});
  };
  try {
    Deno.addSignalListener("SIGINT", onSigint);
  } catch { /* no signals: finished runs are in the cache already */ }
  try {
    let tasks = dealJobs(jobs, s.arrayTasks ?? 64);
    for (let attempt = 0; tasks.length > 0 && !report.interrupted; attempt++) {
      const manifest: SlurmManifest = { cache, tasks };
      await writeAtomic(`${dir}/manifest${attempt}.json`, JSON.stringify(manifest));
      const script = `${dir}/job${attempt}.sh`;
      await writeAtomic(
        script,
        batchScript({ dir, repo, cache, deno: Deno.execPath(), count: tasks.length, attempt }, s),
      );
      const jobId = (await slurm("sbatch", ["--parsable", script])).split(";")[0];
      live = [jobId];
      say(`slurm: submitted array ${jobId} (${tasks.length} tasks, ${tasks.flat(2).length} runs; logs in ${dir}/logs)`);
      let last = "";
      while (!report.interrupted) {
        await new Promise((r) => setTimeout(r, poll));
        await collect(tasks.flat(2));
        const q = await queued(jobId);
        const counts = [...q.values()].reduce((m, st) => m.set(st, (m.get(st) ?? 0) + 1), new Map<string, number>());
        const line = [...counts].map(([st, c]) => `${c} ${st.toLowerCase()}`).join(", ");
        if (line && line !== last && !progress) say(`slurm: array ${jobId}: ${line}`);
        last = line;
        if (q.size === 0) break;
      }
      live = [];
      await collect(tasks.flat(2));
      if (report.interrupted) break;
      // Array tasks that ended with runs missing: resubmit those runs, or give up on them with the log's tail.
      const next: PlannedRun[][][] = [];
      for (let i = 0; i < tasks.length; i++) {
        const missing = tasks[i].map((job) => job.filter((r) => !done.has(r.key))).filter((j) => j.length > 0);
        if (missing.length === 0) continue;
        const log = `${dir}/logs/attempt${attempt}_task${i}.log`;
        if (attempt < retries) {
          say(`slurm: task ${i} of array ${jobId} ended with ${missing.flat().length} runs missing; resubmitting`);
          next.push(missing);
        } else {
          const why = `failed on SLURM after ${attempt + 1} attempts; log ${log}: ${await tail(log)}`;
          for (const run of missing.flat()) report.failed.push({ run, message: why });
        }
      }
      tasks = next;
    }
  } finally {
    try {
      Deno.removeSignalListener("SIGINT", onSigint);
    } catch { /* see above */ }
  }
  progress?.finish();
  report.wallMs = performance.now() - t0;
  return report;
}
