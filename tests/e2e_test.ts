/**
 * End to end: a toy paper through `repro` (plan → workers → cache → claims → figures → report), then a no-op
 * repro, a corrupted entry that is recomputed, and `verify`'s exit codes.
 */
import { gunzip } from "../src/graph/cache.ts";
import { assert, assertEquals } from "../src/std/assert.ts";
import type { Paper } from "../src/core/declare.ts";
import { main } from "../src/cli.ts";
import { lossRatioClaim, toyPaper as toy } from "./fixtures/toy.ts";

/** The shared toy paper, its claim asking L_end/L0 ≤ `band.hi`. */
const toyPaper = (band: { hi: number }): Paper => toy({ claims: [lossRatioClaim(band.hi)] });

/** Runs the CLI with console output captured. */
async function cli(args: string[], paper: Paper): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const orig = console.log;
  console.log = (...a: unknown[]) => lines.push(a.join(" "));
  try {
    return { code: await main(args, [paper]), out: lines.join("\n") };
  } finally {
    console.log = orig;
  }
}

Deno.test("repro, no-op, corrupt entry, verify: the whole pipeline on a toy paper", async () => {
  const dir = await Deno.makeTempDir();
  const flags = ["--cache", `${dir}/cache`, "--out", `${dir}/fig`, "--jobs", "2"];
  try {
    const first = await cli(["repro", ...flags], toyPaper({ hi: 0.5 }));
    assertEquals(first.code, 0, first.out);
    assert(first.out.includes("0 runs cached, 2 to run (2 new)"), first.out);
    for (const f of ["REPORT.md", "claims.json", "toy/loss.svg", "toy/loss.png", "toy/loss.vl.json"]) {
      assert((await Deno.stat(`${dir}/fig/${f}`)).size > 0, f);
    }
    const report = await Deno.readTextFile(`${dir}/fig/REPORT.md`);
    assert(report.includes("| T-C1 |") && report.includes("PASS"), report);
    const svg = await Deno.readTextFile(`${dir}/fig/toy/loss.svg`);
    assert(svg.startsWith("<svg"), "an SVG");

    const again = await cli(["repro", ...flags], toyPaper({ hi: 0.5 }));
    assert(again.out.includes("2 runs cached, 0 to run"), again.out);
    assert(again.out.includes("up to date"), again.out);
    assertEquals(await Deno.readTextFile(`${dir}/fig/REPORT.md`), report, "same results, same bytes");

    // plan says why a run would rerun: a changed spec, or a changed engine.
    const longer = toyPaper({ hi: 0.5 });
    longer.experiments[0].base.steps = 201;
    const specChanged = await cli(["plan", ...flags], longer);
    assert(specChanged.out.includes("0 runs cached, 2 to run (2 spec changed)"), specChanged.out);
    const engineChanged = await cli(["plan", ...flags, "--engine", "wasm-f32"], toyPaper({ hi: 0.5 }));
    assert(engineChanged.out.includes("0 runs cached, 2 to run (2 engine changed)"), engineChanged.out);

    // Corrupt one entry: it is detected and recomputed to the same numbers.
    const sub = [...Deno.readDirSync(`${dir}/cache`)].find((e) => e.isDirectory)!.name;
    const file = [...Deno.readDirSync(`${dir}/cache/${sub}`)][0].name;
    const path = `${dir}/cache/${sub}/${file}`;
    const goodBytes = await Deno.readFile(path), good = await gunzip(goodBytes);
    await Deno.writeFile(path, goodBytes.slice(0, 100));
    const plan = await cli(["plan", ...flags], toyPaper({ hi: 0.5 }));
    assert(plan.out.includes("1 corrupt"), plan.out);
    const fixed = await cli(["repro", ...flags], toyPaper({ hi: 0.5 }));
    assertEquals(fixed.code, 0);
    assert(fixed.out.includes("corrupt cache entry"), fixed.out);
    const recomputed = JSON.parse(await gunzip(await Deno.readFile(path)));
    assertEquals(recomputed.result, JSON.parse(good).result);

    const pass = await cli(["verify", ...flags], toyPaper({ hi: 0.5 }));
    assertEquals(pass.code, 0, pass.out);
    const fail = await cli(["verify", ...flags], toyPaper({ hi: 1e-9 }));
    assertEquals(fail.code, 1, fail.out);
    assert(fail.out.includes("should hold but did not: T-C1 (FAIL)"), fail.out);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
