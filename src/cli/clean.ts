/**
 * `clean`: removes cache entries that no declared run uses, at any profile, on any engine.
 *
 * @example
 * ```sh
 * deno task clean
 * ```
 * @module
 */
import { engineIds, PROFILES } from "../core/mod.ts";
import { Cache, planRuns } from "../graph/mod.ts";
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
  let removed = 0;
  for (const k of await cache.keys()) if (!used.has(k)) await cache.remove(k), removed++;
  log(`removed ${removed} unused cache entries`);
  return 0;
}
