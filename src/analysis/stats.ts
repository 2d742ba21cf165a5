/**
 * Small statistics: mean, standard deviation, Student-t quantiles for confidence intervals.
 *
 * @example
 * ```ts
 * import { mean, sd } from "./stats.ts";
 * console.log(mean([1, 2, 3]), sd([1, 2, 3])); // 2 1
 * ```
 * @module
 */

/** Arithmetic mean (NaN for an empty list). */
export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN;
}

/** Sample standard deviation (n − 1); 0 for a single value. */
export function sd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Median. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** Two-sided 95 % Student-t quantile t₀.₉₇₅ for `dof` degrees of freedom (table, then the normal limit). */
export function tQuantile975(dof: number): number {
  const table = [
    NaN,
    12.706,
    4.303,
    3.182,
    2.776,
    2.571,
    2.447,
    2.365,
    2.306,
    2.262,
    2.228,
    2.201,
    2.179,
    2.16,
    2.145,
    2.131,
    2.12,
    2.11,
    2.101,
    2.093,
    2.086,
    2.08,
    2.074,
    2.069,
    2.064,
    2.06,
    2.056,
    2.052,
    2.048,
    2.045,
    2.042,
  ];
  if (dof < 1) return NaN;
  return dof < table.length ? table[dof] : 1.96 + 2.4 / dof;
}

/** Groups items by a string key, keeping first-seen order. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const g = out.get(k);
    if (g) g.push(it);
    else out.set(k, [it]);
  }
  return out;
}

/** One measured value and the draws behind it: the initialisation seed and the data draw (teacher, sample). */
export interface Draw {
  value: number;
  init: string | number;
  data: string | number;
}

/**
 * The spread of `draws` split by source, as standard deviations: `data` is the sd of the per-data-draw means
 * (how much the answer moves with the data set), `init` the pooled sd over initialisations within one data draw,
 * `total` the sd of all values. With one data draw `data` is 0; with one init per draw `init` is 0.
 *
 * @example
 * ```ts
 * import { spreadComponents } from "./stats.ts";
 * const c = spreadComponents([
 *   { value: 1, init: 0, data: 0 }, { value: 1.2, init: 1, data: 0 },
 *   { value: 2, init: 0, data: 1 }, { value: 2.2, init: 1, data: 1 },
 * ]);
 * console.log(c.data.toFixed(3), c.init.toFixed(3)); // 0.707 0.141
 * ```
 */
export function spreadComponents(draws: readonly Draw[]): { init: number; data: number; total: number } {
  const byData = groupBy(draws, (d) => String(d.data));
  const means = [...byData.values()].map((g) => mean(g.map((d) => d.value)));
  let ss = 0, dof = 0;
  for (const g of byData.values()) {
    const m = mean(g.map((d) => d.value));
    for (const d of g) ss += (d.value - m) ** 2;
    dof += g.length - 1;
  }
  return {
    init: dof > 0 ? Math.sqrt(ss / dof) : 0,
    data: means.length > 1 ? sd(means) : 0,
    total: draws.length > 1 ? sd(draws.map((d) => d.value)) : 0,
  };
}
