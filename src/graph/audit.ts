/**
 * The audit: recompute a sample of cached runs and hold each against its entry, so the committed results are
 * proven to be what the code computes. `verify` re-measures the cache; only a recomputation catches a numerics
 * change that kept its task version, or numbers edited together with their digest.
 *
 * The sample is drawn by hashing each key with a seed (the commit, in CI), so the same commit audits the same
 * runs. A float64 result must match its entry bit for bit; a float32 engine's to a relative tolerance (float32
 * results are reproducible on one machine but not promised across CPUs and adapters). Fields a task declares as
 * wall-clock measurements (`Task.volatile`) are left out of the comparison.
 *
 * @example
 * ```ts
 * import { firstDifference } from "./audit.ts";
 * console.log(firstDifference({ loss: [1, 0.5] }, { loss: [1, 0.25] })); // { path: "loss[1]", got: 0.5, want: 0.25 }
 * ```
 * @module
 */
import { sha256Hex } from "../core/hash.ts";
import type { Json } from "../core/types.ts";
import type { PlannedRun } from "./plan.ts";

/** Where two results first differ, and the two values. */
export interface Difference {
  path: string;
  got: Json | undefined;
  want: Json | undefined;
}

/**
 * The first place where `got` and `want` differ (depth first, keys in sorted order), or undefined. Numbers are
 * equal when |got − want| ≤ rtol·max(|got|, |want|); `rtol` 0 means bit-identical. Fields named in `skip` are
 * ignored at any depth.
 */
export function firstDifference(
  got: Json | undefined,
  want: Json | undefined,
  { rtol = 0, skip = [] as readonly string[] } = {},
  path = "",
): Difference | undefined {
  if (typeof got === "number" && typeof want === "number") {
    const same = rtol === 0
      ? Object.is(got, want)
      : Math.abs(got - want) <= rtol * Math.max(Math.abs(got), Math.abs(want));
    return same ? undefined : { path, got, want };
  }
  if (Array.isArray(got) && Array.isArray(want)) {
    if (got.length !== want.length) return { path: `${path}.length`, got: got.length, want: want.length };
    for (let i = 0; i < got.length; i++) {
      const d = firstDifference(got[i], want[i], { rtol, skip }, `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (
    got && want && typeof got === "object" && typeof want === "object" && !Array.isArray(got) && !Array.isArray(want)
  ) {
    const keys = [...new Set([...Object.keys(got), ...Object.keys(want)])].filter((k) => !skip.includes(k)).sort();
    for (const k of keys) {
      const d = firstDifference(got[k], want[k], { rtol, skip }, path ? `${path}.${k}` : k);
      if (d) return d;
    }
    return undefined;
  }
  return got === want ? undefined : { path, got, want };
}

/**
 * `n` runs of `runs`, drawn by ranking sha256(seed + key): the same seed gives the same sample. With `cheapest`
 * (a fraction in (0, 1]), only that fraction of the runs with the least work is drawn from, so CI audits in seconds.
 */
export async function auditSample(
  runs: readonly PlannedRun[],
  n: number,
  seed: string,
  cheapest = 1,
): Promise<PlannedRun[]> {
  const unique = [...new Map(runs.map((r) => [r.key, r])).values()].sort((a, b) =>
    a.work - b.work || (a.key < b.key ? -1 : 1)
  );
  const pool = unique.slice(0, Math.max(1, Math.ceil(unique.length * cheapest)));
  const ranked = await Promise.all(pool.map(async (r) => ({ r, rank: await sha256Hex(seed + r.key) })));
  return ranked.sort((a, b) => (a.rank < b.rank ? -1 : 1)).slice(0, n).map((x) => x.r);
}
