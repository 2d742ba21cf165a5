/**
 * One SLURM array task: reads its share of the manifest written by `slurm.ts` and computes those runs with the
 * local executor (one worker per CPU SLURM gave it), storing each result into the shared cache as it finishes.
 * Runs already in the cache (a resubmission after a partial task) are skipped.
 *
 * @example
 * ```sh
 * # written into the batch script by slurm.ts:
 * deno run --allow-read=REPO,CACHE --allow-write=CACHE --allow-env --allow-sys=hostname \
 *   src/graph/slurm_task.ts CACHE/.slurm/…/manifest0.json "$SLURM_ARRAY_TASK_ID"
 * ```
 * @module
 */
import { Cache } from "./cache.ts";
import { executeRuns } from "./run.ts";
import type { SlurmManifest } from "./slurm.ts";

async function main(manifestPath: string, index: number): Promise<number> {
  const manifest: SlurmManifest = JSON.parse(await Deno.readTextFile(manifestPath));
  const jobs = manifest.tasks[index];
  if (!jobs) throw new Error(`array task ${index}: not in ${manifestPath} (${manifest.tasks.length} tasks)`);
  const cache = new Cache(manifest.cache);
  const runs = [];
  for (const r of jobs.flat()) if (!(await cache.exists(r.key))) runs.push(r);
  const env = (k: string) => Deno.env.get(k);
  const cpus = Number(env("SLURM_CPUS_PER_TASK") ?? 1);
  const device = `slurm ${env("SLURM_ARRAY_JOB_ID") ?? "?"}_${index} on ${Deno.hostname()} (${cpus} cpus)`;
  console.log(`${device}: ${runs.length} runs to compute (${jobs.flat().length - runs.length} already cached)`);
  const report = await executeRuns(runs, { cache, workers: cpus, device, label: `task ${index}` });
  for (const f of report.failed) {
    console.error(`run ${f.run.key} (${f.run.paper}/${f.run.experiment}) failed: ${f.message}`);
  }
  console.log(`${device}: computed ${report.computed} runs in ${(report.wallMs / 1000).toFixed(1)} s`);
  return report.failed.length || report.interrupted ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args[0], Number(Deno.args[1])));
