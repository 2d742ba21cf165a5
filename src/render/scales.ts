/**
 * Verdicts at both scales: each claim's verdict at the `full` profile (the papers' scale, headlined) beside its
 * verdict at `ci` (small, run in CI), read from the other profile's `claims.json`; where they differ, the reasons
 * of both are shown, so a reader sees why a claim holds at one scale and not the other.
 *
 * @example
 * ```ts
 * import { scaleRows } from "./scales.ts";
 * const rows = scaleRows(
 *   [{ paper: "p", id: "C1", verdict: "PASS", expect: "hold" }],
 *   [{ paper: "p", id: "C1", verdict: "FAIL", expect: "hold", reason: "slope 0.3 outside [0.4, 0.6]" }],
 * );
 * console.log(rows[0].differ); // true
 * ```
 * @module
 */

/** The part of a `claims.json` row this table reads. */
export interface VerdictRow {
  paper: string;
  id: string;
  verdict: string;
  expect: string;
  kind?: string;
  reason?: string | null;
}

/** One claim at both scales. */
export interface ScaleRow {
  paper: string;
  id: string;
  kind: string;
  full?: VerdictRow;
  ci?: VerdictRow;
  differ: boolean;
}

/** Pairs the two profiles' rows by paper and claim id, in the order of the full rows (then ci-only ones). */
export function scaleRows(full: readonly VerdictRow[], ci: readonly VerdictRow[]): ScaleRow[] {
  const key = (r: VerdictRow) => `${r.paper}/${r.id}`;
  const ciBy = new Map(ci.map((r) => [key(r), r]));
  const seen = new Set<string>();
  const rows: ScaleRow[] = [];
  for (const f of [...full, ...ci]) {
    if (seen.has(key(f))) continue;
    seen.add(key(f));
    const fr = full.find((r) => key(r) === key(f)), cr = ciBy.get(key(f));
    rows.push({
      paper: f.paper,
      id: f.id,
      kind: f.kind ?? "claim",
      full: fr,
      ci: cr,
      differ: fr !== undefined && cr !== undefined && fr.verdict !== cr.verdict,
    });
  }
  return rows;
}

const word: Record<string, string> = { UNDISCRIMINATING: "DOES NOT DISCRIMINATE" };
const show = (r?: VerdictRow) =>
  r ? `${word[r.verdict] ?? r.verdict}${r.expect === "open" && r.verdict !== "PASS" ? " (not gating)" : ""}` : "–";

/** Why the two scales disagree, in words (both reasons), or "" when they agree. */
export function whyDiffer(r: ScaleRow): string {
  if (!r.differ) return "";
  const part = (p: string, v?: VerdictRow) =>
    `${p}: ${v?.verdict === "PASS" ? "every check in its band" : v?.reason ?? "–"}`;
  return `${part("full", r.full)}; ${part("ci", r.ci)}`;
}

/** The markdown table (full first), with a line per claim whose verdicts differ. */
export function scalesMarkdown(rows: readonly ScaleRow[]): string[] {
  if (rows.length === 0) return [];
  const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");
  const out = [
    "| paper | claim | full (the papers' scale) | ci | why they differ |",
    "|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const id = r.kind === "sanity" ? `${r.id} (sanity)` : r.id;
    out.push(`| ${r.paper} | ${id} | ${show(r.full)} | ${show(r.ci)} | ${cell(whyDiffer(r))} |`);
  }
  return out;
}

/** Reads the `claims` rows of a `claims.json`, or [] when it is absent or unreadable. */
export async function readVerdictRows(path: string): Promise<VerdictRow[]> {
  try {
    const json = JSON.parse(await Deno.readTextFile(path));
    return Array.isArray(json.claims) ? json.claims : [];
  } catch {
    return [];
  }
}
