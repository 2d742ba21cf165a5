/**
 * `verify`: every selected claim's verdict from cached (or freshly computed) runs, wrapped to the terminal's width;
 * `--json` prints the rows of claims.json, `--junit FILE` also writes JUnit XML, `--cached-only` never computes.
 * Exit 1 when a claim that should hold does not.
 *
 * @example
 * ```sh
 * deno task verify --cached-only --junit exports/verify.junit.xml
 * ```
 * @module
 */
import type { ClaimVerdict } from "../claims/mod.ts";
import { Cache, loadResults } from "../graph/mod.ts";
import { claimRows } from "../render/report.ts";
import { writeAtomic } from "../graph/io.ts";
import { EXIT } from "../core/mod.ts";
import { checksLine, junitXml } from "./junit.ts";
import {
  confirmLong,
  distinct,
  log,
  planStatus,
  runMissing,
  selectedClaims,
  type Session,
  summarize,
  verdicts,
} from "./session.ts";
import { terminalWidth, wrap } from "./wrap.ts";

/** One claim as wrapped text: verdict, paper, id and checks on the first line; the reason and detail below. */
export function verdictText(v: ClaimVerdict, width: number): string {
  const tags = [v.kind === "sanity" ? "[sanity]" : "", v.expect === "open" ? "[not gating]" : ""].filter(Boolean);
  const head = `${v.verdict.padEnd(16)} ${v.paper} ${v.id}${tags.length ? " " + tags.join(" ") : ""}  ${checksLine(v)}`;
  const out = [wrap(head, width, 17)];
  if (v.verdict !== "PASS") {
    if (v.reason) out.push(" ".repeat(17) + wrap(v.reason, width - 17, 0).replaceAll("\n", "\n" + " ".repeat(17)));
    if (v.detail) out.push(" ".repeat(17) + wrap(v.detail, width - 17, 0).replaceAll("\n", "\n" + " ".repeat(17)));
  }
  return out.join("\n");
}

/** Verifies; 0 when every gating claim passes, 1 otherwise. */
export async function cmdVerify(s: Session): Promise<number> {
  const { o } = s;
  const say = o.json ? (t: string) => console.error(t) : log;
  const statuses = await planStatus(s);
  say(summarize(statuses));
  const missing = distinct(statuses).filter((st) => !st.cached);
  // The full profile is the papers' scale (hours of compute): verify checks what is committed unless asked to compute.
  const cachedOnly = o.cachedOnly || (o.profile === "full" && !o.yes);
  if (cachedOnly && !o.cachedOnly && missing.length) {
    say(`--profile full verifies the committed results only (--yes computes the ${missing.length} missing runs)`);
  }
  if (cachedOnly) {
    if (missing.length) {
      say(`--cached-only: ${missing.length} runs not computed; the claims that read them are INCONCLUSIVE`);
    }
  } else if (!(await confirmLong(s, statuses))) {
    say("nothing computed; verify --cached-only gives the verdicts the cache supports");
    return 1;
  } else await runMissing(s, statuses);
  const cached = cachedOnly ? statuses.filter((st) => st.cached) : statuses;
  const { byPaper } = await loadResults(cached.map((st) => st.run), new Cache(o.cacheDir));
  const chosen = selectedClaims(s.papers, o.only);
  const vs = verdicts(s.papers, byPaper, o.profile).filter((v) => chosen.has(`${v.paper}/${v.id}`));
  if (o.junit) await writeAtomic(o.junit, junitXml(vs));
  if (o.json) log(JSON.stringify(claimRows(vs), null, 1));
  else {
    const width = terminalWidth();
    for (const v of vs) log(verdictText(v, width));
  }
  const bad = vs.filter((v) => v.expect === "hold" && v.verdict !== "PASS");
  const count = (k: string) => vs.filter((v) => v.verdict === k).length;
  say(wrap(
    `verify (${o.profile}, ${o.engine}): ${count("PASS")} PASS, ${count("FAIL")} FAIL, ${count("UNDISCRIMINATING")} ` +
      `UNDISCRIMINATING, ${count("INCONCLUSIVE")} INCONCLUSIVE${o.junit ? `; JUnit written to ${o.junit}` : ""}`,
    terminalWidth(),
    2,
  ));
  // A figure function that throws is a declaration bug: name paper and figure, and fail (exit 2).
  const { figureProblems } = await import("../render/outputs.ts");
  const figs = figureProblems(s.papers, byPaper, o.profile, cached.map((st) => st.run));
  for (const f of figs) console.error(`error: ${f}`);
  if (bad.length) {
    say(
      wrap(
        `claims that should hold but did not: ${bad.map((v) => `${v.id} (${v.verdict})`).join(", ")}`,
        terminalWidth(),
        2,
      ),
    );
  }
  return figs.length ? EXIT.usage : bad.length ? EXIT.claimFails : EXIT.ok;
}
