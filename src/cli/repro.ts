/**
 * `repro`: plans, asks before a long computation, runs what is missing, renders figures and the report. With
 * `--set` the outputs go to `exports/overrides/<profile>/` (never to the committed figures) and the report says
 * the runs were overridden. The renderer (Vega, resvg) is imported by a computed name, so `plan` and `verify`
 * never install it.
 *
 * @example
 * ```sh
 * deno task repro --only chen2024/eps_sweep --set lr=0.02
 * ```
 * @module
 */
import { writeAtomic } from "../graph/io.ts";
import { Cache, loadResults, planRuns, statusOf } from "../graph/mod.ts";
import { formatDuration } from "../graph/progress.ts";
import { readVerdictRows } from "../render/scales.ts";
import { CliError } from "./options.ts";
import { confirmLong, log, planStatus, runMissing, type Session, summarize, verdicts } from "./session.ts";

/** The renderer's module, by a computed name (not part of the static module graph). */
const OUTPUTS = "../render/outputs.ts";
type Outputs = typeof import("../render/outputs.ts");

const committed = (dir: string) => /^(\.\/)?figures(\/|$)/.test(dir.replace(/\/+$/, ""));

/** Runs and renders; exit 0, or throws. */
export async function cmdRepro(s: Session): Promise<number> {
  const { o } = s;
  if (s.overridden && committed(o.outDir)) {
    throw new CliError(`--set writes overridden results to exports/overrides/, never to ${o.outDir}/`, 2);
  }
  const t0 = performance.now();
  const statuses = await planStatus(s);
  log(summarize(statuses));
  if (s.overridden) log(`overridden (${s.overridden}): figures and report go to ${o.outDir}/, not to figures/`);
  if (!(await confirmLong(s, statuses))) {
    log("nothing computed");
    return 0;
  }
  await runMissing(s, statuses);
  // Figures and the report cover every paper, so a partial --only still leaves a whole report.
  const cache = new Cache(o.cacheDir);
  const everyRun = o.only.length ? await planRuns(s.papers, o.profile, o.engine) : statuses.map((st) => st.run);
  const complete = o.only.length ? (await statusOf(everyRun, cache)).every((st) => st.cached) : true;
  const { renderOutputs, outputsStamp, readStamp }: Outputs = await import(OUTPUTS);
  // The no-op path decides from the stamp and the cache's cheap check alone, without reading any result. A render
  // from incomplete results gets no valid stamp, so the next repro renders again.
  // The other profile's verdicts (its claims.json) go into the table of verdicts at both scales, and into the stamp.
  const otherClaims = o.profile === "ci" ? `${o.outDir}/full/claims.json` : `${o.outDir}/../claims.json`;
  const otherText = s.overridden ? "" : await Deno.readTextFile(otherClaims).catch(() => "");
  const ready = complete ? await outputsStamp(everyRun, o.profile, otherText) : "incomplete";
  if (complete && !s.overridden && (await readStamp(o.outDir)) === ready) {
    log(`figures and report up to date (${o.outDir}/) · ${formatDuration((performance.now() - t0) / 1000)}`);
    return 0;
  }
  const { byPaper, missing } = await loadResults(everyRun, cache);
  const stamp = missing.length ? "incomplete" : ready;
  if (missing.length) {
    log(`${missing.length} runs of other papers are not computed yet; their claims show INCONCLUSIVE`);
  }
  const vs = verdicts(s.papers, byPaper, o.profile);
  const written = await renderOutputs({
    papers: s.papers,
    byPaper,
    verdicts: vs,
    profile: o.profile,
    outDir: o.outDir,
    runs: everyRun,
    stamp: s.overridden ? "overridden" : stamp,
    otherRows: otherText ? await readVerdictRows(otherClaims) : [],
  });
  if (s.overridden) await markOverridden(o.outDir, s.overridden, o.only);
  log(`wrote ${written} files to ${o.outDir}/ · ${formatDuration((performance.now() - t0) / 1000)}`);
  return 0;
}

/** Puts the override at the top of the report and in claims.json. */
async function markOverridden(dir: string, sets: string, only: readonly string[]): Promise<void> {
  const where = only.length ? ` on ${only.join(", ")}` : "";
  const note = `> **Overridden run** (\`--set ${sets}\`${where}): these are not the declared experiments; ` +
    "nothing here is written to the committed figures.\n\n";
  const report = await Deno.readTextFile(`${dir}/REPORT.md`);
  await writeAtomic(`${dir}/REPORT.md`, note + report);
  const claims = JSON.parse(await Deno.readTextFile(`${dir}/claims.json`));
  await writeAtomic(
    `${dir}/claims.json`,
    JSON.stringify({ overridden: sets + where, ...claims }, null, 1) + "\n",
  );
}
