/**
 * `--set field=value`: parameter overrides for exploration without editing a paper. The override is applied to the
 * declaration of each selected experiment (its base, its profile's fixed fields, and its sweep when the field is
 * swept), so the planner validates it exactly like a declaration and keys the runs by their new specs.
 *
 * @example
 * ```ts
 * import { parseSets } from "./overrides.ts";
 * console.log(parseSets(["lr=0.02", "activation=relu"])); // { lr: 0.02, activation: "relu" }
 * ```
 * @module
 */
import type { Json, Paper } from "../core/mod.ts";
import type { Selection } from "../graph/mod.ts";
import { CliError } from "./options.ts";

/** Parses `field=value` pairs; a value is JSON when it parses as JSON (`0.02`, `true`, `[1,2]`), else a string. */
export function parseSets(sets: readonly string[]): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const s of sets) {
    const i = s.indexOf("=");
    if (i <= 0) throw new CliError(`--set ${s}: expected FIELD=VALUE, e.g. --set lr=0.02`, 2);
    const field = s.slice(0, i), raw = s.slice(i + 1);
    let value: Json;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    out[field] = value;
  }
  return out;
}

/** `lr=0.02, m=64`, for messages and the report. */
export function describeSets(sets: Record<string, Json>): string {
  return Object.entries(sets).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ");
}

/**
 * The papers with `sets` applied to every experiment in `selection`. Other experiments are unchanged; the
 * declarations passed in are not modified.
 *
 * @example
 * ```ts
 * import { applySets } from "./overrides.ts";
 * console.log(applySets([], new Map(), { lr: 0.02 })); // []
 * ```
 */
export function applySets(papers: readonly Paper[], selection: Selection, sets: Record<string, Json>): Paper[] {
  return papers.map((p) => {
    const chosen = selection.get(p.id);
    if (!chosen) return p;
    return {
      ...p,
      experiments: p.experiments.map((e) => {
        if (!chosen.has(e.id)) return e;
        const profiles = Object.fromEntries(
          Object.entries(e.profiles).map(([name, size]) => {
            const set = { ...(size.set ?? {}) }, sweep = { ...size.sweep };
            for (const [k, v] of Object.entries(sets)) {
              if (k in set) set[k] = v;
              if (k in sweep) sweep[k] = [v];
            }
            return [name, { ...size, set, sweep }];
          }),
        ) as typeof e.profiles;
        return { ...e, base: { ...e.base, ...sets }, profiles };
      }),
    };
  });
}
