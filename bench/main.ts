/**
 * `deno task bench`: a fair judge of the CPU engines. Steps/s and GFLOP/s of each engine on the S and L steps, ReLU
 * and tanh, against a strong user's peers at the same precision (numpy float32 and float64, PyTorch CPU float32
 * where `import torch` works; `step_peer.py`: one BLAS thread, preallocated buffers, the pinned OpenBLAS kernel
 * unset for the peer alone), and the system BLAS's two matrix products through FFI (`blas_ffi.ts`: the ceiling of
 * a BLAS-backed engine). Peers and engines are interleaved over ≥ 5 rounds (the order rotates every round); each
 * figure is the median with its range, and each ratio is taken round by round. Then the 64-run sweep: our worker
 * pool at several runs per job against PyTorch with the runs batched (bmm) in 2 processes, also interleaved.
 *
 * This machine may be shared: the load average is printed with every table.
 *
 * @example
 * ```sh
 * deno task bench                                 # everything (about 5 minutes on 2 cores)
 * deno task bench --rounds 5 --cases S --acts relu --no-sweep --no-gpu
 * ```
 * @module
 */
import { parseArgs } from "../src/std/cli.ts";
import { engineNames } from "../src/train/engines/mod.ts";
import { WorkerPool } from "../src/graph/pool.ts";
import { benchProblem, CASES, flopsPerStep, summary } from "./cases.ts";
import type { StepJob } from "./step_worker.ts";
import { openBlas } from "./blas_ffi.ts";
import { gpuEnsembleTable } from "./gpu_ensemble.ts";

type Stat = { median: number; min: number; max: number };
type Act = "relu" | "tanh";

const fmt = (x: number) => x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
const fmtStat = (s: Stat) => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
const fmtRatio = (s: Stat) => `${s.median.toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;

/** The 1, 5 and 15 minute load averages (needs --allow-sys=loadavg; "?" without). */
function loadavg(): string {
  try {
    return Deno.loadavg().map((x) => x.toFixed(2)).join(" ");
  } catch {
    return "?";
  }
}

/** A long-lived peer process (`step_peer.py`) answering one JSON line per request. */
class Peer {
  #proc: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #lines: AsyncIterator<string>;
  constructor(python: string, lib: string) {
    this.#proc = new Deno.Command(python, {
      args: [new URL("./step_peer.py", import.meta.url).pathname, "--lib", lib],
      stdin: "piped",
      stdout: "piped",
      stderr: "null",
    }).spawn();
    this.#writer = this.#proc.stdin.getWriter();
    this.#lines = this.#proc.stdout.pipeThrough(new TextDecoderStream()).pipeThrough(lineSplitter())[
      Symbol.asyncIterator
    ]();
  }
  async ask(req: Record<string, unknown>): Promise<Record<string, unknown>> {
    await this.#writer.write(new TextEncoder().encode(JSON.stringify(req) + "\n"));
    const { value, done } = await this.#lines.next();
    if (done) throw new Error("peer exited");
    const out = JSON.parse(value);
    if (out.error) throw new Error(out.error);
    return out;
  }
  async close() {
    await this.#writer.close().catch(() => {});
    await this.#proc.status;
  }
}

function lineSplitter(): TransformStream<string, string> {
  let buf = "";
  return new TransformStream({
    transform(chunk, ctl) {
      buf += chunk;
      for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
        ctl.enqueue(buf.slice(0, i)), buf = buf.slice(i + 1);
      }
    },
  });
}

/** Starts a peer and returns it with its description, or undefined when python3 / the library is missing. */
async function startPeer(pythons: string[], lib: string) {
  for (const python of pythons) {
    let peer: Peer | undefined;
    try {
      peer = new Peer(python, lib);
      const info = await peer.ask({ info: true });
      return { peer, info };
    } catch {
      await peer?.close().catch(() => {});
    }
  }
  return undefined;
}

/** A persistent Worker timing one engine (bench/step_worker.ts). */
function engineWorker(engine: string) {
  const w = new Worker(new URL("./step_worker.ts", import.meta.url), { type: "module" });
  const time = (job: Omit<StepJob, "engine">) =>
    new Promise<number>((resolve, reject) => {
      w.onmessage = (e: MessageEvent<{ rate?: number; error?: string }>) =>
        e.data.rate ? resolve(e.data.rate) : reject(new Error(String(e.data.error).split(". ")[0]));
      w.onerror = (e) => (e.preventDefault(), reject(new Error(e.message)));
      w.postMessage({ engine, ...job });
    });
  return { time, close: () => w.terminate() };
}

/** One contender of the step table: a name, its precision and a timer (steps/s), or why it is absent. */
interface Contender {
  name: string;
  kind: "engine" | "peer";
  dtype: "float32" | "float64";
  time(c: "S" | "L", act: Act): Promise<number>;
}

/** Run-steps/s of `runs` S runs × `steps` steps on a pool of `workers`, `perJob` nets per job (an ensemble). */
async function sweepOnce(pool: WorkerPool, engine: string, runs: number, steps: number, perJob: number) {
  const { problem, nets } = benchProblem(CASES.S, runs);
  const t0 = performance.now();
  const jobs = [];
  for (let s = 0; s < runs; s += perJob) {
    jobs.push(pool.run({ kind: "train", engine, problem, nets: nets.slice(s, s + perJob), steps }));
  }
  await Promise.all(jobs);
  return runs * steps / ((performance.now() - t0) / 1000);
}

async function main() {
  const args = parseArgs(Deno.args, {
    string: ["engines", "cases", "acts", "rounds", "seconds", "workers", "sweep-runs", "sweep-steps", "sweep-engine"],
    boolean: ["no-peers", "no-sweep", "no-gpu", "json"],
    default: {
      engines: "wasm-f64,wasm-f32,wasm-f64-mt,wasm-f32-mt",
      cases: "S,L",
      acts: "relu,tanh",
      rounds: "5",
      seconds: "0.5",
      workers: "2",
      "sweep-runs": "64",
      "sweep-steps": "500",
      "sweep-engine": "wasm-f32",
    },
  });
  const engines = String(args.engines).split(",");
  const cases = String(args.cases).split(",") as ("S" | "L")[], acts = String(args.acts).split(",") as Act[];
  const rounds = Math.max(5, Number(args.rounds)), seconds = Number(args.seconds), workers = Number(args.workers);
  for (const e of [...engines, String(args["sweep-engine"])]) {
    if (!engineNames.includes(e)) throw new Error(`unknown engine "${e}" (known: ${engineNames.join(", ")})`);
  }
  console.log(
    `machine: ${navigator.hardwareConcurrency} cores; Deno ${Deno.version.deno} (V8 ${Deno.version.v8}); ` +
      `load average before: ${loadavg()}`,
  );

  const contenders: Contender[] = [];
  const closers: (() => unknown)[] = [];
  if (!args["no-peers"]) {
    const np = await startPeer(["python3", "/usr/bin/python3"], "numpy");
    const th = await startPeer(["/usr/bin/python3", "python3"], "torch");
    for (const [p, lib] of [[np, "numpy"], [th, "torch"]] as const) {
      if (!p) {
        console.log(`${lib}: not importable here; no ${lib} peer`);
        continue;
      }
      closers.push(() => p.peer.close());
      const i = p.info;
      console.log(
        `${lib} ${i.version} (${i.python}): BLAS ${JSON.stringify(i.blas)}, kernel ${i.coretype}; ` +
          `OPENBLAS_CORETYPE ${i.pinned ? `was pinned to ${i.pinned}, unset for the peer` : "not set"}; ` +
          `threadpoolctl: ${i.threadpoolctl ? JSON.stringify(i.threadpoolctl) : "absent (1 thread by env)"}`,
      );
      for (const dtype of lib === "torch" ? ["float32"] as const : ["float32", "float64"] as const) {
        contenders.push({
          name: `${lib} ${dtype}`,
          kind: "peer",
          dtype,
          time: async (c, act) => (await p.peer.ask({ ...CASES[c], act, dtype, seconds })).steps_per_s as number,
        });
      }
    }
  }
  const blas = openBlas();
  if (typeof blas === "string") console.log(`FFI BLAS: ${blas}`);
  else {
    console.log(`FFI BLAS: ${blas.library}, kernel ${blas.core}, 1 thread (its two matrix products only)`);
    contenders.push({
      name: "FFI sgemm ×2 (matmuls only)",
      kind: "peer",
      dtype: "float32",
      time: (c) => Promise.resolve(blas.rate(CASES[c], seconds)),
    });
  }
  for (const engine of engines) {
    const w = engineWorker(engine);
    closers.push(w.close);
    contenders.push({
      name: engine,
      kind: "engine",
      dtype: engine.includes("f32") ? "float32" : "float64",
      time: (c, act) => w.time({ case: c, activation: act, seconds }),
    });
  }

  // rates[case/act][contender] = one figure per round (NaN where it failed)
  const rates: Record<string, Record<string, number[]>> = {};
  const errors: Record<string, string> = {};
  for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
      for (const act of acts) {
        const key = `${c} ${act}`;
        rates[key] ??= {};
        const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
        for (const x of order) {
          if (x.name.startsWith("FFI") && act !== "relu") continue; // matmuls only: the same for both
          let r = NaN;
          try {
            r = await x.time(c, act);
          } catch (e) {
            errors[`${key}/${x.name}`] = e instanceof Error ? e.message : String(e);
          }
          (rates[key][x.name] ??= []).push(r);
        }
      }
    }
    console.error(`round ${round + 1}/${rounds} done; load average ${loadavg()}`);
  }
  const stat = (xs: number[]) => summary(xs.filter(Number.isFinite));
  console.log(`\nsteps/s, median (range) of ${rounds} interleaved rounds; load average now: ${loadavg()}\n`);
  console.log("| case | contender | steps/s | GFLOP/s |");
  console.log("|---|---|---:|---:|");
  for (const [key, row] of Object.entries(rates)) {
    const flops = flopsPerStep(CASES[key.split(" ")[0] as "S" | "L"]);
    for (const [name, xs] of Object.entries(row)) {
      const s = stat(xs);
      if (!xs.some(Number.isFinite)) console.log(`| ${key} | ${name} | n/a: ${errors[`${key}/${name}`]} | |`);
      else console.log(`| ${key} | ${name} | ${fmtStat(s)} | ${fmt(s.median * flops / 1e9)} |`);
    }
  }
  // Ratios round by round: the best engine (by median) against each peer in the same round.
  console.log("\nbest engine / peer, the ratio taken in each round: median (range)\n");
  const peers = contenders.filter((x) => x.kind === "peer").map((x) => x.name);
  console.log(`| case | best engine | ${peers.map((p) => `/ ${p}`).join(" | ")} |`);
  console.log(`|---|---|${peers.map(() => "---:").join("|")}|`);
  const ratios: Record<string, Record<string, Stat>> = {};
  for (const [key, row] of Object.entries(rates)) {
    const best = engines.filter((e) =>
      row[e]?.some(Number.isFinite)
    ).sort((a, b) => stat(row[b]).median - stat(row[a]).median)[0];
    if (!best) continue;
    ratios[key] = {};
    const cells = peers.map((p) => {
      if (!row[p]?.some(Number.isFinite)) return "–";
      const r = stat(row[best].map((v, i) => v / row[p][i]));
      ratios[key][p] = r;
      return fmtRatio(r);
    });
    console.log(`| ${key} | ${best} | ${cells.join(" | ")} |`);
  }

  let sweep: Record<string, Stat> | undefined;
  if (!args["no-sweep"]) sweep = await sweepTable(args, rounds, workers, closers);
  for (const close of closers) await close();
  let gpu: unknown;
  if (!args["no-gpu"]) gpu = await gpuEnsembleTable([1, 64, 512, 4096], 3);
  console.log(`\nload average after: ${loadavg()}`);
  if (args.json) console.log(JSON.stringify({ rates, ratios, sweep, gpu }));
}

/** The 64-run sweep: our pool (1, 16, 32 runs per job) against PyTorch batched in `workers` processes. */
async function sweepTable(
  args: Record<string, unknown>,
  rounds: number,
  workers: number,
  closers: (() => unknown)[],
): Promise<Record<string, Stat>> {
  const runs = Number(args["sweep-runs"]), steps = Number(args["sweep-steps"]), engine = String(args["sweep-engine"]);
  const pool = new WorkerPool({ size: workers });
  closers.push(() => pool.close());
  const warm = benchProblem(CASES.S, 1);
  await Promise.all(Array.from({ length: workers }, () => pool.run({ kind: "train", engine, ...warm, steps: 50 })));
  const torch = args["no-peers"] ? [] : (await Promise.all(
    Array.from({ length: workers }, () => startPeer(["/usr/bin/python3", "python3"], "torch")),
  )).filter((p) => p !== undefined);
  for (const t of torch) closers.push(() => t.peer.close());
  const per = Math.ceil(runs / workers);
  const contenders: [string, () => Promise<number>][] = [
    ...[1, 4, 16, per].map((perJob): [string, () => Promise<number>] => [
      `${engine}, pool of ${workers}, ${perJob} run${perJob > 1 ? "s" : ""} per job`,
      () => sweepOnce(pool, engine, runs, steps, perJob),
    ]),
  ];
  if (torch.length === workers) {
    for (const batch of [1, 8, per]) {
      contenders.push([
        `torch float32, ${workers} processes × ${per} runs, batched ${batch} at a time (bmm)`,
        async () => {
          const got = await Promise.all(torch.map((t) => t.peer.ask({ sweep: per, batch, ...CASES.S, steps })));
          return got.reduce((s, g) => s + (g.run_steps_per_s as number), 0);
        },
      ]);
    }
  }
  const rates: Record<string, number[]> = {};
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < contenders.length; i++) {
      const [name, run] = contenders[(i + round) % contenders.length];
      (rates[name] ??= []).push(await run());
    }
  }
  console.log(
    `\nsweep: ${runs} S runs × ${steps} steps, run-steps/s, median (range) of ${rounds} interleaved rounds; ` +
      `load average now: ${loadavg()}\n`,
  );
  // the best torch batching (by median) is the reference of the per-round ratios
  const torchName =
    contenders.filter(([n]) => n.startsWith("torch")).map(([n]) => n).sort((a, b) =>
      summary(rates[b]).median - summary(rates[a]).median
    )[0];
  console.log(`| sweep | run-steps/s | ${torchName ? "/ best torch batching, per round" : ""} |`);
  console.log("|---|---:|---:|");
  const out: Record<string, Stat> = {};
  for (const [name, xs] of Object.entries(rates)) {
    out[name] = summary(xs);
    const ratio = torchName && name !== torchName ? fmtRatio(summary(xs.map((v, i) => v / rates[torchName][i]))) : "";
    console.log(`| ${name} | ${fmtStat(out[name])} | ${ratio} |`);
  }
  return out;
}

if (import.meta.main) await main();
