/**
 * The `webgpu` engine's ensemble throughput: run-steps/s for one network and for ensembles of 64, 512 and 4,096
 * S-sized networks (d 10, m 100, n 200, full-batch GD), each the median of `reps` timed repetitions after a warm-up.
 * Prints a markdown table; `--json` also prints the numbers.
 *
 * @example
 * ```sh
 * deno run --allow-read=. bench/gpu_ensemble.ts --sizes 1,64,512,4096 --reps 5
 * ```
 * @module
 */
import { parseArgs } from "../src/std/cli.ts";
import { benchProblem, CASES, summary } from "./cases.ts";

/** Run-steps/s of an ensemble of `runs` S networks on the webgpu engine: median, min, max over `reps`. */
export async function ensembleRate(
  runs: number,
  { reps = 5, seconds = 1 }: { reps?: number; seconds?: number } = {},
): Promise<{ median: number; min: number; max: number }> {
  const { webGpuEngine } = await import("../src/train/engines/webgpu.ts");
  const { problem, nets } = benchProblem(CASES.S, runs);
  const stepper = await webGpuEngine.open(problem, nets);
  try {
    const timed = async (k: number) => {
      const t0 = performance.now();
      await stepper.advance(k);
      await stepper.read();
      return (performance.now() - t0) / 1000;
    };
    let k = 8;
    for (let t = await timed(k); t < seconds / 2; t = await timed(k)) k = Math.ceil(k * Math.min(8, seconds / t));
    const rates: number[] = [];
    for (let i = 0; i < reps; i++) rates.push(runs * k / await timed(k));
    return summary(rates);
  } finally {
    stepper.dispose();
  }
}

/** Prints the ensemble table; returns the rates by ensemble size, or undefined where no adapter exists. */
export async function gpuEnsembleTable(sizes: number[], reps: number): Promise<Record<number, number> | undefined> {
  const { webGpuAdapter } = await import("../src/train/engines/webgpu.ts");
  let adapter: string;
  try {
    adapter = await webGpuAdapter();
  } catch (e) {
    console.log(`\nwebgpu: not measured (${(e as Error).message})`);
    return undefined;
  }
  console.log(`\nwebgpu ensembles on ${adapter}: S networks, full-batch GD, run-steps/s median (range) of ${reps}`);
  console.log("\n| networks | run-steps/s | steps/s of each network |");
  console.log("|---:|---:|---:|");
  const out: Record<number, number> = {};
  for (const B of sizes) {
    const s = await ensembleRate(B, { reps });
    out[B] = s.median;
    const f = (x: number) => Math.round(x).toLocaleString("en");
    console.log(`| ${B} | ${f(s.median)} (${f(s.min)}–${f(s.max)}) | ${f(s.median / B)} |`);
  }
  return out;
}

if (import.meta.main) {
  const args = parseArgs(Deno.args, {
    string: ["sizes", "reps"],
    boolean: ["json"],
    default: { sizes: "1,64,512,4096", reps: "5" },
  });
  const rates = await gpuEnsembleTable(String(args.sizes).split(",").map(Number), Math.max(3, Number(args.reps)));
  if (args.json) console.log(JSON.stringify(rates ?? null));
}
