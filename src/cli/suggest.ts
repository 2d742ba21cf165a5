/**
 * Did-you-mean: the known names closest to a mistyped one (edit distance), for commands, flags, papers, claims and
 * experiments.
 *
 * @example
 * ```ts
 * import { didYouMean } from "./suggest.ts";
 * console.log(didYouMean("verfy", ["repro", "plan", "verify"])); // " (did you mean verify?)"
 * ```
 * @module
 */

/** Levenshtein distance between `a` and `b` (case-insensitive). */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase(), b = b.toLowerCase();
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The known names within a third of `name`'s length (at least 2 edits) of it, closest first; a known name that
 * starts with `name` counts too.
 *
 * @example
 * ```ts
 * import { closest } from "./suggest.ts";
 * console.log(closest("chen", ["chen2024", "chen2023", "wang2022"])); // ["chen2024", "chen2023"]
 * ```
 */
export function closest(name: string, known: readonly string[], most = 3): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  return known
    .map((k) => ({ k, d: k.toLowerCase().startsWith(name.toLowerCase()) ? 0.5 : editDistance(name, k) }))
    .filter((x) => x.d <= limit)
    .sort((x, y) => x.d - y.d || x.k.localeCompare(y.k))
    .slice(0, most)
    .map((x) => x.k);
}

/** `" (did you mean a or b?)"`, or `""` when nothing is close. */
export function didYouMean(name: string, known: readonly string[]): string {
  const c = closest(name, known);
  return c.length ? ` (did you mean ${c.length > 1 ? c.slice(0, -1).join(", ") + " or " + c.at(-1) : c[0]}?)` : "";
}
