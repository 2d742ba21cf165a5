/**
 * What the commands share: the papers of this invocation (with `--set` overrides applied), the checked `--only`
 * names, the plan with cache status, its summary counted over distinct runs, the time estimate, the confirmation
 * before a long computation, and the computation itself.
 *
 * @example
 * ```ts
 * import { summarize } from "./session.ts";
 * console.log(summarize([])); // "0 runs cached, 0 to run"
 * ```
 * @module
 */
import { type ClaimVerdict, evaluateClaim } from "../claims/mod.ts";
import { type Claim, EXIT, type Paper, type Profile, type Results } from "../core/mod.ts";
import { IoFailure, isReadOnlyError } from "../graph/io.ts";
import { RunLocks } from "../graph/lock.ts";
import {
  Cache,
  type PlannedRun,
  planRuns,
  type RunStatus,
  selectExperiments,
  statusOf,
  writeSlotIndex,
} from "../graph/mod.ts";
import { formatDuration } from "../graph/progress.ts";
import { CliError, type Options } from "./options.ts";
import { applySets, describeSets, parseSets } from "./overrides.ts";
import { didYouMean } from "./suggest.ts";

/** Prints a line to stdout. */
export const log = (s: string): void => console.log(s);

/** The papers and options of one invocation. */
export interface Session {
  o: Options;
  /** The declared papers, with `--set` applied to the selected experiments. */
  papers: Paper[];
  /** The declared papers as declared. */
  declared: Paper[];
  /** `lr=0.02, …` when overridden. */
  overridden?: string;
  /** `--only`, with the control experiments of each named claim added (a claim's verdict needs its control). */
  select: string[];
  /** When this invocation started (ms since the epoch): with `--force`, an entry written since was computed now. */
  startedAt: number;
}

/** Every name `--only` accepts. */
export function knownNames(papers: readonly Paper[]): string[] {
  return papers.flatMap((p) => [
    p.id,
    ...p.claims.map((c) => c.id),
    ...p.experiments.flatMap((e) => [e.id, `${p.id}/${e.id}`]),
  ]);
}

/** Opens a session: checks `--only` names (exit 2 with suggestions) and applies `--set`. */
export function openSession(o: Options, declared: Paper[]): Session {
  const known = knownNames(declared);
  for (const n of o.only) {
    if (!known.includes(n)) {
      throw new CliError(`--only ${n}: no paper, claim or experiment of that name${didYouMean(n, known)}`, 2);
    }
  }
  const select = [...o.only];
  for (const p of declared) {
    for (const c of p.claims) {
      if (o.only.includes(c.id)) select.push(...(c.control?.uses ?? []).map((u) => `${p.id}/${u}`));
    }
  }
  const startedAt = Date.now();
  if (!o.set.length) return { o, papers: declared, declared, select, startedAt };
  const sets = parseSets(o.set);
  const papers = applySets(declared, selectExperiments(declared, select), sets);
  return { o, papers, declared, overridden: describeSets(sets), select, startedAt };
}

/** Plans the selected experiments and reads the cache status of every run. */
export async function planStatus(s: Session): Promise<RunStatus[]> {
  const { o, papers } = s;
  const runs = await planRuns(papers, o.profile, o.engine, selectExperiments(papers, s.select));
  return await statusOf(runs, new Cache(o.cacheDir), o.force);
}

/** Distinct runs: sweep points of different experiments with the same spec are one run (same key). */
export function distinct(statuses: readonly RunStatus[]): RunStatus[] {
  const seen = new Map<string, RunStatus>();
  for (const st of statuses) if (!seen.has(st.run.key)) seen.set(st.run.key, st);
  return [...seen.values()];
}

/** `648 runs cached, 2 to run (2 new)`, counted over distinct runs (as the progress counts them). */
export function summarize(statuses: readonly RunStatus[]): string {
  const runs = distinct(statuses);
  const toRun = runs.filter((st) => !st.cached);
  const why = new Map<string, number>();
  for (const st of toRun) why.set(st.why!, (why.get(st.why!) ?? 0) + 1);
  const reasons = [...why.entries()].map(([k, v]) => `${v} ${k}`).join(", ");
  const shared = statuses.length - runs.length;
  return `${runs.length - toRun.length} runs cached, ${toRun.length} to run${reasons ? ` (${reasons})` : ""}${
    shared ? `; ${shared} sweep points share a run with another` : ""
  }`;
}

/**
 * Measured speed: work units per second of wall time, from cached runs' provenance, by `x:paper/experiment|engine`
 * (the closest match: `work` is a model of the compute and its constant varies between experiments) and by
 * `t:task|engine`.
 */
export type Speeds = Map<string, { work: number; seconds: number; from?: string }>;

/** Reads up to `perKind` cached runs of each task and engine and sums their work and wall time. */
export async function measuredSpeeds(cache: Cache, statuses: readonly RunStatus[], perKind = 12): Promise<Speeds> {
  const speeds: Speeds = new Map();
  const taken = new Map<string, number>();
  for (const st of statuses) {
    if (!st.cached) continue;
    const kind = `x:${st.run.paper}/${st.run.experiment}|${st.run.engineName}`;
    if ((taken.get(kind) ?? 0) >= perKind) continue;
    taken.set(kind, (taken.get(kind) ?? 0) + 1);
    const got = await cache.read(st.run.key);
    if (got.status !== "hit" || !(got.entry.provenance.wallMs > 0)) continue;
    for (const k of [kind, `t:${st.run.spec.task}|${st.run.engineName}`]) {
      const s = speeds.get(k) ?? { work: 0, seconds: 0 };
      s.work += st.run.work, s.seconds += got.entry.provenance.wallMs / 1000;
      speeds.set(k, s);
    }
  }
  return speeds;
}

/** Every cached run of the plan's tasks on any profile and engine gives a speed; used where the plan has none. */
async function fallbackSpeeds(s: Session, cache: Cache, speeds: Speeds): Promise<void> {
  const other: Profile = s.o.profile === "ci" ? "full" : "ci";
  for (const [profile, engine] of [[s.o.profile, "f64"], [other, s.o.engine], [other, "f64"]] as const) {
    let runs: PlannedRun[];
    try {
      runs = await planRuns(s.declared, profile, engine);
    } catch {
      continue;
    }
    const more = await measuredSpeeds(cache, await statusOf(runs, cache), 4);
    for (const [k, v] of more) if (!speeds.has(k)) speeds.set(k, { ...v, from: `${profile} runs` });
  }
}

/** An estimate of the wall time of computing `toRun` on `workers` workers. */
export interface Estimate {
  seconds: number;
  /** How it was estimated, e.g. `from 12 cached two_layer runs on wasm-f32`. */
  basis: string;
  /** Runs with no measured speed for their task. */
  unknown: number;
}

/** Estimates the time of the runs to compute from the measured speed of cached runs of the same task. */
export async function estimate(s: Session, statuses: readonly RunStatus[]): Promise<Estimate> {
  const cache = new Cache(s.o.cacheDir);
  const toRun = distinct(statuses).filter((st) => !st.cached);
  if (!toRun.length) return { seconds: 0, basis: "nothing to run", unknown: 0 };
  const speeds = await measuredSpeeds(cache, statuses);
  const expKey = (st: RunStatus) => `x:${st.run.paper}/${st.run.experiment}|${st.run.engineName}`;
  const taskKey = (st: RunStatus) => `t:${st.run.spec.task}|${st.run.engineName}`;
  if (toRun.some((st) => !speeds.has(expKey(st)))) await fallbackSpeeds(s, cache, speeds);
  const how = new Map<string, number>();
  let seconds = 0, unknown = 0;
  for (const st of toRun) {
    const task = st.run.spec.task;
    const [label, sp] = speeds.has(expKey(st))
      ? [`${task} on ${st.run.engineName}: measured on this experiment's runs`, speeds.get(expKey(st))]
      : speeds.has(taskKey(st))
      ? [`${task} on ${st.run.engineName}: measured on other experiments' runs`, speeds.get(taskKey(st))]
      : [`${task}: measured on another engine`, [...speeds.entries()].find(([k]) => k.startsWith(`t:${task}|`))?.[1]];
    if (!sp) unknown++;
    else seconds += st.run.work * sp.seconds / sp.work;
    const key = sp
      ? `${label}${sp.from ? ` (${sp.from})` : ""}`
      : `${task} on ${st.run.engineName}: no cached run to measure`;
    how.set(key, (how.get(key) ?? 0) + 1);
  }
  const basis = [...how.entries()].map(([k, n]) => `${n} × ${k}`);
  const workers = Math.max(1, Math.min(s.o.jobs ?? navigator.hardwareConcurrency ?? 2, toRun.length));
  return { seconds: seconds / workers, basis: `${basis.join("; ")}; ${workers} workers`, unknown };
}

/** Longer than this asks first. */
export const CONFIRM_SECONDS = 180;

/**
 * Before computing: a long computation (estimated over {@linkcode CONFIRM_SECONDS}, or with runs of unknown
 * speed) asks on a terminal, and without a terminal needs `--yes`. Returns false when the user declines.
 */
export async function confirmLong(s: Session, statuses: readonly RunStatus[]): Promise<boolean> {
  const toRun = distinct(statuses).filter((st) => !st.cached);
  if (!toRun.length || s.o.yes) return true;
  const est = await estimate(s, statuses);
  if (est.seconds <= CONFIRM_SECONDS && (est.unknown === 0 || toRun.length <= 20)) return true;
  const steps = toRun.reduce((t, st) => t + st.run.cost, 0);
  const what = `${toRun.length} runs (${steps.toLocaleString("en")} steps, about ${formatDuration(est.seconds)}${
    est.unknown ? `, ${est.unknown} runs of unmeasured speed not counted` : ""
  }) on ${s.o.engine}`;
  if (!Deno.stdin.isTerminal()) {
    throw new CliError(
      `this would compute ${what}. Pass --yes to go ahead${
        s.o.command === "verify" ? ", or --cached-only to verify from the cache alone" : ""
      } (deno task plan shows what and why)`,
      2,
    );
  }
  const answer = prompt(`This computes ${what}. Go ahead? [y/N]`);
  return /^y(es)?$/i.test(answer?.trim() ?? "");
}

/** Computes what is missing; throws if any run fails. Overridden runs are not recorded in the slot index. */
export async function runMissing(s: Session, statuses: readonly RunStatus[]): Promise<void> {
  const { o } = s;
  // With --json, stdout carries the JSON alone: progress lines go to stderr.
  const say = o.json ? (t: string) => console.error(t) : log;
  const cache = new Cache(o.cacheDir);
  for (const st of statuses) {
    if (st.why === "corrupt") say(`corrupt cache entry ${st.run.key.slice(0, 12)}: ${st.detail}; recomputing`);
  }
  // Litter of killed processes: stale run locks (cheap: one folder), and their top-level temp files; temp files
  // of entries are swept by the executor when something runs. A read-only cache has nothing to sweep.
  const locks = new RunLocks(cache.root);
  await locks.sweepStale().catch(() => {});
  await locks.sweepTmp({ depth: 0 }).catch(() => {});
  const toRun = statuses.filter((st) => !st.cached).map((st) => st.run);
  if (toRun.length) {
    await assertWritable(cache.root, statuses.filter((st) => !st.cached));
    const report = o.executor === "slurm"
      ? await (await import("../graph/slurm.ts")).executeOnSlurm(toRun, { cache, slurm: o.slurm, label: "runs" })
      : await (await import("../graph/run.ts")).executeRuns(toRun, {
        cache,
        workers: o.jobs,
        label: "runs",
        force: o.force,
        startedAt: s.startedAt,
      });
    const sps = report.steps / Math.max(report.wallMs / 1000, 1e-9);
    const extra = [
      report.unchanged ? `${report.unchanged} bit-identical (not rewritten)` : "",
      report.byOthers ? `${report.byOthers} computed by another process` : "",
    ].filter(Boolean).join(", ");
    say(
      `computed ${report.computed} runs in ${formatDuration(report.wallMs / 1000)} (${sps.toFixed(0)} steps/s)${
        extra ? `; ${extra}` : ""
      }`,
    );
    if (report.ioError) throw report.ioError;
    if (report.interrupted) {
      throw new CliError(`interrupted: ${report.computed} finished runs were kept`, EXIT.interrupted);
    }
    if (report.failed.length) {
      const first = report.failed[0];
      throw new CliError(
        `${report.failed.length} run(s) failed; first: paper ${first.run.paper}, experiment ${first.run.experiment}, ` +
          `point ${JSON.stringify(first.run.point)}:\n${first.message}`,
      );
    }
  }
  if (s.overridden) return;
  try {
    await writeSlotIndex(cache, statuses.map((st) => st.run));
  } catch (e) {
    if (!isReadOnlyError(e)) throw e;
    console.error(`note: ${(e as Error).message}; the slot index (why a run is new) was not updated`);
  }
}

/** Throws a clear `CliError` (exit 3) when `root` cannot be written and `runs` runs would have to be computed. */
async function assertWritable(root: string, runs: RunStatus[]): Promise<void> {
  const locks = new RunLocks(root);
  try {
    await locks.tryAcquire(".write-probe");
    await locks.releaseAll();
  } catch (e) {
    if (!(e instanceof IoFailure)) throw e;
    const first = runs[0].run;
    throw new CliError(
      `cache ${root} cannot be written (${e.cause_}), and ${runs.length} run(s) would have to be computed ` +
        `(first: ${first.paper}/${first.experiment} ${JSON.stringify(first.swept)}, ${runs[0].why}); ` +
        `use a writable --cache, or compute them elsewhere`,
      EXIT.io,
    );
  }
}

/** The experiments a claim reads, its control's included. */
export const claimUses = (c: Claim): string[] => [...c.uses, ...(c.control?.uses ?? [])];

/** Verdicts of every selected paper's claims. */
export function verdicts(papers: readonly Paper[], byPaper: Record<string, Results>, profile: Profile): ClaimVerdict[] {
  return papers.flatMap((p) => p.claims.map((c) => evaluateClaim(c, byPaper[p.id] ?? {}, profile, p.id)));
}

/**
 * The claims `--only` selects: every claim when empty; the named claims; every claim of a named paper; and, for
 * named experiments, the claims whose experiments are all selected.
 */
export function selectedClaims(papers: readonly Paper[], only: readonly string[]): Set<string> {
  const selection = selectExperiments(papers, only);
  const out = new Set<string>();
  const claimNames = new Set(only.filter((n) => papers.some((p) => p.claims.some((c) => c.id === n))));
  for (const p of papers) {
    for (const c of p.claims) {
      if (
        only.length === 0 || claimNames.has(c.id) || only.includes(p.id) ||
        (claimNames.size === 0 && claimUses(c).every((u) => selection.get(p.id)?.has(u)))
      ) out.add(`${p.id}/${c.id}`);
    }
  }
  return out;
}
