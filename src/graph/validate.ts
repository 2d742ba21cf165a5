/**
 * Validation of paper declarations and the run specs they expand to. Every problem names the paper, the
 * experiment (or claim, or figure) and the field, and all problems are gathered before anything runs or is written.
 *
 * @example
 * ```ts
 * import { validatePapers } from "./validate.ts";
 * const problems = validatePapers([], "ci"); // []
 * ```
 * @module
 */
import { tasks } from "../train/tasks.ts";
import type { Experiment, Paper } from "../core/declare.ts";
import { checkFields, showValue } from "../core/schema.ts";

/** The most runs one experiment may expand to at one profile (a guard against a typo'd sweep). */
export const MAX_SWEEP_POINTS = 100_000;
import type { JsonObject, Profile, RunSpec } from "../core/types.ts";

/** One problem with a declaration, located precisely. */
export interface DeclarationProblem {
  paper: string;
  /** `experiment eps_sweep`, `claim P1-C2`, `figure loss_curves`, or `paper`. */
  where: string;
  field: string;
  message: string;
}

/** Formats a problem as one line: `paper chen2024, experiment eps_sweep, field m: must be …`. */
export function formatProblem(p: DeclarationProblem): string {
  return `paper ${p.paper}, ${p.where}, field ${p.field}: ${p.message}`;
}

/** Raised by the planner when declarations are invalid; carries every problem. */
export class DeclarationError extends Error {
  readonly problems: DeclarationProblem[];
  constructor(problems: DeclarationProblem[]) {
    super(`invalid declarations:\n${problems.map((p) => "  " + formatProblem(p)).join("\n")}`);
    this.name = "DeclarationError";
    this.problems = problems;
  }
}

/** The cartesian product of a sweep, in declaration order (last field varies fastest). */
export function cartesian(sweep: Record<string, unknown[]>): JsonObject[] {
  let points: JsonObject[] = [{}];
  for (const [field, values] of Object.entries(sweep)) {
    points = points.flatMap((p) => values.map((v) => ({ ...p, [field]: v as JsonObject[string] })));
  }
  return points;
}

/** A sweep point expanded into its final spec, or the problems found. */
export interface ExpandedRun {
  point: JsonObject;
  /** The swept fields alone (what tells this run from its siblings). */
  swept: JsonObject;
  spec: RunSpec;
}

type Expansion = { runs: ExpandedRun[]; problems: DeclarationProblem[] };

/** Expansions by experiment object and profile: declarations are data, so one expansion serves validation and plan. */
const expansions = new WeakMap<Experiment, Map<string, Expansion>>();

/** Expands one experiment at one profile into validated specs (defaults filled in). Pure, and memoised. */
export function expandExperiment(paper: Paper, exp: Experiment, profile: Profile): Expansion {
  const byProfile = expansions.get(exp) ?? new Map<string, Expansion>();
  expansions.set(exp, byProfile);
  const key = `${paper.id}|${profile}`;
  let got = byProfile.get(key);
  if (!got) byProfile.set(key, got = expandFresh(paper, exp, profile));
  return got;
}

function expandFresh(paper: Paper, exp: Experiment, profile: Profile): Expansion {
  const where = `experiment ${exp.id}`;
  const problems: DeclarationProblem[] = [];
  const add = (field: string, message: string) => problems.push({ paper: paper.id, where, field, message });
  const task = tasks[exp.task];
  if (!task) {
    add("task", `unknown task "${exp.task}" (known: ${Object.keys(tasks).join(", ")})`);
    return { runs: [], problems };
  }
  const size = exp.profiles?.[profile];
  if (!size) {
    add(`profiles.${profile}`, "is missing");
    return { runs: [], problems };
  }
  if (size.sweep === null || typeof size.sweep !== "object" || Array.isArray(size.sweep)) {
    add(`profiles.${profile}.sweep`, `must be an object of lists (got ${showValue(size.sweep)})`);
    return { runs: [], problems };
  }
  if (size.set !== undefined && (size.set === null || typeof size.set !== "object" || Array.isArray(size.set))) {
    add(`profiles.${profile}.set`, `must be an object (got ${showValue(size.set)})`);
  }
  if (exp.base === null || typeof exp.base !== "object" || Array.isArray(exp.base)) {
    add("base", `must be an object (got ${showValue(exp.base)})`);
  }
  let points = 1;
  for (const [field, values] of Object.entries(size.sweep)) {
    if (!Array.isArray(values)) add(`profiles.${profile}.sweep.${field}`, `must be a list (got ${showValue(values)})`);
    else if (values.length === 0) add(`profiles.${profile}.sweep.${field}`, "is an empty sweep");
    else points *= values.length;
  }
  if (points > MAX_SWEEP_POINTS) {
    add(`profiles.${profile}.sweep`, `has ${points.toLocaleString("en")} points (at most ${MAX_SWEEP_POINTS} allowed)`);
  }
  if (problems.length) return { runs: [], problems };
  const runs: ExpandedRun[] = [];
  const seen = new Set<string>();
  for (const swept of cartesian(size.sweep)) {
    const point: JsonObject = { ...exp.base, ...(size.set ?? {}), ...swept };
    let raw: JsonObject;
    try {
      raw = exp.derive ? exp.derive(point) : point;
    } catch (e) {
      add("derive", `failed at ${JSON.stringify(swept)}: ${(e as Error).message}`);
      continue;
    }
    const { task: _t, ...fields } = raw;
    const { spec, problems: fieldProblems } = checkFields(task.schema, fields);
    const full = { task: exp.task, ...spec } as RunSpec;
    const extra = fieldProblems.length ? [] : task.validate?.(full) ?? [];
    for (const fp of [...fieldProblems, ...extra]) {
      const key = `${fp.field}|${fp.message}`;
      if (!seen.has(key)) seen.add(key), add(fp.field, fp.message);
    }
    if (!fieldProblems.length && !extra.length) runs.push({ point, swept, spec: full });
  }
  return { runs, problems };
}

/** Checks a paper's own structure: ids, references, and every experiment's specs at `profile`. */
export function validatePaper(paper: Paper, profile: Profile): DeclarationProblem[] {
  const problems: DeclarationProblem[] = [];
  const add = (where: string, field: string, message: string) =>
    problems.push({ paper: paper.id, where, field, message });
  if (!/^[a-z][a-z0-9_]*$/.test(paper.id ?? "")) {
    add("paper", "id", `must be a lower-case identifier (got "${paper.id}")`);
  }
  const expIds = new Set<string>();
  for (const exp of paper.experiments) {
    if (expIds.has(exp.id)) add(`experiment ${exp.id}`, "id", "duplicate experiment id");
    expIds.add(exp.id);
    try {
      problems.push(...expandExperiment(paper, exp, profile).problems);
    } catch (e) {
      add(`experiment ${exp.id}`, "(declaration)", `could not be read: ${(e as Error).message}`);
    }
  }
  const claimIds = new Set<string>();
  for (const c of paper.claims) {
    if (claimIds.has(c.id)) add(`claim ${c.id}`, "id", "duplicate claim id");
    claimIds.add(c.id);
    for (const u of c.uses) if (!expIds.has(u)) add(`claim ${c.id}`, "uses", `unknown experiment "${u}"`);
    for (const u of c.control?.uses ?? []) {
      if (!expIds.has(u)) add(`claim ${c.id}`, "control.uses", `unknown experiment "${u}"`);
    }
    if (Object.keys(c.checks).length === 0) add(`claim ${c.id}`, "checks", "declares no check");
    for (const [name, chk] of Object.entries(c.checks)) {
      const { lo, hi } = chk.band;
      if (lo === undefined && hi === undefined) add(`claim ${c.id}`, `checks.${name}.band`, "has neither lo nor hi");
      if (lo !== undefined && hi !== undefined && !(lo <= hi)) add(`claim ${c.id}`, `checks.${name}.band`, "lo > hi");
    }
  }
  const figIds = new Set<string>();
  for (const f of paper.figures) {
    if (figIds.has(f.id)) add(`figure ${f.id}`, "id", "duplicate figure id");
    figIds.add(f.id);
    for (const u of f.uses) if (!expIds.has(u)) add(`figure ${f.id}`, "uses", `unknown experiment "${u}"`);
  }
  return problems;
}

/** Validates every paper (and that paper ids are unique). */
export function validatePapers(papers: readonly Paper[], profile: Profile): DeclarationProblem[] {
  const problems: DeclarationProblem[] = [];
  const ids = new Set<string>();
  for (const p of papers) {
    if (ids.has(p.id)) problems.push({ paper: p.id, where: "paper", field: "id", message: "duplicate paper id" });
    ids.add(p.id);
    try {
      problems.push(...validatePaper(p, profile));
    } catch (e) {
      problems.push({
        paper: String(p?.id),
        where: "paper",
        field: "(declaration)",
        message: `could not be read: ${(e as Error).message}`,
      });
    }
  }
  return problems;
}
