/**
 * `plan`: what would run and why, without running it. A changed spec names its changed fields (`m: 64 → 65`, read
 * from the sweep point's previous cache entry), and the plan ends with a time estimate from the measured speed of
 * cached runs.
 *
 * @example
 * ```ts
 * import { specChanges } from "./plan.ts";
 * console.log(specChanges({ task: "t", m: 64, lr: 0.1 }, { task: "t", m: 65, lr: 0.1 })); // "m: 64 → 65"
 * ```
 * @module
 */
import type { JsonObject } from "../core/mod.ts";
import { Cache, readSlotIndex, type RunStatus } from "../graph/mod.ts";
import { formatDuration } from "../graph/progress.ts";
import { distinct, estimate, log, planStatus, type Session, summarize } from "./session.ts";

const show = (v: unknown) => v === undefined ? "(unset)" : typeof v === "string" ? v : JSON.stringify(v);

/** The fields that differ between two specs, as `field: old → new`, comma-separated. */
export function specChanges(before: JsonObject, after: JsonObject): string {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return fields
    .filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]))
    .map((f) => `${f}: ${show(before[f])} → ${show(after[f])}`)
    .join(", ");
}

/** For each run whose spec changed, the changed fields (from the previous entry of its sweep point). */
async function changedFields(cache: Cache, statuses: readonly RunStatus[]): Promise<Map<string, string>> {
  const index = await readSlotIndex(cache);
  const out = new Map<string, string>();
  for (const st of statuses) {
    if (st.why !== "spec changed") continue;
    const prev = index[st.run.slot];
    const got = prev ? await cache.read(prev.key) : { status: "missing" as const };
    out.set(
      st.run.key,
      got.status === "hit" ? specChanges(got.entry.spec, st.run.spec) : "previous entry no longer in the cache",
    );
  }
  return out;
}

/** Prints the plan; always exits 0. */
export async function cmdPlan(s: Session): Promise<number> {
  const { o } = s;
  const statuses = await planStatus(s);
  const byExp = new Map<string, RunStatus[]>();
  for (const st of statuses) {
    const k = `${st.run.paper}/${st.run.experiment}`;
    byExp.set(k, [...(byExp.get(k) ?? []), st]);
  }
  log(
    `profile ${o.profile}, engine ${o.engine}${o.engineGiven ? "" : " (the profile's default)"}${
      s.overridden ? `, overridden: ${s.overridden}` : ""
    }`,
  );
  for (const [k, ss] of byExp) {
    const steps = ss.filter((st) => !st.cached).reduce((t, st) => t + st.run.cost, 0);
    log(`  ${k.padEnd(40)} ${summarize(ss)}${steps ? `, ${steps.toLocaleString("en")} steps` : ""}`);
  }
  const toRun = distinct(statuses).filter((st) => !st.cached);
  const fields = await changedFields(new Cache(o.cacheDir), toRun.slice(0, 20));
  for (const st of toRun.slice(0, 20)) {
    const why = st.why === "spec changed" ? `spec changed (${fields.get(st.run.key)})` : st.why;
    log(
      `    run ${st.run.key.slice(0, 12)} ${st.run.paper}/${st.run.experiment} ${JSON.stringify(st.run.swept)}: ${why}${
        st.detail ? ` (${st.detail})` : ""
      }`,
    );
  }
  if (toRun.length > 20) log(`    … and ${toRun.length - 20} more`);
  log(summarize(statuses));
  if (toRun.length) {
    const est = await estimate(s, statuses);
    const steps = toRun.reduce((t, st) => t + st.run.cost, 0);
    log(
      `estimate: ${steps.toLocaleString("en")} steps, about ${formatDuration(est.seconds)}${
        est.unknown ? ` plus ${est.unknown} runs of unmeasured speed` : ""
      } (${est.basis})`,
    );
  }
  return 0;
}
