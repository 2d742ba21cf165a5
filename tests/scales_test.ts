import { assert, assertEquals } from "../src/std/assert.ts";
import { scaleRows, scalesMarkdown, whyDiffer } from "../src/render/scales.ts";

Deno.test("verdicts at both scales: paired by paper and claim, full first, reasons where they differ", () => {
  const full = [
    { paper: "p", id: "C1", verdict: "PASS", expect: "hold" },
    { paper: "p", id: "C2", verdict: "FAIL", expect: "open", reason: "slope 0.2 outside [0.4, 0.6]" },
  ];
  const ci = [
    { paper: "p", id: "C2", verdict: "PASS", expect: "open" },
    { paper: "p", id: "C1", verdict: "PASS", expect: "hold" },
    { paper: "q", id: "C9", verdict: "INCONCLUSIVE", expect: "hold", reason: "no runs" },
  ];
  const rows = scaleRows(full, ci);
  assertEquals(rows.map((r) => `${r.paper}/${r.id}:${r.differ}`), ["p/C1:false", "p/C2:true", "q/C9:false"]);
  assertEquals(whyDiffer(rows[1]), "full: slope 0.2 outside [0.4, 0.6]; ci: every check in its band");
  assertEquals(whyDiffer(rows[0]), "");
  const md = scalesMarkdown(rows);
  assert(md[3].includes("| FAIL (not gating) | PASS |"), md[3]);
  assert(md[4].includes("| – | INCONCLUSIVE |"), md[4]);
});
