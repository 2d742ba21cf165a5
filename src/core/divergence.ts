/**
 * Divergence as a result: a run whose loss or weights stop being finite is stored with its finite prefix and the
 * status `diverged at step k`. These helpers read that status back, so a claim that uses such a run can say so.
 *
 * @example
 * ```ts
 * import { divergedStatus, divergenceOf } from "./divergence.ts";
 * const run = { key: "ab12cd34ef56aa", result: { stop: divergedStatus(40), divergedAt: 40, lastStep: 30 } };
 * console.log(divergedStatus(40)); // "diverged at step 40"
 * console.log(divergenceOf(run)); // { key: "ab12cd34ef56aa", step: 40 }
 * ```
 * @module
 */

/** The `stop` status of a run that diverged at step `k`. */
export function divergedStatus(k: number): string {
  return `diverged at step ${k}`;
}

/** Where a run diverged, if it did. */
export interface Divergence {
  /** The run's content key. */
  key: string;
  /** The first checkpoint step at which the loss or a weight was non-finite (or the loss exploded). */
  step: number;
}

/**
 * Whether a stored run diverged, and at which step: reads `stop` (`diverged` or `diverged at step k`), then
 * `divergedAt`, then `lastStep`.
 */
export function divergenceOf(run: { key: string; result: unknown }): Divergence | undefined {
  const r = run.result as { stop?: unknown; divergedAt?: unknown; lastStep?: unknown } | null;
  if (!r || typeof r.stop !== "string" || !r.stop.startsWith("diverged")) return undefined;
  const m = /^diverged at step (\d+)/.exec(r.stop);
  const step = m
    ? Number(m[1])
    : typeof r.divergedAt === "number"
    ? r.divergedAt
    : typeof r.lastStep === "number"
    ? r.lastStep
    : -1;
  return { key: run.key, step };
}

/** The reason a claim gives for diverged runs: `diverged (run ab12cd34ef56, step 40)`, and how many more. */
export function divergenceReason(ds: readonly Divergence[]): string {
  const first = ds[0];
  const more = ds.length > 1 ? ` and ${ds.length - 1} more run${ds.length > 2 ? "s" : ""}` : "";
  return `diverged (run ${first.key.slice(0, 12)}, step ${first.step})${more}`;
}

/** The path of the first non-finite number in a JSON-like value (e.g. `.loss[12]`), or undefined if none. */
export function nonFinitePath(value: unknown, path = ""): string | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : path || ".";
  if (value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = nonFinitePath(value[i], `${path}[${i}]`);
      if (p) return p;
    }
    return undefined;
  }
  if (ArrayBuffer.isView(value)) {
    const arr = value as unknown as ArrayLike<number>;
    for (let i = 0; i < arr.length; i++) if (!Number.isFinite(arr[i])) return `${path}[${i}]`;
    return undefined;
  }
  for (const [k, v] of Object.entries(value)) {
    const p = nonFinitePath(v, `${path}.${k}`);
    if (p) return p;
  }
  return undefined;
}
