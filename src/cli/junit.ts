/**
 * Verdicts as JUnit XML, so any CI shows claims as tests: one testsuite per paper, one testcase per claim. A
 * gating claim that is not PASS (FAIL, UNDISCRIMINATING, INCONCLUSIVE) is a failure; a not-gating claim that is
 * not PASS is skipped with the reason; sanity checks are test cases of their own suite class (`sanity`).
 *
 * @example
 * ```ts
 * import { junitXml } from "./junit.ts";
 * console.log(junitXml([]).split("\n")[1]); // '<testsuites name="claimgraph verify" tests="0" failures="0" skipped="0">'
 * ```
 * @module
 */
import { type ClaimVerdict, formatBand } from "../claims/mod.ts";

/** Escapes text for an XML attribute or element. */
export function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!)
    // deno-lint-ignore no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "");
}

/** What a verdict is in JUnit terms. */
export function junitOutcome(v: ClaimVerdict): "passed" | "failure" | "skipped" {
  if (v.verdict === "PASS") return "passed";
  return v.expect === "hold" ? "failure" : "skipped";
}

/** The checks as one line: `slope 1.02 in [0.9, 1.1]; …`. */
export function checksLine(v: ClaimVerdict): string {
  return v.checks.map((c) =>
    `${c.name} ${c.measured && Number.isFinite(c.measured.value) ? c.measured.value.toPrecision(4) : "–"} ${
      formatBand(c.band)
    }`
  ).join("; ");
}

/** The JUnit XML document of `verdicts`. */
export function junitXml(verdicts: readonly ClaimVerdict[]): string {
  const papers = [...new Set(verdicts.map((v) => v.paper))];
  const count = (vs: readonly ClaimVerdict[], k: string) => vs.filter((v) => junitOutcome(v) === k).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="claimgraph verify" tests="${verdicts.length}" failures="${
      count(verdicts, "failure")
    }" skipped="${count(verdicts, "skipped")}">`,
  ];
  for (const p of papers) {
    const vs = verdicts.filter((v) => v.paper === p);
    lines.push(
      `  <testsuite name="${xmlEscape(p)}" tests="${vs.length}" failures="${
        count(vs, "failure")
      }" errors="0" skipped="${count(vs, "skipped")}">`,
    );
    for (const v of vs) {
      const name = `${v.id}: ${v.statement}`;
      const classname = `${p}.${v.kind === "sanity" ? "sanity" : "claims"}`;
      const message = `${v.verdict}${v.reason ? `: ${v.reason}` : ""}`;
      const body = [`profile ${v.profile}; ${checksLine(v)}`, v.detail ?? ""].filter(Boolean).join("\n");
      lines.push(`    <testcase name="${xmlEscape(name)}" classname="${xmlEscape(classname)}">`);
      const outcome = junitOutcome(v);
      if (outcome === "failure") {
        lines.push(`      <failure message="${xmlEscape(message)}" type="${v.verdict}">${xmlEscape(body)}</failure>`);
      } else if (outcome === "skipped") {
        lines.push(
          `      <skipped message="${xmlEscape(`not gating: ${message}${v.expectWhy ? ` (${v.expectWhy})` : ""}`)}"/>`,
        );
      }
      lines.push(`      <system-out>${xmlEscape(body)}</system-out>`, "    </testcase>");
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return lines.join("\n") + "\n";
}
