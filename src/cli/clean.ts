/**
 * `clean`: removes cache entries that no declared run uses, at any profile, on any engine, and rewrites entries of
 * the old plain-JSON format gzip'd (same key, same digest; only the storage changes).
 *
 * @example
 * ```sh
 * deno task clean
 * ```
 * @module
 */
import { engineIds, PROFILES } from "../core/mod.ts";
import { Cache, planRuns } from "../graph/mod.ts";
import { RunLocks } from "../graph/lock.ts";
import { log, type Session } from "./session.ts";

/** Removes unused entries; exit 0. */
export async function cmdClean(s: Session): Promise<number> {
  const cache = new Cache(s.o.cacheDir);
  const used = new Set<string>();
  for (const profile of PROFILES) {
    for (const engine of Object.keys(engineIds)) {
      for (const r of await planRuns(s.papers, profile, engine)) used.add(r.key);
    }
  }
  let removed = 0, compressed = 0;
  for (const k of await cache.keys()) {
    if (!used.has(k)) {
      await cache.remove(k), removed++;
      continue;
    }
    if (!(await cache.isLegacy(k))) continue;
    const got = await cache.read(k);
    if (got.status === "hit") await cache.write(got.entry), compressed++; // a corrupt one is left for `plan` to report
  }
  const locks = new RunLocks(cache.root);
  await locks.sweepStale();
  const tmps = await locks.sweepTmp({ all: true });
  log(
    `removed ${removed} unused cache entries${tmps ? ` and ${tmps} orphaned temp files` : ""}; gzip'd ${compressed} ` +
      "entries of the old format",
  );
  return 0;
}
