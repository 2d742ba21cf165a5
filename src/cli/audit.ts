/**
 * `audit`: recomputes a sample of cached runs (seeded by the commit, so CI audits the same runs for the same
 * commit) and checks each against its entry: bit for bit on float64, to 1e-4 relative on float32 engines. A
 * mismatch names the run and the first differing value; exit 1.
 *
 * @example
 * ```sh
 * deno task audit --sample 5             # 5 of the cheapest quarter of cached ci runs
 * deno task audit --profile full --sample 20 --cheapest 1
 * ```
 * @module
 */
import { Cache, planRuns, selectExperiments } from "../graph/mod.ts";
import { auditSample, firstDifference } from "../graph/audit.ts";
import { tasks } from "../train/tasks.ts";
import { EXIT } from "./options.ts";
import { log, type Session } from "./session.ts";

/** The commit the working tree is at (the audit's seed), or "no-git". */
async function commitId(): Promise<string> {
  try {
    const out = await new Deno.Command("git", { args: ["rev-parse", "HEAD"], stdout: "piped", stderr: "null" })
      .output();
    return out.success ? new TextDecoder().decode(out.stdout).trim() : "no-git";
  } catch {
    return "no-git";
  }
}

/** Recomputes the sample; exit 0 when every run reproduces its entry, 1 otherwise. */
export async function cmdAudit(s: Session): Promise<number> {
  const { o } = s;
  const cache = new Cache(o.cacheDir);
  const planned = await planRuns(s.papers, o.profile, o.engine, selectExperiments(s.papers, s.select));
  const cached = [];
  for (const r of planned) if ((await cache.check(r.key)).status === "hit") cached.push(r);
  const seed = o.seed ?? await commitId();
  const sample = await auditSample(cached, o.sample, seed, o.cheapest);
  log(`audit (${o.profile}): ${sample.length} of ${cached.length} cached runs, seed ${seed.slice(0, 12)}`);
  const { loadEngine } = await import("../train/engines/mod.ts");
  let bad = 0;
  for (const run of sample) {
    const where = `${run.key.slice(0, 12)} ${run.paper}/${run.experiment} ${JSON.stringify(run.swept)}`;
    const got = await cache.read(run.key);
    if (got.status !== "hit") {
      log(`  CORRUPT ${where}: ${got.status === "corrupt" ? got.reason : got.status}`);
      bad++;
      continue;
    }
    const task = tasks[run.spec.task];
    const t0 = performance.now();
    const [result] = await task.run([run.spec], { engine: await loadEngine(run.engineName), progress: () => {} });
    const rtol = run.engine.precision === "float64" ? 0 : 1e-4;
    const diff = firstDifference(result, got.entry.result, { rtol, skip: task.volatile ?? [] });
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    if (diff) {
      bad++;
      const [g, w] = [JSON.stringify(diff.got), JSON.stringify(diff.want)];
      log(`  MISMATCH ${where}: first difference at ${diff.path}: recomputed ${g}, cached ${w}`);
    } else log(`  ok ${where} (${rtol === 0 ? "bit-identical" : `within ${rtol} relative`}, ${secs} s)`);
  }
  log(`audit: ${sample.length - bad} of ${sample.length} runs reproduce their cached results`);
  return bad ? EXIT.claimFails : EXIT.ok;
}
