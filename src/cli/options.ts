/**
 * The commands, their flags and help texts, and the parsing of a command line into {@linkcode Options}. A
 * mistyped command or flag is a usage error (exit 2) with the closest known names.
 *
 * @example
 * ```ts
 * import { parseOptions } from "./options.ts";
 * const o = parseOptions(["plan", "--only", "chen2024", "--jobs=2"]);
 * console.log(o.command, o.only, o.jobs, o.engine); // "plan" ["chen2024"] 2 "f64"
 * ```
 * @module
 */
import { engineIds, EXIT, type Profile, PROFILES } from "../core/mod.ts";
import { parseArgs } from "../std/cli.ts";
import { parseSlurmOptions, type SlurmOptions } from "../graph/slurm.ts";
import { defaultEngine } from "./profiles.ts";
import { didYouMean } from "./suggest.ts";
import { wrap } from "./wrap.ts";

/** Exit codes, one scheme for every command (`src/core/exit_codes.ts`). */
export { EXIT };

/** An error the CLI reports as one message with an exit code. */
export class CliError extends Error {
  /** Creates the error; `code` is the exit code (default 1). */
  constructor(message: string, readonly code: number = EXIT.claimFails) {
    super(message);
  }
}

interface FlagDoc {
  kind: "string" | "boolean" | "collect";
  arg?: string;
  help: string;
}

/** Every flag, with its help line. */
export const FLAGS: Record<string, FlagDoc> = {
  profile: { kind: "string", arg: "ci|full", help: "experiment sizes (default ci; full writes to figures/full)" },
  only: { kind: "collect", arg: "NAME", help: "a paper, claim, experiment or paper/experiment (repeatable)" },
  force: { kind: "boolean", help: "rerun the selected runs even if cached" },
  engine: {
    kind: "string",
    arg: "NAME",
    help: `engine (default: the profile's, f64 for ci, wasm-f32 for full; known: ${Object.keys(engineIds).join(", ")})`,
  },
  jobs: { kind: "string", arg: "N", help: "worker count, ≥ 1 (default: number of cores)" },
  cache: { kind: "string", arg: "DIR", help: "cache directory (default data/cache)" },
  out: { kind: "string", arg: "DIR", help: "figures directory (default figures, figures/full for --profile full)" },
  set: {
    kind: "collect",
    arg: "FIELD=VALUE",
    help: "override a field of the selected experiments (repeatable); output goes to exports/overrides/",
  },
  yes: { kind: "boolean", help: "do not ask before a long computation" },
  "cached-only": { kind: "boolean", help: "never compute: claims without their runs are INCONCLUSIVE" },
  json: { kind: "boolean", help: "print the verdicts as JSON (the rows of claims.json)" },
  junit: { kind: "string", arg: "FILE", help: "also write the verdicts as JUnit XML, one testcase per claim" },
  md: { kind: "boolean", help: "print a markdown table (for a pull-request comment)" },
  html: { kind: "string", arg: "FILE", help: "write a side-by-side page of the changed figures (before | after)" },
  mermaid: { kind: "boolean", help: "print the graph as a Mermaid flowchart" },
  dot: { kind: "boolean", help: "print the graph as Graphviz DOT" },
  executor: { kind: "string", arg: "local|slurm", help: "where runs are computed (default local: a worker pool here)" },
  partition: { kind: "string", arg: "P", help: "SLURM partition (or claimgraph.json: slurm.partition)" },
  time: { kind: "string", arg: "HH:MM:SS", help: "SLURM time limit per array task" },
  mem: { kind: "string", arg: "SIZE", help: "SLURM memory per array task, e.g. 4G" },
  "cpus-per-task": { kind: "string", arg: "N", help: "SLURM CPUs (workers) per array task" },
  gpus: { kind: "string", arg: "N", help: "SLURM --gres=gpu:N; computes on the webgpu engine unless --engine" },
  "array-max": { kind: "string", arg: "K", help: "SLURM array tasks running at once" },
  sample: { kind: "string", arg: "N", help: "runs to recompute (default 5)" },
  seed: { kind: "string", arg: "S", help: "seed of the audit's sample (default: the commit)" },
  cheapest: { kind: "string", arg: "F", help: "draw from the cheapest fraction F of the runs (default 0.25)" },
  help: { kind: "boolean", help: "this help (also -h)" },
};

/** The SLURM flags, with the field of {@linkcode SlurmOptions} each sets. */
const SLURM_FLAGS = {
  partition: "partition",
  time: "time",
  mem: "mem",
  "cpus-per-task": "cpusPerTask",
  gpus: "gpus",
  "array-max": "arrayMax",
} as const;

interface CommandDoc {
  args?: string;
  summary: string;
  flags: string[];
  example: string;
}

const RUN_FLAGS = ["profile", "only", "force", "engine", "jobs", "cache", "executor", ...Object.keys(SLURM_FLAGS)];
/** Accepted by every command that plans (so one set of flags fits repro, plan and verify alike). */
const PLAN_FLAGS = [...RUN_FLAGS, "out", "set"];

/** Every command, its arguments, flags and an example. */
export const COMMANDS: Record<string, CommandDoc> = {
  repro: {
    summary: "run what is not cached, render figures, write the report",
    flags: [...PLAN_FLAGS, "yes"],
    example: "deno task repro --only chen2024/eps_sweep --set lr=0.02",
  },
  plan: {
    summary: "what would run and why (changed fields named), with a time estimate; runs nothing",
    flags: PLAN_FLAGS,
    example: "deno task plan --profile full",
  },
  verify: {
    summary: "every claim's verdict; exit 1 if a claim that should hold does not",
    flags: [...PLAN_FLAGS, "yes", "cached-only", "json", "junit"],
    example: "deno task verify --cached-only --junit exports/verify.junit.xml",
  },
  diff: {
    args: "[REV]",
    summary:
      "verdicts, measured values and figures changed since REV (default HEAD); exit 1 if a gating verdict changed",
    flags: ["out", "profile", "md", "html"],
    example: "deno task diff HEAD~1 --md",
  },
  graph: {
    summary: "the declared graph: paper → claims → experiments (runs per profile) → figures",
    flags: ["only", "mermaid", "dot"],
    example: "deno task graph --mermaid",
  },
  export: {
    args: "<key>",
    summary: "write one run as self-contained JSON (inputs, init, trajectory) to exports/<key>.json",
    flags: ["cache"],
    example: "deno task export 3f2a",
  },
  clean: {
    summary: "remove cache entries no declared run uses (at any profile, on any engine)",
    flags: ["cache"],
    example: "deno task clean",
  },
  audit: {
    summary: "recompute a seeded sample of cached runs and check each against its entry (bit for bit on float64)",
    flags: ["profile", "only", "engine", "cache", "sample", "seed", "cheapest"],
    example: "deno task audit --sample 5",
  },
  help: { args: "[COMMAND]", summary: "this help, or one command's", flags: [], example: "deno task help verify" },
};

/** Tasks that are not commands of this CLI but are listed in the help. */
const OTHER_TASKS: Record<string, string> = {
  bench: "engine throughput against numpy, PyTorch and FFI-BLAS peers, interleaved (bench/main.ts)",
  check: "fmt --check, lint, type check (JSDoc examples included)",
  unit: "unit tests",
  test: "check, unit, and verify at ci profile (what CI runs)",
};

const flagLine = (name: string) => {
  const f = FLAGS[name];
  return wrap(`  --${name}${f.arg ? " " + f.arg : ""}`.padEnd(28) + f.help, 100, 28);
};

/** The help text: every command, or one command with its flags. */
export function usage(command?: string): string {
  if (command && COMMANDS[command]) {
    const c = COMMANDS[command];
    return [
      `deno task ${command}${c.args ? " " + c.args : ""}${c.flags.length ? " [options]" : ""}`,
      "",
      `  ${c.summary}`,
      "",
      ...(c.flags.length ? ["options:", ...[...c.flags, "help"].map(flagLine), ""] : []),
      `example: ${c.example}`,
      "",
      "exit codes: 0 ok, 1 a claim that should hold does not (diff: a gating verdict changed), 2 usage or",
      "declaration error, 3 I/O failure",
    ].join("\n");
  }
  const width = 15;
  return [
    "claimgraph: papers' claims → experiments → cached results → figures and a report",
    "",
    "usage: deno task <command> [options]      (deno task help <command> for its options)",
    "",
    "commands:",
    ...Object.entries(COMMANDS).map(([n, c]) =>
      wrap(`  ${(n + (c.args ? " " + c.args : "")).padEnd(width)} ${c.summary}`, 100, width + 3)
    ),
    ...Object.entries(OTHER_TASKS).map(([n, s]) => `  ${n.padEnd(width)} ${s}`),
    "",
    "common options:",
    ...RUN_FLAGS.map(flagLine),
    "",
    "exit codes: 0 ok, 1 a claim that should hold does not, 2 usage or declaration error, 3 I/O failure",
  ].join("\n");
}

/** A parsed command line. */
export interface Options {
  command: string;
  rest: string[];
  profile: Profile;
  only: string[];
  force: boolean;
  engine: string;
  /** Whether `--engine` was given (otherwise the profile's default). */
  engineGiven: boolean;
  jobs?: number;
  cacheDir: string;
  outDir: string;
  /** Whether `--out` was given. */
  outGiven: boolean;
  set: string[];
  yes: boolean;
  cachedOnly: boolean;
  json: boolean;
  junit?: string;
  md: boolean;
  html?: string;
  mermaid: boolean;
  dot: boolean;
  help: boolean;
  executor: "local" | "slurm";
  slurm: SlurmOptions;
  /** audit: runs to recompute, the sample's seed (default: the commit), the cheapest fraction drawn from. */
  sample: number;
  seed?: string;
  cheapest: number;
}

/** The `slurm` block of `claimgraph.json` (a lab sets its cluster once), or {} when there is none. */
function slurmConfig(): Record<string, unknown> {
  let text;
  try {
    text = Deno.readTextFileSync("claimgraph.json");
  } catch {
    return {};
  }
  try {
    return JSON.parse(text).slurm ?? {};
  } catch (e) {
    throw new CliError(`claimgraph.json: ${(e as Error).message}`, 2);
  }
}

function wholeNumber(v: unknown, flag: string, dflt: number): number {
  if (v === undefined) return dflt;
  const x = Number(v);
  if (!(Number.isInteger(x) && x >= 1)) throw new CliError(`--${flag} must be a whole number ≥ 1 (got "${v}")`, 2);
  return x;
}

/** `--flag value` → `--flag=value` for string flags, so a value starting with "-" (`--jobs -1`) is a value. */
function joinValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h") out.push("--help");
    else if (a.startsWith("--") && !a.includes("=") && FLAGS[a.slice(2)]?.kind !== "boolean" && FLAGS[a.slice(2)]) {
      if (i + 1 >= argv.length) throw new CliError(`--${a.slice(2)} needs a value (${FLAGS[a.slice(2)].arg})`, 2);
      out.push(`${a}=${argv[++i]}`);
    } else out.push(a);
  }
  return out;
}

/** Parses `argv`; throws CliError (exit 2) naming the bad flag or value, with the closest known names. */
export function parseOptions(argv: string[]): Options {
  const kinds = (k: FlagDoc["kind"]) => Object.keys(FLAGS).filter((n) => FLAGS[n].kind === k);
  let a;
  try {
    a = parseArgs(joinValues(argv), { string: kinds("string"), collect: kinds("collect"), boolean: kinds("boolean") });
  } catch (e) {
    if (e instanceof CliError) throw e;
    const msg = (e as Error).message;
    const flag = msg.match(/option '(-{1,2}[^' ]+)/i)?.[1];
    if (flag && /unknown option/i.test(msg)) {
      const name = flag.replace(/^-+/, "");
      throw new CliError(
        `unknown flag ${flag}${
          didYouMean(name, Object.keys(FLAGS)).replace(/(\w[\w-]*)/g, (w) => FLAGS[w] ? "--" + w : w)
        }`,
        2,
      );
    }
    throw new CliError(msg.split("\n")[0], 2);
  }
  const [command = "help", ...rest] = a._;
  if (!COMMANDS[command]) {
    throw new CliError(`unknown command "${command}"${didYouMean(command, Object.keys(COMMANDS))}\n\n${usage()}`, 2);
  }
  const given = Object.keys(FLAGS).filter((f) => a[f] !== undefined && a[f] !== false);
  const stray = given.filter((f) => f !== "help" && !COMMANDS[command].flags.includes(f));
  if (stray.length) {
    throw new CliError(`${command} does not take --${stray.join(", --")} (deno task help ${command})`, 2);
  }
  const profile = (a.profile as string | undefined) ?? "ci";
  if (!PROFILES.includes(profile as Profile)) {
    throw new CliError(
      `--profile must be ${PROFILES.join(" or ")} (got "${profile}")${didYouMean(profile, PROFILES)}`,
      2,
    );
  }
  const executor = (a.executor as string | undefined) ?? "local";
  if (executor !== "local" && executor !== "slurm") {
    throw new CliError(
      `--executor must be local or slurm (got "${executor}")${didYouMean(executor, ["local", "slurm"])}`,
      2,
    );
  }
  let slurm: SlurmOptions;
  try {
    const flags = Object.entries(SLURM_FLAGS).filter(([flag]) => a[flag] !== undefined)
      .map(([flag, field]) => [field, /^(cpusPerTask|gpus|arrayMax)$/.test(field) ? Number(a[flag]) : a[flag]]);
    slurm = parseSlurmOptions({ ...slurmConfig(), ...Object.fromEntries(flags) });
  } catch (e) {
    throw e instanceof CliError ? e : new CliError((e as Error).message, 2);
  }
  // A GPU job computes on the GPU engine unless an engine is named.
  const engine = (a.engine as string | undefined) ?? (slurm.gpus ? "webgpu" : defaultEngine(profile as Profile));
  if (!(engine in engineIds)) {
    throw new CliError(
      `--engine ${engine}: unknown${didYouMean(engine, Object.keys(engineIds))} (known: ${
        Object.keys(engineIds).join(", ")
      })`,
      2,
    );
  }
  const jobs = a.jobs === undefined ? undefined : Number(a.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) {
    throw new CliError(`--jobs must be a whole number ≥ 1 (got "${a.jobs}"); leave it out to use every core`, 2);
  }
  const str = (k: string) => a[k] as string | undefined;
  const set = (a.set as string[] | undefined) ?? [];
  return {
    command: a.help && command !== "help" ? "help" : command,
    rest: a.help && command !== "help" ? [command] : rest,
    profile: profile as Profile,
    only: (a.only as string[] | undefined) ?? [],
    force: Boolean(a.force),
    engine,
    engineGiven: a.engine !== undefined,
    jobs,
    cacheDir: str("cache") ?? "data/cache",
    outDir: str("out") ?? (set.length ? `exports/overrides/${profile}` : profile === "ci" ? "figures" : "figures/full"),
    outGiven: a.out !== undefined,
    set,
    yes: Boolean(a.yes),
    cachedOnly: Boolean(a["cached-only"]),
    json: Boolean(a.json),
    junit: str("junit"),
    md: Boolean(a.md),
    html: str("html"),
    mermaid: Boolean(a.mermaid),
    dot: Boolean(a.dot),
    help: Boolean(a.help),
    executor,
    slurm,
    sample: wholeNumber(a.sample, "sample", 5),
    seed: str("seed"),
    cheapest: fraction(str("cheapest")),
  };
}

function fraction(v: string | undefined): number {
  if (v === undefined) return 0.25;
  const x = Number(v);
  if (!(x > 0 && x <= 1)) throw new CliError(`--cheapest must be in (0, 1] (got "${v}")`, 2);
  return x;
}
