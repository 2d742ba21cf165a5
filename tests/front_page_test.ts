/**
 * The house rules of figures (`src/render/polish.ts`, `charts.ts`) and the front page's structure
 * (`src/render/html.ts`), without a browser (that is `tests/browser/front_page.ts`).
 */
import { assert, assertEquals } from "../src/std/assert.ts";
import type { ClaimVerdict } from "../src/claims/mod.ts";
import type { Paper } from "../src/core/declare.ts";
import type { JsonObject } from "../src/core/types.ts";
import { lineChart, predictedLayer } from "../src/render/charts.ts";
import { badge, reportHtml, verdictKind } from "../src/render/html.ts";
import { markdownHtml } from "../src/render/markdown.ts";
import { fitAxes, logTicks, paddedDomain, polishMarks, subscripts, tickLabel } from "../src/render/polish.ts";

Deno.test("log ticks: a handful, never crowded, in one notation per axis", () => {
  assertEquals(logTicks(0.8, 3500), [1, 10, 100, 1000]);
  assertEquals(logTicks(90, 1800), [100, 200, 500, 1000]);
  const wide = logTicks(1e-13, 10);
  assert(wide.length <= 7 && wide.length >= 3, `ticks ${wide}`);
  assertEquals(logTicks(0.0037, 0.0056), [0.004, 0.0045, 0.005, 0.0055]);
  assertEquals([1e-6, 2e-6, 1e-2].map((v) => tickLabel(v, true)), ["10⁻⁶", "2×10⁻⁶", "10⁻²"]);
  assertEquals([0.02, 2000].map((v) => tickLabel(v, false)), ["0.02", "2,000"]);
});

Deno.test("domains fit the data with padding", () => {
  const [lo, hi] = paddedDomain(100, 1600, true);
  assert(lo < 100 && lo > 80 && hi > 1600 && hi < 2000, `${lo} ${hi}`);
  const spec = lineChart({ title: "t", values: [{ s: 1, c: 3 }, { s: 2, c: 5 }], x: "s", y: "c" });
  const fitted = fitAxes(spec, ["y"], { y: [3, 5] });
  const y = ((fitted.layer as JsonObject[])[0].encoding as JsonObject).y as JsonObject;
  assertEquals((y.scale as JsonObject).domain, [3 - 0.08, 5 + 0.08]); // lineChart sets zero: false
});

Deno.test("numeric series are ordered (viridis, numeric legend order); counts step; every mark has a tooltip", () => {
  const values = ["1e-1", "3e-2", "1e-8"].flatMap((e, i) => [{ x: 1, y: i, eps: `ε = ${e}` }]);
  const spec = polishMarks(lineChart({ title: "t", values, x: "x", y: "y", color: "eps" }));
  const unit = (spec.layer as JsonObject[])[0];
  const color = (unit.encoding as JsonObject).color as JsonObject;
  assertEquals(color.type, "ordinal");
  assertEquals(color.sort, ["ε = 1e-8", "ε = 3e-2", "ε = 1e-1"]);
  assertEquals((unit.mark as JsonObject).interpolate, "step-after"); // y values are integers
  assert((unit.mark as JsonObject).tooltip, "tooltip on the mark");
  const seeds = polishMarks(lineChart({
    title: "t",
    values: [0, 1, 2].map((s) => ({ x: 1, y: 0.5, seed: String(s) })),
    x: "x",
    y: "y",
    color: "seed",
  }));
  assertEquals((((seeds.layer as JsonObject[])[0].encoding as JsonObject).color as JsonObject).type, "nominal");
});

Deno.test("a fit takes its series' colour and a dashed legend entry of its own", () => {
  const fit = predictedLayer([{ m: 1, t: 2, fit: "logistic fit", loss: "logistic" }], "m", "t", "fit");
  const spec = lineChart({ title: "t", values: [{ m: 1, t: 2, loss: "logistic" }], x: "m", y: "t", color: "loss" });
  const withFit = lineChart({
    title: "t",
    values: [{ m: 1, t: 2, loss: "logistic" }],
    x: "m",
    y: "t",
    color: "loss",
    layers: [fit],
  });
  const enc = (withFit.layer as JsonObject[])[1].encoding as JsonObject;
  assertEquals((enc.color as JsonObject).field, "loss");
  assertEquals((enc.strokeDash as JsonObject).field, "fit");
  assertEquals((spec.layer as JsonObject[]).length, 1);
});

Deno.test("one subscript notation", () => {
  assertEquals(["t_l", "|e_1|", "L_lin", "N₀.₉", "t_c"].map(subscripts), ["tₗ", "|e₁|", "Lₗᵢₙ", "N₀.₉", "t_c"]);
});

Deno.test("markdown of notes: escaped, tables boxed", () => {
  const html = markdownHtml("**a** <b>\n\n| x | y |\n|---|---|\n| 1 | 2 |");
  assert(html.includes("<b>a</b> &lt;b&gt;"), html);
  assert(html.includes('<div class="scroll"><table>'), html);
});

function verdict(id: string, v: ClaimVerdict["verdict"], expect: "hold" | "open" = "hold"): ClaimVerdict {
  return {
    id,
    paper: "toy",
    statement: "s",
    source: "[paper]",
    prediction: "p",
    regime: "r",
    profile: "ci",
    expect,
    kind: "claim",
    checks: [{ name: "c", label: "c", band: { lo: 0, hi: 1 }, bandWhy: "why", measured: { value: 2 }, pass: false }],
    verdict: v,
    reason: v === "PASS" ? undefined : "c = 2 outside [0, 1]",
  };
}

Deno.test("front page: anchors both ways, badges in words, totals, reasons, viewport", () => {
  const paper: Paper = {
    id: "toy",
    title: "Toy",
    authors: "A. Author",
    year: 2024,
    arxiv: "0000.00000",
    experiments: [],
    claims: ["T-C1", "T-C2"].map((id) => ({
      id,
      statement: "s",
      source: "[paper]",
      prediction: "p",
      regime: "r",
      uses: ["e"],
      checks: {},
      measure: () => ({ values: {} }),
    })),
    figures: [{ id: "f", title: "F", caption: "c", uses: ["e"], spec: () => ({}) }],
  };
  const vs = [verdict("T-C1", "FAIL", "open"), verdict("T-C2", "UNDISCRIMINATING")];
  const page = reportHtml({
    papers: [paper],
    verdicts: vs,
    profile: "ci",
    runs: [],
    rendered: { toy: ["f"] },
    notes: {},
  });
  assert(page.includes('<meta name="viewport"'));
  assert(page.includes('<tr id="T-C1">') && page.includes('<tr id="T-C2">'));
  assert(
    page.includes('<figure id="fig-toy-f"') && page.includes('href="#fig-toy-f"') && page.includes('href="#T-C1"'),
  );
  assert(page.includes("full/index.html"), "link to the full profile");
  assert(page.includes("c = 2 outside [0, 1]"), "reason of a non-PASS");
  assertEquals(verdictKind(vs[0]), "FAIL_OPEN");
  assert(badge(vs[0]).includes("FAIL · not gating") && badge(vs[1]).includes("DOES NOT DISCRIMINATE"));
  assertEquals(
    page,
    reportHtml({ papers: [paper], verdicts: vs, profile: "ci", runs: [], rendered: { toy: ["f"] }, notes: {} }),
  );
});
