/**
 * Outputs and reruns: a deleted figure or an edited `claims.json` is noticed by the stamp and rendered again; a
 * figure function that throws names paper and figure and fails `verify` (exit 2); a forced rerun whose results are
 * bit-identical rewrites no cache entry. (Before the fix: "figures and report up to date" with a file missing,
 * "error: boom in figure" with `verify` passing, and every entry rewritten with a new date and wall time.)
 */
import { assert, assertEquals, assertNotEquals } from "../../src/std/assert.ts";
import { main } from "../../src/cli.ts";
import { EXIT } from "../../src/core/exit_codes.ts";
import { listFiles } from "./helpers.ts";
import { toyPaper } from "./toy.ts";

async function cli(args: string[], variant = "base"): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const origLog = console.log, origErr = console.error;
  console.log = (...a: unknown[]) => void lines.push(a.join(" "));
  console.error = (...a: unknown[]) => void lines.push(a.join(" "));
  try {
    return { code: await main(args, [toyPaper(variant, 3)]), out: lines.join("\n") };
  } finally {
    console.log = origLog, console.error = origErr;
  }
}

Deno.test("faults: deleted and edited outputs are re-rendered; identical reruns rewrite nothing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cg_out_" });
  const flags = ["--cache", `${dir}/cache`, "--out", `${dir}/fig`, "--jobs", "2"];
  try {
    const first = await cli(["repro", ...flags]);
    assertEquals(first.code, 0, first.out);
    const claims = await Deno.readTextFile(`${dir}/fig/claims.json`);
    const svg = await Deno.readFile(`${dir}/fig/toy/loss.svg`);
    assert((await cli(["repro", ...flags])).out.includes("up to date"));

    await Deno.remove(`${dir}/fig/toy/loss.svg`);
    const afterDelete = await cli(["repro", ...flags]);
    assert(!afterDelete.out.includes("up to date"), `a deleted figure is noticed: ${afterDelete.out}`);
    assertEquals((await Deno.readFile(`${dir}/fig/toy/loss.svg`)).length > 0 && svg.length > 0, true, "and restored");

    // Same size, different bytes (an edited verdict), written after the stamp.
    await Deno.writeTextFile(`${dir}/fig/claims.json`, claims.replace("PASS", "FAIL"));
    const afterEdit = await cli(["repro", ...flags]);
    assert(!afterEdit.out.includes("up to date"), `an edited claims.json is noticed: ${afterEdit.out}`);
    assertEquals(await Deno.readTextFile(`${dir}/fig/claims.json`), claims, "and restored");
    assert((await cli(["repro", ...flags])).out.includes("up to date"));

    // A forced rerun with bit-identical results rewrites no entry (provenance of the first computation stays).
    const entries = (await listFiles(`${dir}/cache`)).filter((f) => f.endsWith(".json.gz"));
    const before = await Promise.all(entries.map((f) => Deno.readFile(`${dir}/cache/${f}`)));
    await new Promise((r) => setTimeout(r, 20)); // so a rewrite would record another wall time
    const forced = await cli(["repro", "--force", ...flags]);
    assertEquals(forced.code, 0, forced.out);
    assert(forced.out.includes(`${entries.length} bit-identical (not rewritten)`), forced.out);
    const after = await Promise.all(entries.map((f) => Deno.readFile(`${dir}/cache/${f}`)));
    assertEquals(after, before, "no entry rewritten");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("faults: a throwing figure names paper and figure and fails verify and repro", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cg_fig_" });
  const flags = ["--cache", `${dir}/cache`, "--out", `${dir}/fig`, "--jobs", "2"];
  try {
    const v = await cli(["verify", ...flags], "figure-throws");
    assertEquals(v.code, EXIT.usage, v.out);
    assert(v.out.includes("error: paper toy, figure loss: boom in figure"), v.out);
    const r = await cli(["repro", ...flags], "figure-throws");
    assertEquals(r.code, EXIT.usage, r.out);
    assert(r.out.includes("error: paper toy, figure loss: boom in figure"), r.out);
    const ok = await cli(["verify", ...flags]);
    assertEquals(ok.code, EXIT.ok, ok.out);
    assertNotEquals(ok.out.includes("boom"), true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
