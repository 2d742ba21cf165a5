/**
 * Two and three processes on one cache: every run is computed once (the others wait for it or take other runs),
 * no entry is corrupt, nothing is left behind, and the results equal a single process's. (Before the fix every
 * process computed every run.)
 */
import { assert, assertEquals } from "../../src/std/assert.ts";
import { computedCounts, crashLine, finish, runToy, scanCache, spawnToy } from "./helpers.ts";

async function race(n: number, cache: string, force: boolean) {
  const args = ["verify", ...(force ? ["--force"] : []), "--cache", cache, "--jobs", "1"];
  const children = Array.from({ length: n }, () => spawnToy("base", args));
  return await Promise.all(children.map(finish));
}

Deno.test("faults: 2 and 3 concurrent processes on one cache compute each run once", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cg_conc_" });
  try {
    const ref = await runToy("base", ["verify", "--cache", `${dir}/ref`, "--jobs", "2"]);
    assertEquals(ref.code, 0, ref.out + ref.err);
    const want = (await scanCache(`${dir}/ref`)).digests;
    const cases: [number, boolean][] = [[2, false], [3, false], [2, true], [3, true]];
    for (const [n, force] of cases) {
      const cache = `${dir}/c${n}${force ? "f" : ""}`;
      // Forced races start from a full cache: each run is recomputed once in all, and not rewritten.
      if (force) await runToy("base", ["verify", "--cache", cache, "--jobs", "2"]);
      const outs = await race(n, cache, force);
      const label = `${n} processes${force ? ", --force" : ""}`;
      for (const o of outs) {
        assertEquals(o.code, 0, `${label}: ${o.out}${o.err}`);
        assertEquals(crashLine(o.out + o.err), undefined, label);
      }
      const counts = outs.map((o) => computedCounts(o.out));
      const work = counts.reduce((s, c) => s + c.computed + c.unchanged, 0);
      const waited = counts.reduce((s, c) => s + c.byOthers, 0);
      const seen = JSON.stringify(counts);
      if (!force) assertEquals(work, want.size, `${label}: each run computed once in all (${seen})`);
      // --force counts an entry as fresh once it was written after the process started; a process that starts
      // late may redo a few runs another finished before it started, but never the whole selection again.
      else assert(work >= want.size && work < 1.5 * want.size, `${label}: runs computed in all (${seen})`);
      assert(waited > 0, `${label}: no process waited for another (${seen})`);
      const scan = await scanCache(cache);
      assertEquals([scan.corrupt, scan.tmp, scan.locks], [[], [], []], label);
      assert([...want].every(([k, d]) => scan.digests.get(k) === d), `${label}: results differ`);
      console.log(`${label}: ${JSON.stringify(counts)}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
