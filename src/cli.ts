/**
 * The command line: `repro`, `plan`, `verify`, `export`, `clean`. Side effects live here and in the cache and
 * render modules; everything it calls is data in, data out.
 *
 * @example
 * ```sh
 * deno task repro                 # run what is not cached, render figures and the report
 * deno task plan --only chen2024  # what would run, and why
 * deno task verify --profile ci   # claims' verdicts; exit 1 if a claim that should hold does not
 * ```
 * @module
 */
import { papers as declaredPapers } from "../pipeline/mod.ts";
import { type ClaimVerdict, evaluateClaim, formatBand } from "./claims/mod.ts";
import {
  Cache,
  DeclarationError,
  formatProblem,
  loadResults,
  planRuns,
  type RunStatus,
  selectExperiments,
  statusOf,
  writeSlotIndex,
} from "./graph/mod.ts";
import { executeRuns } from "./graph/run.ts";
import { IoFailure, isReadOnlyError, writeAtomic } from "./graph/io.ts";
import { RunLocks } from "./graph/lock.ts";
import { tasks } from "./train/tasks.ts";
import { type Claim, engineIds, EXIT, type Paper, type Profile, PROFILES, type Results } from "./core/mod.ts";
import { parseArgs } from "./std/cli.ts";
import { formatDuration } from "./graph/progress.ts";

const USAGE = `claimgraph: papers' claims → experiments → cached results → figures and a report

usage: deno task <command> [options]

commands:
  repro            run what is not cached, render figures, write the report
  plan             show what would run and why, without running it
  verify           recompute every claim's verdict; exit 1 if a claim that should hold does not
  export <key>     write one run as self-contained JSON (inputs, init, trajectory) to exports/<key>.json
  clean            remove cache entries no declared run uses (at any profile, on any engine)

options:
  --profile ci|full   experiment sizes (default ci)
  --only NAME         a paper, claim or experiment id (repeatable)
  --force             rerun the selected runs even if cached
  --engine NAME       engine for the training steps (default f64; known: ${Object.keys(engineIds).join(", ")})
  --jobs N            worker count (default: number of cores)
  --cache DIR         cache directory (default data/cache)
  --out DIR           figures directory (default figures, or figures/full for --profile full)
`;

/** An error the CLI reports as one message with an exit code. */
class CliError extends Error {
  constructor(message: string, readonly code = 1) {
    super(message);
  }
}

interface Options {
  command: string;
  rest: string[];
  profile: Profile;
  only: string[];
  force: boolean;
  engine: string;
  jobs?: number;
  cacheDir: string;
  outDir: string;
}

function parseOptions(argv: string[]): Options {
  let a;
  try {
    a = parseArgs(argv, {
      string: ["profile", "engine", "jobs", "cache", "out"],
      collect: ["only"],
      boolean: ["force", "help"],
    });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n\n${USAGE}`, 2);
  }
  const [command = "help", ...rest] = a._;
  const profile = (a.profile as string | undefined) ?? "ci";
  if (!PROFILES.includes(profile as Profile)) throw new CliError(`--profile must be ci or full (got ${profile})`, 2);
  const engine = (a.engine as string | undefined) ?? "f64";
  if (!(engine in engineIds)) {
    throw new CliError(`--engine ${engine}: unknown (known: ${Object.keys(engineIds).join(", ")})`, 2);
  }
  const jobs = a.jobs === undefined ? undefined : Number(a.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) throw new CliError("--jobs must be ≥ 1", 2);
  return {
    command: a.help ? "help" : command,
    rest,
    profile: profile as Profile,
    only: (a.only as string[] | undefined) ?? [],
    force: Boolean(a.force),
    engine,
    jobs,
    cacheDir: (a.cache as string | undefined) ?? "data/cache",
    outDir: (a.out as string | undefined) ?? (profile === "ci" ? "figures" : "figures/full"),
  };
}

const log = (s: string) => console.log(s);

/** The papers this invocation works on (set by `main`). */
let allPapers: Paper[] = declaredPapers;
/** When this invocation started (ms since the epoch; set by `main`). */
let startedAt = Date.now();

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

/** Plans the selected experiments and reads the cache status of every run. */
async function planStatus(o: Options): Promise<RunStatus[]> {
  const runs = await planRuns(allPapers, o.profile, o.engine, selectExperiments(allPapers, o.only));
  return await statusOf(runs, new Cache(o.cacheDir), o.force);
}

function summarize(statuses: RunStatus[]): string {
  const toRun = statuses.filter((s) => !s.cached);
  const why = new Map<string, number>();
  for (const s of toRun) why.set(s.why!, (why.get(s.why!) ?? 0) + 1);
  const reasons = [...why.entries()].map(([k, v]) => `${v} ${k}`).join(", ");
  return `${statuses.length - toRun.length} runs cached, ${toRun.length} to run${reasons ? ` (${reasons})` : ""}`;
}

/** Runs what is missing; throws if any run fails. */
async function runMissing(o: Options, statuses: RunStatus[]): Promise<void> {
  const cache = new Cache(o.cacheDir);
  // Litter of killed processes: stale run locks (cheap: one folder). Temp files are swept when something runs.
  const locks = new RunLocks(cache.root);
  await locks.sweepStale();
  await locks.sweepTmp({ depth: 0 });
  for (const s of statuses) {
    if (s.why === "corrupt") log(`corrupt cache entry ${s.run.key.slice(0, 12)}: ${s.detail}; recomputing`);
  }
  const toRun = statuses.filter((s) => !s.cached).map((s) => s.run);
  if (toRun.length) {
    await assertWritable(cache.root, statuses.filter((s) => !s.cached));
    const report = await executeRuns(toRun, {
      cache,
      workers: o.jobs,
      label: "runs",
      force: o.force,
      startedAt,
    });
    const sps = report.steps / Math.max(report.wallMs / 1000, 1e-9);
    const extra = [
      report.unchanged ? `${report.unchanged} bit-identical (not rewritten)` : "",
      report.byOthers ? `${report.byOthers} computed by another process` : "",
    ].filter(Boolean).join(", ");
    log(
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
  try {
    await writeSlotIndex(cache, statuses.map((s) => s.run));
  } catch (e) {
    if (!isReadOnlyError(e)) throw e;
    console.error(`note: ${(e as Error).message}; the slot index (why a run is new) was not updated`);
  }
}

/** Verdicts of every selected paper's claims. */
function verdicts(papers: Paper[], byPaper: Record<string, Results>, profile: Profile): ClaimVerdict[] {
  return papers.flatMap((p) => p.claims.map((c) => evaluateClaim(c, byPaper[p.id] ?? {}, profile, p.id)));
}

async function cmdPlan(o: Options): Promise<number> {
  const statuses = await planStatus(o);
  const byExp = new Map<string, RunStatus[]>();
  for (const s of statuses) {
    const k = `${s.run.paper}/${s.run.experiment}`;
    byExp.set(k, [...(byExp.get(k) ?? []), s]);
  }
  log(`profile ${o.profile}, engine ${o.engine}`);
  for (const [k, ss] of byExp) {
    const steps = ss.filter((s) => !s.cached).reduce((t, s) => t + s.run.cost, 0);
    log(`  ${k.padEnd(40)} ${summarize(ss)}${steps ? `, ${steps.toLocaleString("en")} steps` : ""}`);
  }
  const toRun = statuses.filter((s) => !s.cached);
  for (const s of toRun.slice(0, 20)) {
    log(
      `    run ${s.run.key.slice(0, 12)} ${s.run.paper}/${s.run.experiment} ${JSON.stringify(s.run.swept)}: ${s.why}${
        s.detail ? ` (${s.detail})` : ""
      }`,
    );
  }
  if (toRun.length > 20) log(`    … and ${toRun.length - 20} more`);
  log(summarize(statuses));
  return 0;
}

async function cmdRepro(o: Options): Promise<number> {
  const t0 = performance.now();
  const statuses = await planStatus(o);
  log(summarize(statuses));
  await runMissing(o, statuses);
  // Figures and the report cover every paper, so a partial --only still leaves a whole report.
  const everyRun = o.only.length ? await planRuns(allPapers, o.profile, o.engine) : statuses.map((s) => s.run);
  const { byPaper, missing } = await loadResults(everyRun, new Cache(o.cacheDir));
  const { renderOutputs, outputsStamp, readStamp } = await import("./render/outputs.ts");
  // A render from incomplete results gets no valid stamp, so the next repro renders again.
  const stamp = missing.length ? "incomplete" : await outputsStamp(everyRun, o.profile);
  if (missing.length) {
    log(`${missing.length} runs of other papers are not computed yet; their claims show INCONCLUSIVE`);
  } else if ((await readStamp(o.outDir)) === stamp) {
    log(`figures and report up to date (${o.outDir}/) · ${formatDuration((performance.now() - t0) / 1000)}`);
    return 0;
  }
  const vs = verdicts(allPapers, byPaper, o.profile);
  const written = await renderOutputs({
    papers: allPapers,
    byPaper,
    verdicts: vs,
    profile: o.profile,
    outDir: o.outDir,
    runs: everyRun,
    stamp,
  });
  log(`wrote ${written} files to ${o.outDir}/ · ${formatDuration((performance.now() - t0) / 1000)}`);
  return 0;
}

/** The experiments a claim reads, its control's included. */
const claimUses = (c: Claim) => [...c.uses, ...(c.control?.uses ?? [])];

function verdictLine(v: ClaimVerdict): string {
  const vals = v.checks.map((c) =>
    `${c.name} ${c.measured ? c.measured.value.toPrecision(4) : "–"} ${formatBand(c.band)}`
  ).join("; ");
  return `${v.verdict.padEnd(12)} ${v.id.padEnd(7)} ${vals}${
    v.reason && v.verdict !== "PASS" ? `  (${v.reason})` : ""
  }`;
}

async function cmdVerify(o: Options): Promise<number> {
  const selection = selectExperiments(allPapers, o.only);
  const statuses = await planStatus(o);
  log(summarize(statuses));
  await runMissing(o, statuses);
  const { byPaper } = await loadResults(statuses.map((s) => s.run), new Cache(o.cacheDir));
  const papers = allPapers.filter((p) => selection.has(p.id));
  const claimNames = new Set(o.only.filter((n) => papers.some((p) => p.claims.some((c) => c.id === n))));
  const paperNames = new Set(o.only.filter((n) => papers.some((p) => p.id === n)));
  // Claims whose experiments were all selected (or every claim of a named paper, or the named claims).
  const vs = verdicts(papers, byPaper, o.profile).filter((v) =>
    o.only.length === 0 || claimNames.has(v.id) || paperNames.has(v.paper) ||
    (claimNames.size === 0 &&
      claimUses(allPapers.find((p) => p.id === v.paper)!.claims.find((c) => c.id === v.id)!).every((u) =>
        selection.get(v.paper)!.has(u)
      ))
  );
  for (const v of vs) {
    const tag = [v.kind === "sanity" ? "[sanity]" : "", v.expect === "open" ? "[not gating]" : ""].filter(Boolean);
    log(`${v.paper.padEnd(14)} ${verdictLine(v)}${tag.length ? " " + tag.join(" ") : ""}`);
    if (v.verdict !== "PASS" && v.detail) log(`${"".padEnd(28)}${v.detail}`);
  }
  // A figure function that throws is a declaration bug: name paper and figure, and fail (exit 2).
  const { figureProblems } = await import("./render/outputs.ts");
  const figs = figureProblems(papers, byPaper, o.profile, statuses.map((s) => s.run));
  for (const f of figs) console.error(`error: ${f}`);
  const bad = vs.filter((v) => v.expect === "hold" && v.verdict !== "PASS");
  const count = (k: string) => vs.filter((v) => v.verdict === k).length;
  log(
    `verify (${o.profile}): ${count("PASS")} PASS, ${count("FAIL")} FAIL, ${
      count("UNDISCRIMINATING")
    } UNDISCRIMINATING, ${count("INCONCLUSIVE")} INCONCLUSIVE`,
  );
  if (bad.length) {
    log(`claims that should hold but did not: ${bad.map((v) => `${v.id} (${v.verdict})`).join(", ")}`);
  }
  return figs.length ? EXIT.usage : bad.length ? EXIT.claimFails : EXIT.ok;
}

async function cmdExport(o: Options): Promise<number> {
  const prefix = o.rest[0];
  if (!prefix || !/^[0-9a-f]{4,64}$/.test(prefix)) {
    throw new CliError("export needs a run key (or a unique prefix of ≥ 4 hex digits)", 2);
  }
  const cache = new Cache(o.cacheDir);
  const keys = (await cache.keys()).filter((k) => k.startsWith(prefix));
  if (keys.length !== 1) {
    throw new CliError(
      `export ${prefix}: ${keys.length === 0 ? "no run has" : `${keys.length} runs have`} that key`,
      2,
    );
  }
  const got = await cache.read(keys[0]);
  if (got.status !== "hit") {
    throw new CliError(
      `export ${prefix}: cache entry is ${got.status}${got.status === "corrupt" ? ` (${got.reason})` : ""}`,
    );
  }
  const { spec, result, engine } = got.entry;
  const task = tasks[spec.task];
  const record = task?.exportRun ? task.exportRun(spec, result) : { spec, result };
  const out = { key: keys[0], engine, ...record };
  const path = `exports/${keys[0]}.json`;
  await writeAtomic(path, JSON.stringify(out) + "\n");
  log(path);
  return 0;
}

async function cmdClean(o: Options): Promise<number> {
  const cache = new Cache(o.cacheDir);
  const used = new Set<string>();
  // A key is in use if some declared run has it at some profile on some engine.
  for (const profile of PROFILES) {
    for (const engine of Object.keys(engineIds)) {
      for (const r of await planRuns(allPapers, profile, engine)) used.add(r.key);
    }
  }
  let removed = 0;
  for (const k of await cache.keys()) if (!used.has(k)) await cache.remove(k), removed++;
  const locks = new RunLocks(cache.root);
  await locks.sweepStale();
  const tmps = await locks.sweepTmp({ all: true });
  log(`removed ${removed} unused cache entries${tmps ? ` and ${tmps} orphaned temp files` : ""}`);
  return 0;
}

/** Runs the CLI on `argv` over `papers` (every declared paper by default); returns the exit code. */
export async function main(argv: string[], papers: Paper[] = declaredPapers): Promise<number> {
  allPapers = papers;
  startedAt = Date.now();
  try {
    const o = parseOptions(argv);
    switch (o.command) {
      case "repro":
        return await cmdRepro(o);
      case "plan":
        return await cmdPlan(o);
      case "verify":
        return await cmdVerify(o);
      case "export":
        return await cmdExport(o);
      case "clean":
        return await cmdClean(o);
      case "help":
        log(USAGE);
        return 0;
      default:
        throw new CliError(`unknown command "${o.command}"\n\n${USAGE}`, 2);
    }
  } catch (e) {
    if (e instanceof DeclarationError) {
      console.error(`error: invalid declarations (nothing was run or written):`);
      for (const p of e.problems) console.error(`  ${formatProblem(p)}`);
      return EXIT.usage;
    }
    if (e instanceof IoFailure) {
      console.error(`error: ${e.message}`);
      return EXIT.io;
    }
    if (e instanceof Error && e.name === "FigureError") {
      console.error(`error: ${e.message}`);
      return EXIT.usage;
    }
    if (e instanceof Deno.errors.PermissionDenied || e instanceof Deno.errors.NotCapable) {
      console.error(`error: ${(e as Error).message.split("\n")[0]}`);
      return EXIT.io;
    }
    if (e instanceof CliError) {
      console.error(`error: ${e.message}`);
      return e.code;
    }
    console.error(`error: ${(e as Error).message}`);
    return EXIT.claimFails;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
