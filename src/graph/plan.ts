/**
 * The planner: expands every selected experiment into runs with content keys, and says for each whether it is
 * cached or must run, and why (new, spec changed, engine changed, missing, corrupt, forced).
 *
 * @example
 * ```ts
 * import { planRuns } from "./plan.ts";
 * const runs = await planRuns([], "ci", "f64"); // []
 * ```
 * @module
 */
import { engineIdOf } from "../core/engine_ids.ts";
import { tasks } from "../train/tasks.ts";
import type { Paper } from "../core/declare.ts";
import { canonicalJson, runKey, sha256Hex } from "../core/hash.ts";
import type { Cache } from "./cache.ts";
import { writeAtomic } from "./io.ts";
import { RunLocks } from "./lock.ts";
import type { EngineId, Json, JsonObject, Profile, RunSpec } from "../core/types.ts";
import { DeclarationError, expandExperiment, validatePapers } from "./validate.ts";

/** One run of the plan. */
export interface PlannedRun {
  paper: string;
  experiment: string;
  point: JsonObject;
  /** The swept fields alone, e.g. `{ eps: 1e-6, seed: 0 }`. */
  swept: JsonObject;
  spec: RunSpec;
  key: string;
  engine: EngineId;
  /** The engine name that will compute it (`f64` for float64-only tasks). */
  engineName: string;
  taskVersion: string;
  /** Steps, for progress. */
  cost: number;
  /** Relative compute, for the ETA. */
  work: number;
  /** Runs with equal batch keys may be computed together. */
  batchKey: string;
  /** Identifies the sweep point across spec and engine changes: `paper/experiment/profile/hash(swept fields)`. */
  slot: string;
}

/** Why a run must run. */
export type RunReason = "new" | "spec changed" | "engine changed" | "missing" | "corrupt" | "forced";

/** A planned run with its cache status. */
export interface RunStatus {
  run: PlannedRun;
  cached: boolean;
  why?: RunReason;
  /** For `corrupt`: what is wrong with the entry. */
  detail?: string;
}

/** The slot index kept beside the cache: which key each sweep point had last, and with which spec and engine. */
export type SlotIndex = Record<string, { key: string; spec: string; engine: string }>;

/** Which experiments a selection covers: `paper id → experiment ids`. */
export type Selection = Map<string, Set<string>>;

/**
 * Resolves `only` (paper ids, claim ids, experiment ids or `paper/experiment`) to the experiments it covers.
 * An empty list selects everything. Throws on a name that matches nothing.
 */
export function selectExperiments(papers: readonly Paper[], only: readonly string[]): Selection {
  const chosen: Selection = new Map();
  const pick = (p: Paper, ids: readonly string[]) => {
    const s = chosen.get(p.id) ?? new Set<string>();
    ids.forEach((i) => s.add(i));
    chosen.set(p.id, s);
  };
  if (only.length === 0) { for (const p of papers) pick(p, p.experiments.map((e) => e.id)); }
  for (const name of only) {
    let matched = false;
    for (const p of papers) {
      const [pid, eid] = name.includes("/") ? name.split("/", 2) : [undefined, name];
      if (name === p.id) pick(p, p.experiments.map((e) => e.id)), matched = true;
      for (const c of p.claims) if (c.id === name) pick(p, c.uses), matched = true;
      for (const e of p.experiments) {
        if (e.id === eid && (pid === undefined || pid === p.id)) pick(p, [e.id]), matched = true;
      }
    }
    if (!matched) throw new Error(`--only ${name}: no paper, claim or experiment of that name`);
  }
  return chosen;
}

/**
 * Expands papers into planned runs at `profile`, computed by engine `engineName`, keeping the experiments in
 * `selection` (all when omitted). Every paper is validated whole first; throws DeclarationError.
 */
export async function planRuns(
  papers: readonly Paper[],
  profile: Profile,
  engineName: string,
  selection?: Selection,
): Promise<PlannedRun[]> {
  const problems = validatePapers(papers, profile);
  if (problems.length) throw new DeclarationError(problems);
  const pending: Promise<PlannedRun>[] = [];
  for (const paper of papers) {
    for (const exp of paper.experiments) {
      if (selection && !selection.get(paper.id)?.has(exp.id)) continue;
      const task = tasks[exp.task];
      for (const { point, swept, spec } of expandExperiment(paper, exp, profile).runs) {
        const kind = typeof task.engines === "function" ? task.engines(spec) : task.engines;
        const name = kind === "f64" ? "f64" : engineName;
        const engine = engineIdOf(name);
        // Both hashes of a run are computed concurrently with every other run's.
        pending.push(
          Promise.all([runKey(spec, engine, task.version), sha256Hex(canonicalJson(swept))]).then((
            [key, sweptHash],
          ) => ({
            paper: paper.id,
            experiment: exp.id,
            point,
            swept,
            spec,
            key,
            engine,
            engineName: name,
            taskVersion: task.version,
            cost: task.cost(spec),
            work: task.work ? task.work(spec) : task.cost(spec),
            batchKey: `${exp.task}|${name}|${task.batchKey ? task.batchKey(spec) : canonicalJson(spec)}`,
            slot: `${paper.id}/${exp.id}/${profile}/${sweptHash.slice(0, 16)}`,
          })),
        );
      }
    }
  }
  const out = await Promise.all(pending);
  return out;
}

const hashOf = async (v: unknown) => (await sha256Hex(canonicalJson(v as Json))).slice(0, 16);

/** Reads the slot index (empty when absent or unreadable). */
export async function readSlotIndex(cache: Cache): Promise<SlotIndex> {
  try {
    return JSON.parse(await Deno.readTextFile(`${cache.root}/index.json`));
  } catch {
    return {};
  }
}

/**
 * Records the runs' current keys in the slot index (atomic write, sorted keys for stable diffs). Writes nothing
 * when the index already says so (so a read-only cache works when nothing changed); throws `IoFailure` otherwise.
 */
export async function writeSlotIndex(cache: Cache, runs: readonly PlannedRun[]): Promise<boolean> {
  // A slot whose key is unchanged has unchanged spec and engine hashes (the key hashes both): only the others are
  // hashed, so a no-op repro hashes nothing and writes nothing.
  const before = await readSlotIndex(cache);
  const changed = runs.filter((r) => before[r.slot]?.key !== r.key);
  if (changed.length === 0) return false;
  const entries = await Promise.all(changed.map(async (r) => ({
    slot: r.slot,
    entry: { key: r.key, spec: await hashOf(r.spec), engine: await hashOf(r.engine) },
  })));
  const apply = (index: SlotIndex) => {
    let changed = false;
    for (const { slot, entry } of entries) {
      const old = index[slot];
      if (!old || old.key !== entry.key || old.spec !== entry.spec || old.engine !== entry.engine) {
        index[slot] = entry, changed = true;
      }
    }
    return changed;
  };
  if (!apply(before)) return false;
  // Read, update and write under the index lock, so two processes never lose each other's slots.
  const locks = new RunLocks(cache.root);
  for (let waited = 0; (await locks.tryAcquire("index")) === "held" && waited < 10_000; waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
  }
  try {
    const index = await readSlotIndex(cache);
    apply(index);
    const sorted = Object.fromEntries(Object.keys(index).sort().map((k) => [k, index[k]]));
    await writeAtomic(`${cache.root}/index.json`, JSON.stringify(sorted, null, 0).replaceAll('},"', '},\n"') + "\n");
  } finally {
    await locks.releaseAll();
  }
  return true;
}

/** The cache status of every run: cached (entry present and intact) or why it must run. */
export async function statusOf(runs: readonly PlannedRun[], cache: Cache, force = false): Promise<RunStatus[]> {
  const index = await readSlotIndex(cache);
  const statuses = await Promise.all(runs.map(async (run): Promise<RunStatus> => {
    const got = await cache.check(run.key);
    if (got.status === "corrupt") return { run, cached: false, why: "corrupt", detail: got.reason };
    if (force) return { run, cached: false, why: "forced" };
    if (got.status === "hit") return { run, cached: true };
    const prev = index[run.slot];
    if (!prev) return { run, cached: false, why: "new" };
    if (prev.key === run.key) return { run, cached: false, why: "missing" };
    if (prev.spec !== await hashOf(run.spec)) return { run, cached: false, why: "spec changed" };
    return { run, cached: false, why: "engine changed" };
  }));
  await cache.saveManifest();
  return statuses;
}
