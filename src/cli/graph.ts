/**
 * `graph`: the declared graph — paper → claims → experiments (run counts per profile) → figures, and which claims
 * (and their negative controls) read which experiments — as text, Mermaid (`--mermaid`) or Graphviz DOT (`--dot`).
 *
 * @example
 * ```ts
 * import { graphText } from "./graph.ts";
 * console.log(graphText([])); // ""
 * ```
 * @module
 */
import { type Paper, PROFILES } from "../core/mod.ts";
import { DeclarationError, expandExperiment, selectExperiments, validatePapers } from "../graph/mod.ts";
import { log, type Session } from "./session.ts";

/** Runs per profile of each experiment, `paper/experiment → "ci 12, full 48"`. */
export function runCounts(papers: readonly Paper[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of papers) {
    for (const e of p.experiments) {
      out.set(`${p.id}/${e.id}`, PROFILES.map((pr) => `${pr} ${expandExperiment(p, e, pr).runs.length}`).join(", "));
    }
  }
  return out;
}

/** The graph as indented text. */
export function graphText(papers: readonly Paper[]): string {
  const counts = runCounts(papers);
  const lines: string[] = [];
  for (const p of papers) {
    lines.push(`${p.id}: ${p.title} (${p.authors.split(",")[0]} ${p.year})`, "  claims");
    for (const c of p.claims) {
      const tags = [c.kind === "sanity" ? "sanity" : "", c.expect === "open" ? "not gating" : ""].filter(Boolean);
      lines.push(
        `    ${c.id}${tags.length ? ` [${tags.join(", ")}]` : ""} reads ${c.uses.join(", ")}${
          c.control ? `; control reads ${c.control.uses.join(", ")}` : ""
        }`,
      );
    }
    lines.push("  experiments (runs per profile)");
    for (const e of p.experiments) {
      lines.push(`    ${e.id} (${e.task}; ${counts.get(`${p.id}/${e.id}`)})`);
    }
    lines.push("  figures");
    for (const f of p.figures) lines.push(`    ${f.id} from ${f.uses.join(", ")}`);
  }
  return lines.join("\n");
}

const nodeId = (...parts: string[]) => parts.join("_").replace(/[^A-Za-z0-9_]/g, "_");

/** The graph as a Mermaid flowchart (left to right: paper → claim → experiment → figure). */
export function graphMermaid(papers: readonly Paper[]): string {
  const counts = runCounts(papers);
  const q = (s: string) => s.replaceAll('"', "'");
  const lines = ["flowchart LR"];
  for (const p of papers) {
    const pid = nodeId(p.id);
    lines.push(`  subgraph ${pid}_box["${q(p.id)}"]`, `    ${pid}(["${q(p.id)}"])`);
    for (const c of p.claims) {
      lines.push(`    ${nodeId(p.id, c.id)}["${q(c.id)}${c.kind === "sanity" ? " (sanity)" : ""}"]`);
    }
    for (const e of p.experiments) {
      lines.push(`    ${nodeId(p.id, "x", e.id)}[("${q(e.id)}<br/>${q(counts.get(`${p.id}/${e.id}`)!)}")]`);
    }
    for (const f of p.figures) lines.push(`    ${nodeId(p.id, "f", f.id)}[/"${q(f.id)}"/]`);
    lines.push("  end");
    for (const c of p.claims) {
      lines.push(`  ${pid} --> ${nodeId(p.id, c.id)}`);
      for (const u of c.uses) lines.push(`  ${nodeId(p.id, c.id)} --> ${nodeId(p.id, "x", u)}`);
      for (const u of c.control?.uses ?? []) {
        lines.push(`  ${nodeId(p.id, c.id)} -. control .-> ${nodeId(p.id, "x", u)}`);
      }
    }
    for (const f of p.figures) {
      for (const u of f.uses) lines.push(`  ${nodeId(p.id, "x", u)} --> ${nodeId(p.id, "f", f.id)}`);
    }
  }
  return lines.join("\n");
}

/** The graph as Graphviz DOT. */
export function graphDot(papers: readonly Paper[]): string {
  const counts = runCounts(papers);
  const q = (s: string) => JSON.stringify(s);
  const lines = ["digraph claimgraph {", "  rankdir=LR;", '  node [fontname="DejaVu Sans"];'];
  for (const p of papers) {
    const pid = nodeId(p.id);
    lines.push(`  subgraph cluster_${pid} {`, `    label=${q(p.id)};`, `    ${pid} [label=${q(p.id)}, shape=oval];`);
    for (const c of p.claims) lines.push(`    ${nodeId(p.id, c.id)} [label=${q(c.id)}, shape=box];`);
    for (const e of p.experiments) {
      lines.push(
        `    ${nodeId(p.id, "x", e.id)} [label=${q(`${e.id}\n${counts.get(`${p.id}/${e.id}`)}`)}, shape=cylinder];`,
      );
    }
    for (const f of p.figures) lines.push(`    ${nodeId(p.id, "f", f.id)} [label=${q(f.id)}, shape=note];`);
    lines.push("  }");
    for (const c of p.claims) {
      lines.push(`  ${pid} -> ${nodeId(p.id, c.id)};`);
      for (const u of c.uses) lines.push(`  ${nodeId(p.id, c.id)} -> ${nodeId(p.id, "x", u)};`);
      for (const u of c.control?.uses ?? []) {
        lines.push(`  ${nodeId(p.id, c.id)} -> ${nodeId(p.id, "x", u)} [style=dashed, label="control"];`);
      }
    }
    for (const f of p.figures) {
      for (const u of f.uses) lines.push(`  ${nodeId(p.id, "x", u)} -> ${nodeId(p.id, "f", f.id)};`);
    }
  }
  lines.push("}");
  return lines.join("\n");
}

/** Prints the graph of the selected papers; exit 0 (2 on invalid declarations). */
export function cmdGraph(s: Session): Promise<number> {
  const problems = PROFILES.flatMap((pr) => validatePapers(s.papers, pr));
  if (problems.length) throw new DeclarationError(problems);
  const selection = selectExperiments(s.papers, s.o.only);
  const papers = s.papers.filter((p) => selection.has(p.id));
  log(s.o.mermaid ? graphMermaid(papers) : s.o.dot ? graphDot(papers) : graphText(papers));
  return Promise.resolve(0);
}
