import { assert, assertEquals } from "../src/std/assert.ts";
import { auditSample, firstDifference } from "../src/graph/audit.ts";
import { Cache } from "../src/graph/cache.ts";
import type { Paper } from "../src/core/declare.ts";
import type { PlannedRun } from "../src/graph/plan.ts";
import { canonicalJson, sha256Hex } from "../src/core/hash.ts";
import { main } from "../src/cli.ts";
import { toyPaper } from "./fixtures/toy.ts";

Deno.test("firstDifference finds the first differing value, bit-exact or to a relative tolerance", () => {
  assertEquals(firstDifference({ a: [1, 2], b: 3 }, { a: [1, 2], b: 3 }), undefined);
  assertEquals(firstDifference({ a: [1, 2], b: 3 }, { a: [1, 2.5], b: 4 }), { path: "a[1]", got: 2, want: 2.5 });
  assertEquals(firstDifference({ x: 1 + 1e-7 }, { x: 1 }, { rtol: 1e-6 }), undefined);
  assert(firstDifference({ x: 1 + 1e-7 }, { x: 1 }) !== undefined);
  assertEquals(firstDifference({ ms: 3, y: 1 }, { ms: 9, y: 1 }, { skip: ["ms"] }), undefined);
  assertEquals(firstDifference({ y: [1, 2] }, { y: [1] }), { path: "y.length", got: 2, want: 1 });
});

Deno.test("the audit sample is fixed by its seed and drawn from the cheapest runs", async () => {
  const runs = Array.from({ length: 40 }, (_, i) => ({ key: `k${i}`, work: i }) as unknown as PlannedRun);
  const a = await auditSample(runs, 5, "commit-a", 0.25), b = await auditSample(runs, 5, "commit-a", 0.25);
  assertEquals(a.map((r) => r.key), b.map((r) => r.key));
  assert(a.every((r) => r.work < 10), "drawn from the cheapest quarter");
  const c = await auditSample(runs, 5, "commit-b", 0.25);
  assert(a.map((r) => r.key).join() !== c.map((r) => r.key).join(), "another seed, another sample");
});

const toy: Paper = toyPaper({ base: { steps: 100, linear: 10 }, fullSeeds: [0, 1], claims: [], figures: [] });

Deno.test("audit passes on honest entries and names the run and value of one edited with its digest", async () => {
  const dir = await Deno.makeTempDir();
  const quiet = console.log, lines: string[] = [];
  console.log = (...a: unknown[]) => lines.push(a.join(" "));
  try {
    const flags = ["--cache", `${dir}/cache`];
    const audit = ["audit", ...flags, "--seed", "s", "--sample", "2", "--cheapest", "1"];
    assertEquals(await main(["verify", ...flags, "--out", `${dir}/out`], [toy]), 0);
    assertEquals(await main(audit, [toy]), 0);
    // Edit one number consistently: the digest is rewritten, so every integrity check passes.
    const cache = new Cache(`${dir}/cache`);
    const [key] = await cache.keys();
    const hit = await cache.read(key);
    if (hit.status !== "hit") throw new Error(hit.status);
    const result = structuredClone(hit.entry.result) as { loss: number[] };
    result.loss[3] *= 1.000001;
    await cache.write({ ...hit.entry, result });
    const reread = await cache.read(key);
    assertEquals(reread.status, "hit");
    assert(reread.status === "hit" && reread.entry.digest === await sha256Hex(canonicalJson(result)));
    lines.length = 0;
    assertEquals(await main(audit, [toy]), 1);
    const out = lines.join("\n");
    assert(out.includes(`MISMATCH ${key.slice(0, 12)} toy/short`), out);
    assert(out.includes("first difference at loss[3]"), out);
  } finally {
    console.log = quiet;
    await Deno.remove(dir, { recursive: true });
  }
});
