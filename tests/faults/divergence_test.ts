/**
 * Diverging runs for each loss (square, logistic, exponential) on the f64 and wasm-f32 engines: the run is stored
 * with its finite prefix and `diverged at step k`, nothing non-finite is written, and the claims that use it are
 * INCONCLUSIVE "diverged (run …, step k)" — or FAIL where the claim predicts convergence. (Before the fix: an
 * uncaught `canonicalJson: non-finite number Infinity` and no verdicts at all.)
 */
import { assert, assertEquals } from "../../src/std/assert.ts";
import { nonFinitePath } from "../../src/core/divergence.ts";
import { EXIT } from "../../src/core/exit_codes.ts";
import { Cache } from "../../src/graph/cache.ts";
import { main } from "../../src/cli.ts";
import { runSingleIndexSgd, singleIndexSgdSchema } from "../../src/train/single_index_sgd.ts";
import { checkFields } from "../../src/core/schema.ts";
import type { JsonObject, RunSpec } from "../../src/core/types.ts";
import { crashLine } from "./helpers.ts";
import { LOSSES, toyPaper } from "./toy.ts";

for (const engine of ["f64", "wasm-f32"]) {
  Deno.test(`faults: diverging runs of every loss on ${engine} are results, not crashes`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "cg_div_" });
    const tally = { tried: 0, crashed: 0, nonFinite: 0, passedAsResult: 0 };
    try {
      for (const loss of LOSSES) {
        const paper = toyPaper(`diverge-${loss}`, 3);
        const lines: string[] = [];
        const origLog = console.log, origErr = console.error;
        console.log = (...a: unknown[]) => void lines.push(a.join(" "));
        console.error = (...a: unknown[]) => void lines.push(a.join(" "));
        let code;
        try {
          code = await main(["verify", "--engine", engine, "--cache", `${dir}/${loss}`, "--jobs", "2"], [paper]);
        } finally {
          console.log = origLog, console.error = origErr;
        }
        const out = lines.join("\n");
        tally.tried++;
        if (crashLine(out) || out.includes("canonicalJson")) tally.crashed++;
        assertEquals(crashLine(out), undefined, out);
        assertEquals(code, EXIT.claimFails, `${loss}: ${out}`);
        assert(/INCONCLUSIVE +toy T-C1 [^\n]*\n +diverged \(run [0-9a-f]{12}, step \d+\)/.test(out), `${loss}: ${out}`);
        assert(
          /FAIL +toy T-C2 [^\n]*\n +diverged \(run [0-9a-f]{12}, step \d+\)[\s\S]*?predicts\s+convergence/.test(out),
          out,
        );
        if (/PASS +toy T-C/.test(out)) tally.passedAsResult++;
        const cache = new Cache(`${dir}/${loss}`);
        const keys = await cache.keys();
        assertEquals(keys.length, 3, `${loss}: every run is stored`);
        for (const k of keys) {
          const got = await cache.read(k);
          assertEquals(got.status, "hit");
          if (got.status !== "hit") continue;
          const r = got.entry.result as { stop: string; divergedAt: number; step: number[]; loss: number[] };
          assert(/^diverged at step \d+$/.test(r.stop), `${loss}: stop = ${r.stop}`);
          assertEquals(r.stop, `diverged at step ${r.divergedAt}`);
          assert(r.step.every((s) => s <= r.divergedAt), `${loss}: the prefix ends by step ${r.divergedAt}`);
          if (nonFinitePath(got.entry.result)) tally.nonFinite++;
          assertEquals(nonFinitePath(got.entry.result), undefined);
        }
      }
    } finally {
      console.log(`diverging runs (${engine}): ${JSON.stringify(tally)}`);
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("faults: a diverging single-index SGD run keeps its finite prefix", () => {
  const { spec, problems } = checkFields(singleIndexSgdSchema, {
    d: 4,
    m: 8,
    eps: 1,
    lr: 1e200,
    steps: 50,
    seed: 0,
    phi: [0, 1],
    sigma: [0, 1],
    initScaleA: 1,
  } as JsonObject);
  assertEquals(problems, []);
  const r = runSingleIndexSgd({ task: "single_index_sgd", ...spec } as RunSpec) as { stop: string };
  assertEquals(nonFinitePath(r), undefined, JSON.stringify(r).slice(0, 300));
  assert(/^diverged at step \d+$/.test(r.stop), r.stop);
});
