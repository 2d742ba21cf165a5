/**
 * Gathers cached results into the `Results` that claims and figures read: per paper, by experiment id.
 *
 * @example
 * ```ts
 * import { Cache } from "./cache.ts";
 * import { loadResults } from "./results.ts";
 * const { byPaper, missing } = await loadResults([], new Cache("data/cache"));
 * ```
 * @module
 */
import type { Cache } from "./cache.ts";
import type { Results } from "../core/declare.ts";
import type { PlannedRun } from "./plan.ts";

/** Results per paper id, and the runs that have no intact entry. */
export async function loadResults(
  runs: readonly PlannedRun[],
  cache: Cache,
): Promise<{ byPaper: Record<string, Results>; missing: PlannedRun[] }> {
  const byPaper: Record<string, Results> = {};
  const missing: PlannedRun[] = [];
  const reads = await Promise.all(runs.map((r) => cache.read(r.key)));
  runs.forEach((run, i) => {
    const res = (byPaper[run.paper] ??= {});
    const list = (res[run.experiment] ??= []);
    const got = reads[i];
    if (got.status === "hit") list.push({ key: run.key, point: run.point, spec: run.spec, result: got.entry.result });
    else missing.push(run);
  });
  return { byPaper, missing };
}
