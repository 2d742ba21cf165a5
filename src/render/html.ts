/**
 * `figures/index.html`, the front page of the results: verdict totals per paper and overall, a table of contents,
 * an anchor per paper, claim (`#P1-C3`) and figure (`#fig-chen2024-loss_curves`) with links both ways, a badge per
 * verdict that does not rely on colour, the prediction, each check's band with where it comes from, the measured
 * value with its spread, the negative control, and why every non-PASS is not a PASS; notes and provenance folded.
 * Figures are interactive (Vega-Embed, loaded from `vendor/` beside the page, no network) with the static SVG as
 * the fallback when scripts are off. Pure: the same results give the same bytes.
 *
 * @example
 * ```ts
 * import { reportHtml } from "./html.ts";
 * const page = reportHtml({ papers: [], verdicts: [], profile: "ci", runs: [], rendered: {}, notes: {} });
 * console.log(page.includes('name="viewport"')); // true
 * ```
 * @module
 */
import { scalesMarkdown } from "./scales.ts";
import { type ClaimVerdict, formatBand } from "../claims/mod.ts";
import type { Paper } from "../core/mod.ts";
import type { PlannedRun } from "../graph/mod.ts";
import { esc, inlineHtml, markdownHtml } from "./markdown.ts";
import { subscripts } from "./polish.ts";
import { fmt, formatMeasured, type ReportInput } from "./report.ts";

/** The browser builds copied beside the page (`vendor/<name>`), in load order. */
export const VENDOR_SCRIPTS = ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"];

/** The anchor of a figure: `fig-<paper>-<figure>`. */
export const figureAnchor = (paper: string, figure: string): string => `fig-${paper}-${figure}`;

/** The script beside a figure that registers its spec (so the page works from `file://`, where fetch is barred). */
export function specScript(key: string, spec: unknown): string {
  return `(window.claimgraphSpecs = window.claimgraphSpecs || {})[${JSON.stringify(key)}] = ${JSON.stringify(spec)};\n`;
}

const STYLE = `
:root{--ok:#1a7f37;--bad:#b3261e;--warn:#8a5a00;--nd:#6a3d9a;--mute:#5f6368}
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Verdana,system-ui,sans-serif;max-width:1180px;margin:0 auto;padding:0 12px 3em;
color:#1f2328;line-height:1.45;font-size:15px;overflow-wrap:break-word}
header{border-bottom:1px solid #d0d7de;margin-bottom:1em}
h1{font-size:1.55em;margin:.8em 0 .3em}h2{font-size:1.3em;margin-top:2.2em;border-bottom:1px solid #d0d7de}
h3{font-size:1.08em;margin-top:1.6em}
a{color:#0550ae}
.scroll{overflow-x:auto;max-width:100%;margin:.8em 0;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;font-size:.86em}
td,th{border:1px solid #d0d7de;padding:.35em .5em;vertical-align:top;text-align:left}
th{background:#f6f8fa}
table.claims td:first-child{white-space:nowrap}
table.claims{min-width:980px;width:100%}
table.claims td:nth-child(2){min-width:15em}table.claims td:nth-child(4){min-width:17em}
table.claims td:nth-child(6){width:15em}table.claims td:nth-child(7){width:9em}
td.num,th.num{text-align:right}
tr:target{outline:3px solid #0969da;outline-offset:-3px;background:#f0f6ff}
.badge{display:inline-block;padding:.1em .45em;border-radius:4px;font-weight:bold;font-size:.85em;white-space:nowrap;
border:2px solid currentColor}
.badge.PASS{color:#fff;background:var(--ok);border-color:var(--ok)}
.badge.FAIL{color:#fff;background:var(--bad);border-color:var(--bad)}
.badge.FAIL.open{color:var(--bad);background:#fff;border-style:dashed}
.badge.PASS.open{color:var(--ok);background:#fff;border-style:dashed}
.badge.INCONCLUSIVE{color:var(--warn);background:#fff8e1}
.badge.UNDISCRIMINATING{color:var(--nd);background:#f3edf9;border-style:double;border-width:3px}
.badge.SANITY{color:var(--mute);background:#fff;font-weight:normal}
.why{margin:.35em 0 0;font-size:.92em}
.band small,.small{color:var(--mute);font-size:.88em}
.check{margin-bottom:.45em}
nav.toc{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:.5em 1em;margin:1em 0}
nav.toc ul{margin:.2em 0;padding-left:1.2em}nav.toc li{margin:.15em 0}
figure{margin:1.8em 0;border-top:1px solid #eaeef2;padding-top:.6em}
figure:target{outline:3px solid #0969da;outline-offset:4px}
.figbox{overflow-x:auto;max-width:100%}
.figbox img{max-width:100%;height:auto;display:block}
figure.live .figbox img.static{display:none}
figcaption{font-size:.92em;color:#3d444d;max-width:75ch}
.links{font-size:.88em;margin-top:.3em}
details{margin:.8em 0}summary{cursor:pointer;font-weight:bold}
code{font-size:.92em;background:#f6f8fa;padding:0 .2em;border-radius:3px}
#vg-tooltip-element{font-family:"DejaVu Sans",Verdana,sans-serif}
.narrow{display:none}
@media (max-width:600px){body{font-size:14px}h1{font-size:1.3em}.narrow{display:block;margin-top:.3em}
.narrow .badge{white-space:normal}}
`;

const SCRIPT = `
document.addEventListener("DOMContentLoaded", function () {
  var specs = window.claimgraphSpecs = window.claimgraphSpecs || {};
  var pending = {};
  function embed(fig) {
    if (pending[fig.id]) return pending[fig.id];
    pending[fig.id] = new Promise(function (resolve) {
      var key = fig.getAttribute("data-figure");
      var s = document.createElement("script");
      s.src = fig.getAttribute("data-src");
      s.onload = function () {
        if (typeof vegaEmbed !== "function") { console.error("figure " + key + ": vendor/ scripts missing"); resolve(false); return; }
        var box = fig.querySelector(".chart");
        vegaEmbed(box, specs[key], {
          renderer: "svg",
          actions: { export: true, source: true, compiled: false, editor: false },
          downloadFileName: key.replace("/", "-"),
        }).then(function () { fig.classList.add("live"); resolve(true); },
          function (e) { console.error("figure " + key + ": " + e); resolve(false); });
      };
      s.onerror = function () { console.error("figure " + key + ": spec script missing"); resolve(false); };
      document.head.appendChild(s);
    });
    return pending[fig.id];
  }
  var figs = [].slice.call(document.querySelectorAll("figure[data-figure]"));
  window.claimgraph = { loadAll: function () { return Promise.all(figs.map(embed)); } };
  // On a phone the static figure, scaled to the screen, reads better than a wider interactive one.
  if (typeof vegaEmbed !== "function" || window.innerWidth < 600) return;
  if (!("IntersectionObserver" in window)) { window.claimgraph.loadAll(); return; }
  var io = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) { if (e.isIntersecting) { io.unobserve(e.target); embed(e.target); } });
  }, { rootMargin: "800px 0px" });
  figs.forEach(function (f) { io.observe(f); });
});
`;

type Kind = "PASS" | "FAIL" | "FAIL_OPEN" | "UNDISCRIMINATING" | "INCONCLUSIVE";

/** The bucket a claim's verdict counts in: a FAIL of a claim declared open is counted apart. */
export function verdictKind(v: Pick<ClaimVerdict, "verdict" | "expect">): Kind {
  return v.verdict === "FAIL" && v.expect === "open" ? "FAIL_OPEN" : v.verdict;
}

const BADGE_TEXT: Record<string, string> = {
  PASS: "✓ PASS",
  FAIL: "✗ FAIL",
  INCONCLUSIVE: "? INCONCLUSIVE",
  UNDISCRIMINATING: "≈ DOES NOT DISCRIMINATE",
};

/** A verdict badge: symbol and words, not colour alone; a not-gating claim's badge is outlined and says so. */
export function badge(v: Pick<ClaimVerdict, "verdict" | "expect">): string {
  const open = v.expect === "open";
  return `<span class="badge ${v.verdict}${open ? " open" : ""}">${BADGE_TEXT[v.verdict]}${
    open ? " · not gating" : ""
  }</span>`;
}

const COLUMNS: [Kind, string][] = [
  ["PASS", "PASS"],
  ["FAIL", "FAIL"],
  ["FAIL_OPEN", "FAIL, not gating"],
  ["UNDISCRIMINATING", "does not discriminate"],
  ["INCONCLUSIVE", "INCONCLUSIVE"],
];

function totalsRow(label: string, all: readonly ClaimVerdict[]): string {
  const vs = all.filter((v) => v.kind !== "sanity"), sanity = all.filter((v) => v.kind === "sanity");
  const n = (k: Kind) => vs.filter((v) => verdictKind(v) === k).length;
  const sane = sanity.filter((v) => v.verdict === "PASS").length;
  return `<tr><th>${label}</th><td class="num">${vs.length}</td>${
    COLUMNS.map(([k]) => `<td class="num">${n(k)}</td>`).join("")
  }<td class="num">${sane} of ${sanity.length}</td></tr>`;
}

function totals(papers: readonly Paper[], verdicts: readonly ClaimVerdict[]): string {
  const head = `<tr><th>paper</th><th class="num">claims</th>${
    COLUMNS.map(([k, t]) => `<th class="num">${k === "PASS" || k === "FAIL" ? t : t}</th>`).join("")
  }<th class="num">sanity checks passed</th></tr>`;
  const rows = papers.map((p) =>
    totalsRow(`<a href="#${p.id}">${esc(shortName(p))}</a>`, verdicts.filter((v) => v.paper === p.id))
  );
  const all = papers.length > 1 ? totalsRow("all papers", verdicts) : "";
  return `<div class="scroll"><table class="totals">${head}${rows.join("")}${all}</table></div>`;
}

const shortName = (p: Paper) => `${p.authors.split(",")[0].trim().split(" ").pop()} et al. ${p.year}`;

/** The figures of a paper that share an experiment with a claim (or its control). */
function claimFigures(p: Paper, id: string, rendered: string[]): string[] {
  const c = p.claims.find((c) => c.id === id);
  if (!c) return [];
  const uses = new Set([...c.uses, ...(c.control?.uses ?? [])]);
  return p.figures.filter((f) => rendered.includes(f.id) && f.uses.some((u) => uses.has(u))).map((f) => f.id);
}

function checksCell(v: ClaimVerdict): string {
  return v.checks.map((c) => {
    const mark = c.pass === true ? "✓" : c.pass === false ? "✗" : "–";
    const why = c.bandWhy ? `<br><small>${inlineHtml(c.bandWhy)}</small>` : "";
    return `<div class="check">${esc(c.label)}: <b>${esc(formatMeasured(c.measured))}</b> ${mark}` +
      `<div class="band">band ${esc(formatBand(c.band))}${why}</div></div>`;
  }).join("");
}

function controlCell(v: ClaimVerdict): string {
  if (!v.control) return v.kind === "sanity" ? "n/a (sanity check)" : "<i>none declared</i>";
  const vals = v.control.checks.map((c) =>
    `${esc(c.label)}: ${c.measured ? esc(fmt(c.measured.value)) : "–"}${
      c.pass === false ? " (outside the band)" : c.pass ? " (inside the band)" : ""
    }`
  );
  const why = v.control.reason && v.control.verdict !== "FAIL"
    ? `<br><small>${inlineHtml(v.control.reason)}</small>`
    : "";
  return `<i>${esc(v.control.regime)}</i><br>${vals.join("<br>")}${why}`;
}

function claimsTable(p: Paper, vs: readonly ClaimVerdict[], rendered: string[]): string {
  const head = "<tr><th>id</th><th>claim</th><th>prediction</th><th>measured, band and its reason</th>" +
    "<th>negative control</th><th>verdict</th><th>figures</th></tr>";
  const rows = vs.map((v) => {
    const why = v.verdict !== "PASS" && v.reason
      ? `<p class="why"><b>${v.verdict === "INCONCLUSIVE" ? "Why inconclusive" : "Why"}:</b> ${
        inlineHtml(v.reason)
      }</p>`
      : "";
    const open = v.expectWhy ? `<p class="why"><b>Not gating:</b> ${inlineHtml(v.expectWhy)}</p>` : "";
    const detail = v.detail ? `<details><summary>what was measured</summary>${inlineHtml(v.detail)}</details>` : "";
    const figs = claimFigures(p, v.id, rendered).map((f) => `<a href="#${figureAnchor(p.id, f)}">${esc(f)}</a>`);
    return `<tr id="${esc(v.id)}"><td><a href="#${esc(v.id)}">${esc(v.id)}</a><div class="narrow">${
      badge(v)
    }</div></td>` +
      `<td>${esc(v.statement)}<br><small class="small">${esc(v.source)}${v.where ? ` · ${esc(v.where)}` : ""}` +
      ` · regime: ${esc(v.regime)} · profile ${esc(v.profile)}</small>${detail}</td>` +
      `<td>${esc(v.prediction)}</td><td>${checksCell(v)}</td><td>${controlCell(v)}</td>` +
      `<td>${badge(v)}${why}${open}</td><td>${figs.join("<br>") || "–"}</td></tr>`;
  });
  return `<div class="scroll"><table class="claims">${head}${rows.join("")}</table></div>`;
}

function provenance(runs: readonly PlannedRun[]): string {
  const byExp = new Map<string, PlannedRun[]>();
  for (const r of runs) byExp.set(r.experiment, [...(byExp.get(r.experiment) ?? []), r]);
  const rows = [...byExp].map(([exp, rs]) => {
    const e = rs[0].engine;
    return `<tr><td>${esc(exp)}</td><td>${esc(rs[0].spec.task)} v${
      rs[0].taskVersion
    }</td><td class="num">${rs.length}</td>` +
      `<td>${esc(e.engine)}</td><td>${esc(e.backend)}</td><td>${esc(e.precision)}</td><td>${esc(e.numerics)}</td></tr>`;
  });
  const keys = [...byExp].map(([exp, rs]) =>
    `<li>${esc(exp)}: ${rs.map((r) => `<code>${r.key.slice(0, 12)}</code>`).join(" ")}</li>`
  );
  return `<div class="scroll"><table><tr><th>experiment</th><th>task</th><th class="num">runs</th><th>engine</th>` +
    `<th>backend</th><th>precision</th><th>numerics</th></tr>${rows.join("")}</table></div>` +
    `<details><summary>run keys</summary><ul class="small">${keys.join("")}</ul></details>`;
}

function figureHtml(p: Paper, f: Paper["figures"][number], verdicts: readonly ClaimVerdict[], rendered: string[]) {
  const key = `${p.id}/${f.id}`;
  const claims = verdicts.filter((v) => claimFigures(p, v.id, rendered).includes(f.id))
    .map((v) => `<a href="#${esc(v.id)}">${esc(v.id)}</a>`);
  return `<figure id="${figureAnchor(p.id, f.id)}" data-figure="${esc(key)}" data-src="${esc(key)}.vl.js">` +
    `<div class="figbox"><img class="static" src="${esc(key)}.svg" alt="${esc(f.title)}"></div>` +
    `<div class="figbox chart"></div>` +
    `<figcaption><b>${esc(f.title)}.</b> ${inlineHtml(subscripts(f.caption))}</figcaption>` +
    `<div class="links">${claims.length ? `Claims: ${claims.join(", ")} · ` : ""}` +
    `<a href="${esc(key)}.vl.json">Vega-Lite spec with its data</a> · <a href="${esc(key)}.svg">SVG</a> · ` +
    `<a href="${esc(key)}.png">PNG</a> · <a href="#${figureAnchor(p.id, f.id)}">link</a></div></figure>`;
}

/** The report as a standalone HTML page (figures at `<paper>/<figure>.{svg,vl.js}`, scripts in `vendor/`). */
export function reportHtml(input: ReportInput): string {
  const { papers, verdicts, profile } = input;
  const other = profile === "ci"
    ? `<a href="full/index.html">the full profile (the papers' scale)</a>`
    : `<a href="../index.html">the ci profile (small, run in CI)</a>`;
  const toc = papers.map((p) => {
    const rendered = input.rendered[p.id] ?? [];
    const claims = verdicts.filter((v) => v.paper === p.id && v.kind !== "sanity")
      .map((v) => `<a href="#${esc(v.id)}">${esc(v.id)}</a>`).join(" ");
    const figs = p.figures.filter((f) => rendered.includes(f.id))
      .map((f) => `<a href="#${figureAnchor(p.id, f.id)}">${esc(f.id)}</a>`).join(" · ");
    return `<li><a href="#${p.id}">${esc(p.title)}</a> (${esc(shortName(p))})<br><small>claims ${claims}` +
      `${figs ? `<br>figures ${figs}` : ""}</small></li>`;
  });
  const title = "claimgraph: claims of five papers on training dynamics, checked";
  const out = [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title} (${profile} profile)</title>`,
    `<style>${STYLE.trim()}</style>`,
    ...VENDOR_SCRIPTS.map((s) => `<script src="vendor/${s}" defer></script>`),
    `</head><body><header id="top"><h1>${title}</h1>`,
    `<p>Profile <code>${profile}</code>. This page is also available for ${other}. The same report as text: ` +
    `<a href="REPORT.md">REPORT.md</a>; as data: <a href="claims.json">claims.json</a>.</p></header>`,
    "<p>Each claim is measured on cached runs and held against a band derived from the paper's prediction. A PASS",
    "counts only when the claim's negative control (the same measurement where the mechanism is absent) lands",
    "outside the band; otherwise the claim <b>does not discriminate</b>. A claim marked <i>not gating</i> was measured",
    "to fail and is reported as such. Sanity checks (which only a bug could fail) are listed apart.</p>",
    '<h2 id="totals">Verdicts</h2>',
    totals(papers, verdicts),
    `<p class="small">Badges: ${badge({ verdict: "PASS", expect: "hold" })} ${
      badge({ verdict: "FAIL", expect: "hold" })
    } ${badge({ verdict: "FAIL", expect: "open" })} ${badge({ verdict: "UNDISCRIMINATING", expect: "hold" })} ${
      badge({ verdict: "INCONCLUSIVE", expect: "hold" })
    }</p>`,
    ...(input.scales?.length
      ? [
        '<h2 id="scales">Verdicts at both scales</h2>',
        "<p>The <code>full</code> profile is the papers' scale and comes first; <code>ci</code> is the small profile " +
        "CI runs. Where they differ, both reasons are given.</p>",
        markdownHtml(scalesMarkdown(input.scales).join("\n")),
      ]
      : []),
    `<nav class="toc" id="contents"><b>Contents</b><ul>${toc.join("")}</ul></nav>`,
  ];
  for (const p of papers) {
    const rendered = input.rendered[p.id] ?? [];
    const all = verdicts.filter((v) => v.paper === p.id);
    const vs = all.filter((v) => v.kind !== "sanity"), sanity = all.filter((v) => v.kind === "sanity");
    out.push(
      `<section id="${p.id}"><h2>${esc(p.title)}</h2>`,
      `<p>${esc(p.authors)} (${p.year}), <a href="https://arxiv.org/abs/${esc(p.arxiv)}">arXiv:${esc(p.arxiv)}</a>` +
        ` · <a href="#top">top</a></p>`,
    );
    if (p.summary) out.push(markdownHtml(p.summary));
    out.push(`<h3 id="${p.id}-claims">Claims</h3>`, totals([p], all), claimsTable(p, vs, rendered));
    if (sanity.length) {
      out.push(`<h3 id="${p.id}-sanity">Sanity checks <span class="badge SANITY">sanity</span></h3>`);
      out.push(claimsTable(p, sanity, rendered));
    }
    out.push(`<h3 id="${p.id}-figures">Figures</h3>`);
    for (const f of p.figures) {
      if (rendered.includes(f.id)) out.push(figureHtml(p, f, verdicts, rendered));
      else out.push(`<p><b>${esc(f.title)}.</b> Not rendered: its runs are not computed yet.</p>`);
    }
    if (input.notes[p.id]) {
      out.push(`<details id="${p.id}-notes"><summary>Notes</summary>${markdownHtml(input.notes[p.id])}</details>`);
    }
    out.push(
      `<details id="${p.id}-provenance"><summary>Provenance</summary>`,
      provenance(input.runs.filter((r) => r.paper === p.id)),
      "</details></section>",
    );
  }
  out.push(`<script>${SCRIPT.trim()}</script>`, "</body></html>");
  return out.join("\n") + "\n";
}
