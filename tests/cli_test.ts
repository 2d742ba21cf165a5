/**
 * The command line: `diff` between two revisions of a results repository, `verify --junit` read back by a JUnit
 * parser, `graph` naming every claim and experiment, `--set` overrides, `plan`'s changed fields, and usage errors
 * (exit 2 with did-you-mean).
 */
import { assert, assertEquals } from "../src/std/assert.ts";
import { parse as parseJunit, type TestSuites } from "junit2json";
import type { Claim, Paper } from "../src/core/declare.ts";
import { papers as declared } from "../pipeline/mod.ts";
import { main } from "../src/cli.ts";
import { lossRatio, lossRatioClaim, toyPaper as toy } from "./fixtures/toy.ts";
import { closest } from "../src/cli/suggest.ts";
import { wrap } from "../src/cli/wrap.ts";
import { defaultEngine, profileEngines } from "../src/cli/profiles.ts";
import { engineIds } from "../src/core/engine_ids.ts";

/** Runs the CLI with stdout and stderr captured. */
async function cli(args: string[], papers: Paper[] = declared): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [], err: string[] = [];
  const { log, error } = console;
  console.log = (...a: unknown[]) => out.push(a.join(" "));
  console.error = (...a: unknown[]) => err.push(a.join(" "));
  try {
    return { code: await main(args, papers), out: out.join("\n"), err: err.join("\n") };
  } finally {
    console.log = log, console.error = error;
  }
}

const claim = (id: string, hi: number, extra: Partial<Claim> = {}): Claim =>
  lossRatioClaim(hi, "short", { id, statement: `The loss falls below ${hi} of its start <&>.`, ...extra });

/** A toy paper whose four claims give PASS, FAIL (not gating), FAIL and UNDISCRIMINATING. */
const toyPaper = (): Paper =>
  toy({
    base: { n: 20, m: 6, steps: 100, linear: 10, perDecade: 4 },
    claims: [
      claim("T-C1", 0.9),
      claim("T-C2", 1e-9, { expect: "open", expectWhy: "measured not to hold" }),
      claim("T-C3", 1e-9),
      claim("T-C4", 0.9, { control: { regime: "the same runs", uses: ["short"], measure: lossRatio() } }),
    ],
    figures: [],
  });

Deno.test("verify --junit writes valid JUnit: one testcase per claim, gating failures failed, not gating skipped", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const flags = ["--cache", `${dir}/cache`, "--jobs", "1"];
    const r = await cli(["verify", ...flags, "--junit", `${dir}/out/verify.xml`], [toyPaper()]);
    assertEquals(r.code, 1, r.out + r.err);
    assert(r.out.includes("should hold but did not: T-C3 (FAIL), T-C4 (UNDISCRIMINATING)"), r.out);
    const parsed = await parseJunit(await Deno.readTextFile(`${dir}/out/verify.xml`)) as TestSuites;
    assertEquals(parsed.tests, 4);
    assertEquals(parsed.failures, 2);
    const cases = parsed.testsuite![0].testcase!;
    assertEquals(cases.map((c) => c.name!.split(":")[0]), ["T-C1", "T-C2", "T-C3", "T-C4"]);
    assertEquals(cases.map((c) => c.failure ? "failure" : c.skipped ? "skipped" : "passed"), [
      "passed",
      "skipped",
      "failure",
      "failure",
    ]);
    assert(cases[1].skipped![0].message!.startsWith("not gating: FAIL"), JSON.stringify(cases[1]));
    assertEquals(cases[3].failure![0].type, "UNDISCRIMINATING");
    assert(cases[0].name!.includes("<&>"), "escaped text reads back");

    const json = await cli(["verify", ...flags, "--json", "--cached-only"], [toyPaper()]);
    assertEquals(JSON.parse(json.out).map((c: { verdict: string }) => c.verdict), [
      "PASS",
      "FAIL",
      "FAIL",
      "UNDISCRIMINATING",
    ]);

    // plan names a changed field; --set is validated like a declaration and keyed apart.
    const changed = toyPaper();
    changed.experiments[0].base.m = 7;
    const plan = await cli(["plan", ...flags], [changed]);
    assert(plan.out.includes("spec changed (m: 6 → 7)"), plan.out);
    assert(plan.out.includes("estimate:"), plan.out);
    const bad = await cli(["plan", ...flags, "--set", "nosuch=1"], [toyPaper()]);
    assertEquals(bad.code, 2, bad.err);
    assert(bad.err.includes("nosuch"), bad.err);
    const refused = await cli(["repro", ...flags, "--set", "lr=0.2", "--out", "figures"], [toyPaper()]);
    assertEquals(refused.code, 2, refused.err);
    const set = await cli(["plan", ...flags, "--set", "lr=0.2"], [toyPaper()]);
    assert(set.out.includes("overridden: lr=0.2") && set.out.includes("2 to run (2 spec changed)"), set.out);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Runs git in `dir`. */
async function git(dir: string, ...args: string[]): Promise<void> {
  const r = await new Deno.Command("git", {
    args: ["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", ...args],
    cwd: dir,
    stdout: "null",
    stderr: "piped",
  }).output();
  assert(r.success, new TextDecoder().decode(r.stderr));
}

const row = (id: string, verdict: string, lo: number, value: number) => ({
  paper: "toy",
  id,
  verdict,
  expect: "hold",
  kind: "claim",
  checks: [{ name: "x", label: "x", band: { lo }, value, pass: value >= lo }],
});

Deno.test("diff HEAD~1 after a commit that changes one claim's band shows exactly that claim", async () => {
  const dir = await Deno.makeTempDir();
  const cwd = Deno.cwd();
  const write = (rows: unknown[]) =>
    Deno.writeTextFile(`${dir}/figures/claims.json`, JSON.stringify({ profile: "ci", claims: rows }, null, 1));
  try {
    await Deno.mkdir(`${dir}/figures/toy`, { recursive: true });
    await git(dir, "init", "-q");
    await write([row("T-C1", "PASS", 1, 2), row("T-C2", "PASS", 1, 3)]);
    await Deno.writeTextFile(`${dir}/figures/toy/f.vl.json`, "{}");
    await git(dir, "add", "-A"), await git(dir, "commit", "-qm", "one");
    await write([row("T-C1", "PASS", 1, 2), row("T-C2", "PASS", 1.5, 3)]);
    await git(dir, "commit", "-qam", "two: a band");
    Deno.chdir(dir);
    const d = await cli(["diff", "HEAD~1"]);
    assertEquals(d.code, 0, d.out + d.err);
    const lines = d.out.split("\n").filter((l) => l.includes(" toy "));
    assertEquals(lines.length, 1, d.out);
    assert(lines[0].includes("T-C2: x band ≥ 1 → ≥ 1.5"), d.out);
    assert(d.out.includes("1 claim(s) changed, 0 figure(s) changed"), d.out);

    // A gating verdict change and a changed figure in the working tree: exit 1; --md and --html.
    await write([row("T-C1", "FAIL", 3, 2), row("T-C2", "PASS", 1.5, 3)]);
    await Deno.writeTextFile(`${dir}/figures/toy/f.vl.json`, '{"data":1}');
    await Deno.writeTextFile(`${dir}/figures/toy/f.svg`, "<svg>after</svg>");
    const md = await cli(["diff", "--md", "--html", `${dir}/diff.html`]);
    assertEquals(md.code, 1, md.out + md.err);
    assert(md.out.includes("| `figures` | toy T-C1 ⚠️ | PASS → **FAIL** |"), md.out);
    assert(md.out.includes("Figures changed in `figures/`: `toy/f`"), md.out);
    assert((await Deno.readTextFile(`${dir}/diff.html`)).includes("<svg>after</svg>"));
    const badRev = await cli(["diff", "nosuchrev"]);
    assertEquals(badRev.code, 2, badRev.err);
  } finally {
    Deno.chdir(cwd);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("graph lists every claim and experiment of every paper (text, Mermaid, DOT)", async () => {
  for (const format of [[], ["--mermaid"], ["--dot"]]) {
    const g = await cli(["graph", ...format]);
    assertEquals(g.code, 0, g.err);
    for (const p of declared) {
      for (const name of [...p.claims.map((c) => c.id), ...p.experiments.map((e) => e.id)]) {
        assert(g.out.includes(name), `${format} lacks ${p.id} ${name}`);
      }
    }
  }
});

Deno.test("usage errors exit 2 and suggest the closest names", async () => {
  const cases: [string[], string][] = [
    [["verfy"], "did you mean verify?"],
    [["plan", "--forse"], "did you mean --force?"],
    [["plan", "--only", "chen2O24"], "did you mean chen2024"],
    [["plan", "--only", "nosuch"], "no paper, claim or experiment"],
    [["plan", "--jobs", "-1"], "--jobs must be a whole number ≥ 1"],
    [["plan", "--engine", "wasm-f33"], "did you mean wasm-f32"],
    [["graph", "--junit", "x"], "graph does not take --junit"],
    [["help", "grpah"], "did you mean graph?"],
  ];
  for (const [args, message] of cases) {
    const r = await cli(args);
    assertEquals(r.code, 2, args.join(" "));
    assert(r.err.includes(message), `${args.join(" ")}: ${r.err}`);
  }
  const h = await cli(["repro", "-h"]);
  assertEquals(h.code, 0);
  assert(h.out.includes("--set FIELD=VALUE"), h.out);
  assertEquals(closest("P1-C9", ["P1-C1", "P1-C2", "P3-C1"]).slice(0, 2), ["P1-C1", "P1-C2"]);
  assertEquals(wrap("aaa bbb ccc", 7, 2), "aaa bbb\n  ccc");
});

Deno.test("each profile's default engine has the profile's declared precision", () => {
  for (const [profile, { precision, engine }] of Object.entries(profileEngines)) {
    assertEquals(engineIds[engine].precision, precision, profile);
    assertEquals(defaultEngine(profile as "ci" | "full"), engine);
  }
});
