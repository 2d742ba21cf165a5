/**
 * kill -9 at random points of a forced run, each followed by a rerun: no corrupt entry, no `.tmp` or lock left,
 * results bit-identical to an uninterrupted run. Half the trials also start with what a kill inside a write
 * leaves (a half-written `.tmp` and its writer's lock). (Before the fix such a `.tmp` stayed for good.)
 */
import { assert, assertEquals } from "../../src/std/assert.ts";
import { finish, runToy, scanCache, seeded, spawnToy } from "./helpers.ts";

const TRIALS = 20;

Deno.test("faults: kill -9 at 20 random points of a forced run, then a rerun", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cg_kill_" });
  try {
    const t0 = performance.now();
    const base = await runToy("base", ["verify", "--force", "--cache", `${dir}/ref`, "--jobs", "2"]);
    assertEquals(base.code, 0, base.out + base.err);
    const fullMs = performance.now() - t0;
    const ref = await scanCache(`${dir}/ref`);
    assertEquals(ref.digests.size, 12);
    const rand = seeded(20261204);
    const tally = { tried: 0, lost: 0, crashed: 0, corrupt: 0, tmpLeft: 0 };
    for (let i = 0; i < TRIALS; i++) {
      const cache = `${dir}/c${i}`;
      // Half the trials start from a full cache (the forced run rewrites nothing), half from an empty one.
      if (i % 2 === 1) {
        await copyDir(`${dir}/ref`, cache);
        // And as a kill inside a write leaves it (random kills rarely land there): the writer's lock file and
        // its half-written temp file.
        const key = [...ref.digests.keys()][i % ref.digests.size];
        const entry = `${cache}/${key.slice(0, 2)}/${key}.json.gz`;
        const bytes = await Deno.readFile(entry);
        await Deno.writeFile(`${entry}.999999.deadbeef.tmp`, bytes.slice(0, Math.floor(bytes.length * rand())));
        await Deno.mkdir(`${cache}/.locks`, { recursive: true });
        await Deno.writeTextFile(`${cache}/.locks/${key}.lock`, `{"pid":999999,"since":0}\n`);
      }
      const delay = 150 + rand() * fullMs;
      const child = spawnToy("base", ["verify", "--force", "--cache", cache, "--jobs", "2"]);
      await new Promise((r) => setTimeout(r, delay));
      try {
        child.kill("SIGKILL");
      } catch { /* it finished first */ }
      await finish(child);
      const rerun = await runToy("base", ["verify", "--cache", cache, "--jobs", "2"]);
      const scan = await scanCache(cache);
      tally.tried++;
      if (rerun.code !== 0) tally.crashed++;
      tally.corrupt += scan.corrupt.length;
      tally.tmpLeft += scan.tmp.length + scan.locks.length;
      const same = scan.digests.size === ref.digests.size &&
        [...ref.digests].every(([k, d]) => scan.digests.get(k) === d);
      if (!same) tally.lost++;
      assertEquals(rerun.code, 0, `trial ${i} (kill after ${delay.toFixed(0)} ms): ${rerun.out}${rerun.err}`);
      assertEquals(scan.corrupt, [], `trial ${i}: corrupt entries`);
      assertEquals(scan.tmp, [], `trial ${i}: temp files left`);
      assertEquals(scan.locks, [], `trial ${i}: lock files left`);
      assert(same, `trial ${i}: results differ from the uninterrupted run`);
      await Deno.remove(cache, { recursive: true });
    }
    console.log(`kill -9: ${JSON.stringify(tally)}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyDir(`${from}/${e.name}`, `${to}/${e.name}`);
    else if (e.isFile) await Deno.copyFile(`${from}/${e.name}`, `${to}/${e.name}`);
  }
}
