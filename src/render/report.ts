/**
 * The markdown report and `claims.json`: per paper a claims table (id, claim, source, predicted, measured ± spread,
 * band, verdict, profile), its figures, notes and provenance. Pure: the same verdicts give the same bytes (no
 * timestamps).
 *
 * @example
 * ```ts
 * import { claimRows } from "./report.ts";
 * console.log(claimRows([])); // []
 * ```
 * @module
 */
import type { ClaimVerdict } from "../claims/mod.ts";
import { formatBand } from "../claims/mod.ts";
import { type ScaleRow, scalesMarkdown } from "./scales.ts";
import type { Measured, Paper, Profile } from "../core/mod.ts";
import type { PlannedRun } from "../graph/mod.ts";

/** Formats a number for tables: 4 significant digits, exponent form when tiny or huge. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(2);
  return Number(x.toPrecision(4)).toString();
}

/** `value ± spread (sd, n = 3)`. */
export function formatMeasured(m?: Measured): string {
  if (!m) return "–";
  let s = fmt(m.value);
  if (m.spread !== undefined && Number.isFinite(m.spread) && m.spread > 0) s += ` ± ${fmt(m.spread)}`;
  const tags = [m.spreadKind, m.count !== undefined ? `n = ${m.count}` : undefined].filter(Boolean);
  const parts = Object.entries(m.components ?? {}).map(([k, v]) => `${k} ${fmt(v)}`);
  if (parts.length) tags.push(`sd by source: ${parts.join(", ")}`);
  return tags.length ? `${s} (${tags.join(", ")})` : s;
}

const VERDICT_MARK: Record<string, string> = {
  PASS: "✅ PASS",
  FAIL: "❌ FAIL",
  INCONCLUSIVE: "❔ INCONCLUSIVE",
  UNDISCRIMINATING: "⚠️ DOES NOT DISCRIMINATE",
};
const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");

/** One machine-readable row per claim, for `claims.json`. */
export function claimRows(verdicts: readonly ClaimVerdict[]): Record<string, unknown>[] {
  return verdicts.map((v) => ({
    paper: v.paper,
    id: v.id,
    statement: v.statement,
    source: v.source,
    where: v.where ?? null,
    prediction: v.prediction,
    regime: v.regime,
    profile: v.profile,
    expect: v.expect,
    kind: v.kind,
    verdict: v.verdict,
    reason: v.reason ?? null,
    expectWhy: v.expectWhy ?? null,
    detail: v.detail ?? null,
    checks: v.checks.map((c) => ({
      name: c.name,
      label: c.label,
      band: c.band,
      value: c.measured?.value ?? null,
      spread: c.measured?.spread ?? null,
      spreadKind: c.measured?.spreadKind ?? null,
      count: c.measured?.count ?? null,
      components: c.measured?.components ?? null,
      bandWhy: c.bandWhy ?? null,
      pass: c.pass ?? null,
    })),
    control: v.control
      ? {
        regime: v.control.regime,
        verdict: v.control.verdict,
        reason: v.control.reason ?? null,
        checks: v.control.checks.map((c) => ({ name: c.name, value: c.measured?.value ?? null, pass: c.pass ?? null })),
      }
      : null,
  }));
}

/** What the report needs besides verdicts. */
export interface ReportInput {
  papers: readonly Paper[];
  verdicts: readonly ClaimVerdict[];
  profile: Profile;
  runs: readonly PlannedRun[];
  /** Figure ids rendered per paper (missing ones are listed as not rendered). */
  rendered: Record<string, string[]>;
  /** Notes markdown per paper. */
  notes: Record<string, string>;
  /** Each claim's verdict at both profiles (from the other profile's claims.json), when it exists. */
  scales?: ScaleRow[];
}

/** The control's values, as a table cell: `regime: value (outside) …`. */
function controlCell(v: ClaimVerdict): string {
  if (!v.control) return v.kind === "sanity" ? "n/a (sanity check)" : "none declared";
  const vals = v.control.checks.map((c) =>
    `${c.label}: ${c.measured ? fmt(c.measured.value) : "–"}${
      c.pass === false ? " (outside)" : c.pass ? " (inside)" : ""
    }`
  );
  return `${v.control.regime}: ${vals.join("<br>")}`;
}

function claimsTable(vs: readonly ClaimVerdict[]): string[] {
  const out = [
    "| id | claim | source | predicted | measured | pass band | negative control | verdict | profile |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const v of vs) {
    const measured = v.checks.map((c) => `${c.label}: ${formatMeasured(c.measured)}`).join("<br>");
    const bands = v.checks.map((c) => formatBand(c.band)).join("<br>");
    const verdict = VERDICT_MARK[v.verdict] + (v.expect === "open" ? " (not gating)" : "");
    out.push(
      `| ${v.id} | ${cell(v.statement)} | ${cell(v.source)} | ${cell(v.prediction)} | ${cell(measured)} | ${bands} | ${
        cell(controlCell(v))
      } | ${verdict} | ${v.profile} |`,
    );
  }
  return out;
}

function claimDetails(vs: readonly ClaimVerdict[]): string[] {
  const out: string[] = [];
  for (const v of vs) {
    const parts = [`- **${v.id}** (${v.regime}${v.where ? `; ${v.where}` : ""}).`];
    if (v.reason) parts.push(`${v.verdict === "INCONCLUSIVE" ? "Why inconclusive" : "Why"}: ${v.reason}.`);
    if (v.detail) parts.push(v.detail.endsWith(".") ? v.detail : `${v.detail}.`);
    for (const c of v.checks) if (c.bandWhy) parts.push(`Band of ${c.label} ${formatBand(c.band)}: ${c.bandWhy}`);
    if (v.control?.reason && v.control.verdict !== "FAIL") parts.push(`Control: ${v.control.reason}.`);
    if (v.expectWhy) parts.push(`Not gating: ${v.expectWhy}`);
    out.push(parts.join(" "));
  }
  return out;
}

function provenance(runs: readonly PlannedRun[]): string[] {
  const byExp = new Map<string, PlannedRun[]>();
  for (const r of runs) byExp.set(r.experiment, [...(byExp.get(r.experiment) ?? []), r]);
  const out = [
    "| experiment | task | runs | engine | backend | precision | numerics |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const [exp, rs] of byExp) {
    const e = rs[0].engine;
    out.push(
      `| ${exp} | ${rs[0].spec.task} v${
        rs[0].taskVersion
      } | ${rs.length} | ${e.engine} | ${e.backend} | ${e.precision} | ${e.numerics} |`,
    );
  }
  out.push("", "<details><summary>run keys</summary>", "");
  for (const [exp, rs] of byExp) out.push(`- ${exp}: ${rs.map((r) => `\`${r.key.slice(0, 12)}\``).join(" ")}`);
  out.push("", "</details>");
  return out;
}

/** The whole report as markdown. */
export function reportMarkdown(input: ReportInput): string {
  const { papers, verdicts, profile } = input;
  const count = (vs: readonly ClaimVerdict[], k: string) => vs.filter((v) => v.verdict === k).length;
  const lines = [
    "# claimgraph: claims of five papers on training dynamics, checked",
    "",
    `Profile \`${profile}\`. Every verdict below is computed from cached runs by \`deno task repro\`; a claim's`,
    "source tag says whether the paper states it (`[paper]`), the authors' group does (`[group]`), a third-party",
    "reading does (`[notes]`), or we derived it from the model's equations (`[derived]`). The claims, their",
    'sources and the conventions ("CLAIMS.md" below) are catalogued in the repository\'s `docs/CLAIMS.md`; the',
    "engines' numerical checks are in `docs/feasibility.md`.",
    "",
    "A PASS counts only when the claim's negative control (the same measurement where the mechanism is absent) lands",
    "outside the band; otherwise the claim **does not discriminate**. Sanity checks (which only a bug could fail) are",
    "listed apart and are not counted among the claims.",
    "",
    "| paper | claims | PASS | FAIL | DOES NOT DISCRIMINATE | INCONCLUSIVE | sanity checks passed |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const p of papers) {
    const all = verdicts.filter((v) => v.paper === p.id);
    const vs = all.filter((v) => v.kind !== "sanity"), sanity = all.filter((v) => v.kind === "sanity");
    lines.push(
      `| [${p.authors.split(",")[0].split(" ").pop()} et al. ${p.year}](#${p.id}) | ${vs.length} | ${
        count(vs, "PASS")
      } | ${count(vs, "FAIL")} | ${count(vs, "UNDISCRIMINATING")} | ${count(vs, "INCONCLUSIVE")} | ${
        count(sanity, "PASS")
      } of ${sanity.length} |`,
    );
  }
  if (input.scales?.length) {
    lines.push(
      "",
      "## Verdicts at both scales",
      "",
      "The `full` profile is the papers' scale and its verdict comes first; `ci` is the small profile CI runs on 2",
      "cores. Where they differ, both reasons are given.",
      "",
      ...scalesMarkdown(input.scales),
    );
  }
  for (const p of papers) {
    const all = verdicts.filter((v) => v.paper === p.id);
    const vs = all.filter((v) => v.kind !== "sanity"), sanity = all.filter((v) => v.kind === "sanity");
    lines.push("", `<a id="${p.id}"></a>`, "", `## ${p.title}`, "", `${p.authors} (${p.year}), arXiv:${p.arxiv}`, "");
    if (p.summary) lines.push(p.summary, "");
    lines.push("### Claims", "", ...claimsTable(vs), "", ...claimDetails(vs), "");
    if (sanity.length) lines.push("### Sanity checks", "", ...claimsTable(sanity), "", ...claimDetails(sanity), "");
    lines.push("### Figures", "");
    for (const f of p.figures) {
      if ((input.rendered[p.id] ?? []).includes(f.id)) {
        lines.push(`**${f.title}.** ${f.caption}`, "", `![${f.title}](${p.id}/${f.id}.svg)`, "");
      } else lines.push(`**${f.title}.** Not rendered: its runs are not computed yet.`, "");
    }
    if (input.notes[p.id]) lines.push("### Notes", "", input.notes[p.id], "");
    lines.push("### Provenance", "", ...provenance(input.runs.filter((r) => r.paper === p.id)), "");
  }
  return lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}
