/**
 * `deno task bench`: steps/s and GFLOP/s of every engine on the S and L steps, the throughput of a 64-run sweep
 * on a worker pool, and the same step in numpy (`numpy_peer.py`, when python3 + numpy exist) with our/numpy ratios.
 *
 * Every number is the median of ≥ 3 repetitions, printed with its range; each engine is timed in its own
 * Worker. This machine may be shared: the load average is printed before and after.
 *
 * @example
 * ```sh
 * deno task bench                       # everything (about 3 minutes on 2 cores)
 * deno task bench --engines wasm-f32,f64 --cases S --no-sweep
 * ```
 * @module
 */
import { parseArgs } from "../src/std/cli.ts";
import { engineNames } from "../src/train/engines/mod.ts";
import { WorkerPool } from "../src/graph/pool.ts";
import { type BenchCase, benchProblem, CASES, flopsPerStep, summary } from "./cases.ts";
import type { StepJob } from "./step_worker.ts";
import { gpuEnsembleTable } from "./gpu_ensemble.ts";

type Stat = { median: number; min: number; max: number };

const fmt = (x: number) => x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
const fmtStat = (s: Stat) => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;

/** Times one engine on one case in a fresh Worker. */
function timeEngine(job: StepJob): Promise<Stat | string> {
  const w = new Worker(new URL("./step_worker.ts", import.meta.url), { type: "module" });
  return new Promise<Stat | string>((resolve) => {
    w.onmessage = (e: MessageEvent<{ rates?: number[]; error?: string }>) =>
      resolve(e.data.rates ? summary(e.data.rates) : String(e.data.error).split(". ")[0]);
    w.onerror = (e) => (e.preventDefault(), resolve(e.message));
    w.postMessage(job);
  }).finally(() => w.terminate());
}

/** Runs the numpy peer; undefined when python3 or numpy is missing. */
async function numpy(
  args: string[],
): Promise<{ rates: number[]; variant: string; numpy: string; cpu?: string } | undefined> {
  try {
    const out = await new Deno.Command("python3", {
      args: [new URL("./numpy_peer.py", import.meta.url).pathname, ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) return undefined;
    const j = JSON.parse(new TextDecoder().decode(out.stdout));
    return { rates: j.steps_per_s ?? j.run_steps_per_s, variant: j.variant, numpy: j.numpy, cpu: j.cpu };
  } catch {
    return undefined;
  }
}

const caseArgs = (c: BenchCase) => ["--d", `${c.d}`, "--m", `${c.m}`, "--n", `${c.n}`];

/** Run-steps/s of `runs` S runs × `steps` steps on a pool of `workers`, `perJob` nets per job (an ensemble). */
async function sweep(engine: string, workers: number, runs: number, steps: number, perJob: number, reps: number) {
  const pool = new WorkerPool({ size: workers });
  try {
    const warm = benchProblem(CASES.S, 1);
    await Promise.all(Array.from({ length: workers }, () => pool.run({ kind: "train", engine, ...warm, steps: 50 })));
    const { problem, nets } = benchProblem(CASES.S, runs);
    const rates: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      const jobs = [];
      for (let s = 0; s < runs; s += perJob) {
        jobs.push(pool.run({ kind: "train", engine, problem, nets: nets.slice(s, s + perJob), steps }));
      }
      await Promise.all(jobs);
      rates.push(runs * steps / ((performance.now() - t0) / 1000));
    }
    return summary(rates);
  } finally {
    pool.close();
  }
}

/** The machine in words (the CPU model comes from the numpy peer, which may read /proc/cpuinfo). */
function machine(cpu = "CPU model unknown"): string {
  return `${cpu}, ${navigator.hardwareConcurrency} cores; Deno ${Deno.version.deno} (V8 ${Deno.version.v8})`;
}

/** The 1, 5 and 15 minute load averages (needs --allow-sys=loadavg; "?" without). */
function loadavg(): string {
  try {
    return Deno.loadavg().map((x) => x.toFixed(2)).join(" ");
  } catch {
    return "?";
  }
}

async function main() {
  const args = parseArgs(Deno.args, {
    string: ["engines", "cases", "reps", "seconds", "workers", "sweep-runs", "sweep-steps", "sweep-engines"],
    boolean: ["no-numpy", "no-sweep", "no-gpu", "json"],
    default: {
      engines: "f64,wasm-f64,wasm-f32,wasm-f64-mt,wasm-f32-mt,tfjs-wasm,tfjs-cpu,tfjs-webgpu",
      cases: "S,L",
      reps: "3",
      seconds: "1",
      workers: "2",
      "sweep-runs": "64",
      "sweep-steps": "2000",
      "sweep-engines": "wasm-f32,wasm-f64",
    },
  });
  const engines = String(args.engines).split(","), cases = String(args.cases).split(",") as ("S" | "L")[];
  const reps = Math.max(3, Number(args.reps)), seconds = Number(args.seconds), workers = Number(args.workers);
  for (const e of [...engines, ...String(args["sweep-engines"]).split(",")]) {
    if (!engineNames.includes(e)) throw new Error(`unknown engine "${e}" (known: ${engineNames.join(", ")})`);
  }
  const cpu = args["no-numpy"] ? undefined : (await numpy(["--cpu"]))?.cpu;
  console.log(`machine: ${machine(cpu)}; load average before: ${loadavg()}`);
  const results: Record<string, unknown> = {};

  // numpy first, so its numbers and ours are taken minutes apart at most.
  const np: Record<string, Record<string, Stat>> = {};
  let npVersion = "";
  if (!args["no-numpy"]) {
    for (const c of cases) {
      np[c] = {};
      for (const dtype of ["float64", "float32"]) {
        const r = await numpy([
          ...caseArgs(CASES[c]),
          "--dtype",
          dtype,
          "--seconds",
          `${seconds}`,
          "--reps",
          `${reps}`,
        ]);
        if (r) np[c][dtype] = summary(r.rates), npVersion = `${r.numpy} (${r.variant} variant for ${c}/${dtype})`;
      }
    }
  }
  console.log(npVersion ? `numpy: ${npVersion}` : "numpy: not available (python3 + numpy absent); no ratios");

  console.log("\n| case | engine | steps/s median (range) | GFLOP/s | ours / numpy f64 | ours / numpy f32 |");
  console.log("|---|---|---:|---:|---:|---:|");
  for (const c of cases) {
    const flops = flopsPerStep(CASES[c]);
    for (const [dtype, s] of Object.entries(np[c] ?? {})) {
      console.log(`| ${c} | numpy ${dtype} | ${fmtStat(s)} | ${fmt(s.median * flops / 1e9)} | | |`);
    }
    for (const engine of engines) {
      const s = await timeEngine({ engine, case: c, seconds, reps });
      results[`${c}/${engine}`] = s;
      if (typeof s === "string") {
        console.log(`| ${c} | ${engine} | n/a: ${s} | | | |`);
        continue;
      }
      const ratio = (dtype: string) => np[c]?.[dtype] ? `${(s.median / np[c][dtype].median).toFixed(2)}×` : "–";
      console.log(
        `| ${c} | ${engine} | ${fmtStat(s)} | ${fmt(s.median * flops / 1e9)} | ${ratio("float64")} | ${
          ratio("float32")
        } |`,
      );
    }
  }

  if (!args["no-sweep"]) {
    const runs = Number(args["sweep-runs"]), steps = Number(args["sweep-steps"]);
    console.log(`\nsweep: ${runs} S runs × ${steps} steps (run-steps/s, median (range) of ${reps})`);
    const npSweep = args["no-numpy"] ? undefined : await numpy([
      ...caseArgs(CASES.S),
      "--dtype",
      "float64",
      "--sweep-runs",
      `${runs}`,
      "--sweep-steps",
      `${steps}`,
      "--reps",
      `${reps}`,
    ]);
    const base = npSweep ? summary(npSweep.rates) : undefined;
    console.log("\n| sweep | run-steps/s median (range) | ours / numpy f64 sequential |");
    console.log("|---|---:|---:|");
    if (base) console.log(`| numpy float64, sequential loop (${npSweep!.variant}) | ${fmtStat(base)} | |`);
    for (const engine of String(args["sweep-engines"]).split(",")) {
      for (const [w, perJob] of [[workers, runs / workers], [workers, 1], [1, runs]]) {
        const s = await sweep(engine, w, runs, steps, perJob, reps);
        results[`sweep/${engine}/${w}w/${perJob}`] = s;
        const label = `${engine}, ${w} worker${w > 1 ? "s" : ""}, ${perJob} run${perJob > 1 ? "s" : ""} per job`;
        console.log(`| ${label} | ${fmtStat(s)} | ${base ? `${(s.median / base.median).toFixed(2)}×` : "–"} |`);
      }
    }
  }
  if (!args["no-gpu"]) results.webgpu = await gpuEnsembleTable([1, 64, 512, 4096], reps);
  console.log(`\nload average after: ${loadavg()}`);
  if (args.json) console.log(JSON.stringify({ np, results }));
}

if (import.meta.main) await main();
