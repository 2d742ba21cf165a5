/**
 * `diff [REV]`: what changed in the results since REV (default HEAD), for review: per claim the verdict and every
 * check's measured value and band (from `claims.json` at REV, read through git, and in the working tree), and the
 * figures whose spec or data changed (`<figure>.vl.json`). `--md` prints a markdown table for a pull-request
 * comment; `--html FILE` writes the changed figures side by side (before | after). Exit 1 when a gating verdict
 * changed.
 *
 * @example
 * ```ts
 * import { diffClaims } from "./diff.ts";
 * const row = { paper: "p", id: "C1", verdict: "PASS", expect: "hold", checks: [{ name: "x", band: { lo: 1 }, value: 2 }] };
 * const after = { ...row, checks: [{ name: "x", band: { lo: 3 }, value: 2 }], verdict: "FAIL" };
 * console.log(diffClaims([row], [after])[0].changes); // ["verdict PASS → FAIL", "x band ≥ 1 → ≥ 3"]
 * ```
 * @module
 */
import { writeAtomic } from "../graph/io.ts";
import { formatBand } from "../claims/mod.ts";
import type { Band } from "../core/mod.ts";
import { CliError } from "./options.ts";
import { log, type Session } from "./session.ts";
import { xmlEscape } from "./junit.ts";

/** The part of a claims.json row that diff reads. */
export interface ClaimRow {
  paper: string;
  id: string;
  verdict: string;
  expect: string;
  statement?: string;
  checks: { name: string; band: Band; value?: number | null }[];
}

/** One claim that changed. */
export interface ClaimChange {
  paper: string;
  id: string;
  before?: ClaimRow;
  after?: ClaimRow;
  /** Whether the verdict of a gating claim (expect hold, before or after) changed. */
  gating: boolean;
  changes: string[];
}

const num = (v: number | null | undefined) => v === null || v === undefined ? "–" : Number(v.toPrecision(4)).toString();

/** The claims whose verdict, measured values or bands differ between `before` and `after`. */
export function diffClaims(before: readonly ClaimRow[], after: readonly ClaimRow[]): ClaimChange[] {
  const key = (r: ClaimRow) => `${r.paper}/${r.id}`;
  const old = new Map(before.map((r) => [key(r), r]));
  const now = new Map(after.map((r) => [key(r), r]));
  const out: ClaimChange[] = [];
  for (const k of [...new Set([...now.keys(), ...old.keys()])]) {
    const b = old.get(k), a = now.get(k);
    const r = (a ?? b)!;
    const changes: string[] = [];
    if (!b) changes.push(`new claim: ${a!.verdict}`);
    else if (!a) changes.push(`removed (was ${b.verdict})`);
    else {
      if (b.verdict !== a.verdict) changes.push(`verdict ${b.verdict} → ${a.verdict}`);
      if (b.expect !== a.expect) changes.push(`expect ${b.expect} → ${a.expect}`);
      const names = [...new Set([...a.checks.map((c) => c.name), ...b.checks.map((c) => c.name)])];
      for (const n of names) {
        const cb = b.checks.find((c) => c.name === n), ca = a.checks.find((c) => c.name === n);
        if (!cb) changes.push(`${n} new: ${num(ca!.value)} in ${formatBand(ca!.band)}`);
        else if (!ca) changes.push(`${n} removed`);
        else {
          if ((cb.value ?? null) !== (ca.value ?? null)) {
            changes.push(`${n} ${num(cb.value)} → ${num(ca.value)} (band ${formatBand(ca.band)})`);
          }
          if (formatBand(cb.band) !== formatBand(ca.band) || JSON.stringify(cb.band) !== JSON.stringify(ca.band)) {
            changes.push(`${n} band ${formatBand(cb.band)} → ${formatBand(ca.band)}`);
          }
        }
      }
    }
    if (!changes.length) continue;
    const gating = (b?.expect === "hold" || a?.expect === "hold") && b?.verdict !== a?.verdict;
    out.push({ paper: r.paper, id: r.id, before: b, after: a, gating, changes });
  }
  return out;
}

/** Runs git; a missing git is an I/O failure (3), an unknown revision a usage error (2). */
async function git(args: string[]): Promise<{ ok: boolean; out: string; err: string }> {
  let r;
  try {
    r = await new Deno.Command("git", { args, stdout: "piped", stderr: "piped" }).output();
  } catch (e) {
    throw new CliError(`diff needs git: ${(e as Error).message}`, 3);
  }
  const dec = new TextDecoder();
  return { ok: r.success, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

/** A file at REV (undefined when absent there). */
async function atRev(rev: string, path: string): Promise<string | undefined> {
  const r = await git(["show", `${rev}:./${path}`]);
  return r.ok ? r.out : undefined;
}

async function inTree(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

const rowsOf = (text: string | undefined, where: string): ClaimRow[] => {
  if (text === undefined) return [];
  try {
    return JSON.parse(text).claims ?? [];
  } catch (e) {
    throw new CliError(`${where}: not valid JSON (${(e as Error).message})`, 3);
  }
};

/** The figures (`paper/figure`) under `dir` whose `.vl.json` differs between REV and the working tree. */
async function changedFigures(rev: string, dir: string): Promise<string[]> {
  const tracked = await git(["diff", "--name-only", "--relative", rev, "--", dir]);
  const untracked = await git(["ls-files", "--others", "--exclude-standard", "--", dir]);
  const files = `${tracked.out}\n${untracked.out}`.split("\n").filter((f) => f.endsWith(".vl.json"));
  return [...new Set(files.map((f) => f.slice(dir.length + 1, -".vl.json".length)))]
    .filter((f) => f.split("/").length === 2).sort();
}

/** One profile's changes. */
interface ProfileDiff {
  dir: string;
  claims: ClaimChange[];
  figures: string[];
}

function markdown(rev: string, diffs: readonly ProfileDiff[]): string {
  const lines = [`### claimgraph: results changed since \`${rev}\``, ""];
  const all = diffs.flatMap((d) => d.claims.map((c) => ({ d, c })));
  if (!all.length) lines.push("No claim changed.", "");
  else {
    lines.push("| outputs | claim | verdict | what changed |", "|---|---|---|---|");
    for (const { d, c } of all) {
      const verdict = c.before?.verdict === c.after?.verdict
        ? c.after!.verdict
        : `${c.before?.verdict ?? "–"} → **${c.after?.verdict ?? "–"}**`;
      lines.push(
        `| \`${d.dir}\` | ${c.paper} ${c.id}${c.gating ? " ⚠️" : ""} | ${verdict} | ${
          c.changes.join("<br>").replaceAll("|", "\\|")
        } |`,
      );
    }
    lines.push("");
  }
  for (const d of diffs) {
    if (d.figures.length) {
      lines.push(`Figures changed in \`${d.dir}/\`: ${d.figures.map((f) => `\`${f}\``).join(", ")}`, "");
    }
  }
  const gating = all.filter(({ c }) => c.gating).length;
  lines.push(gating ? `⚠️ ${gating} gating verdict(s) changed.` : "No gating verdict changed.");
  return lines.join("\n");
}

async function html(rev: string, diffs: readonly ProfileDiff[]): Promise<string> {
  const parts = [
    `<!doctype html><meta charset="utf-8"><title>claimgraph: figures changed since ${xmlEscape(rev)}</title>`,
    "<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;width:100%}" +
    "td{vertical-align:top;border:1px solid #ccc;padding:4px;width:50%}td svg{max-width:100%;height:auto}</style>",
    `<h1>Figures changed since <code>${xmlEscape(rev)}</code></h1>`,
  ];
  let any = false;
  for (const d of diffs) {
    for (const f of d.figures) {
      any = true;
      const svg = `${d.dir}/${f}.svg`;
      const before = await atRev(rev, svg), after = await inTree(svg);
      parts.push(
        `<h2>${xmlEscape(`${d.dir}/${f}`)}</h2><table><tr><th>before (${xmlEscape(rev)})</th><th>after</th></tr><tr>` +
          `<td>${before ?? "<em>absent</em>"}</td><td>${after ?? "<em>absent</em>"}</td></tr></table>`,
      );
    }
  }
  if (!any) parts.push("<p>No figure changed.</p>");
  return parts.join("\n") + "\n";
}

/** Prints the changes since REV; 1 when a gating verdict changed, else 0. */
export async function cmdDiff(s: Session): Promise<number> {
  const { o } = s;
  if (o.rest.length > 1) throw new CliError(`diff takes one revision (got ${o.rest.join(" ")})`, 2);
  const rev = o.rest[0] ?? "HEAD";
  const ok = await git(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`]);
  if (!ok.ok) throw new CliError(`diff ${rev}: not a git revision here${ok.err ? ` (${ok.err.trim()})` : ""}`, 2);
  const base = o.outGiven ? o.outDir.replace(/\/+$/, "") : "figures";
  const dirs = o.outGiven ? [base] : [base, `${base}/full`];
  const diffs: ProfileDiff[] = [];
  for (const dir of dirs) {
    const before = await atRev(rev, `${dir}/claims.json`), after = await inTree(`${dir}/claims.json`);
    if (before === undefined && after === undefined) continue;
    const figures = (await changedFigures(rev, dir)).filter((f) => !f.startsWith("full/"));
    diffs.push({
      dir,
      claims: diffClaims(rowsOf(before, `${dir}/claims.json at ${rev}`), rowsOf(after, `${dir}/claims.json`)),
      figures,
    });
  }
  const gating = diffs.flatMap((d) => d.claims).filter((c) => c.gating);
  if (o.md) log(markdown(rev, diffs));
  else {
    log(`results at ${rev} → working tree`);
    for (const d of diffs) {
      log(`${d.dir}/: ${d.claims.length} claim(s) changed, ${d.figures.length} figure(s) changed`);
      for (const c of d.claims) log(`  ${c.gating ? "!" : " "} ${c.paper} ${c.id}: ${c.changes.join("; ")}`);
      if (d.figures.length) log(`    figures: ${d.figures.join(", ")}`);
    }
    log(gating.length ? `${gating.length} gating verdict(s) changed` : "no gating verdict changed");
  }
  if (o.html) {
    const page = await html(rev, diffs);
    const dir = o.html.includes("/") ? o.html.slice(0, o.html.lastIndexOf("/")) : ".";
    await Deno.mkdir(dir, { recursive: true });
    await writeAtomic(o.html, page);
    (o.md ? console.error : log)(`wrote ${o.html}`);
  }
  return gating.length ? 1 : 0;
}
