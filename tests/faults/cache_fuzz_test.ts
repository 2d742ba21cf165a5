/**
 * Fuzzed cache entries: random byte flips and truncations over a sample of real entries (as the cache writes them
 * now, with their checksum): 100 % read as corrupt, never as a result. (Before the fix a flipped byte in the
 * provenance, or one that changed a number's spelling but not its value, was read as a hit.)
 */
import { assertEquals } from "../../src/std/assert.ts";
import { Cache, type CacheEntry } from "../../src/graph/cache.ts";
import { seeded } from "./helpers.ts";

const REAL = new Cache(new URL("../../data/cache", import.meta.url).pathname);
const SAMPLE = 24, MUTATIONS = 1200;

Deno.test("faults: fuzzed cache entries (byte flips, truncations) are all detected", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cg_fuzz_" });
  try {
    const keys = await REAL.keys();
    const rand = seeded(42);
    const sample = Array.from(
      { length: Math.min(SAMPLE, keys.length) },
      (_, i) => keys[Math.floor((i + rand()) * keys.length / SAMPLE)],
    );
    const cache = new Cache(dir);
    const originals: { key: string; bytes: Uint8Array }[] = [];
    for (const k of sample) {
      const got = await REAL.read(k);
      if (got.status !== "hit") continue;
      const { digest: _d, sum: _s, ...entry } = got.entry as CacheEntry;
      await cache.write(entry);
      originals.push({ key: k, bytes: await Deno.readFile(cache.pathOf(k)) });
    }
    const tally = { tried: 0, flips: 0, truncations: 0, undetected: 0 };
    const missed: string[] = [];
    for (let i = 0; i < MUTATIONS; i++) {
      const { key, bytes } = originals[i % originals.length];
      const b = bytes.slice();
      let what: string;
      if (i % 3 === 2) {
        const at = Math.floor(rand() * b.length);
        what = `truncated at ${at} of ${b.length}`;
        await Deno.writeFile(cache.pathOf(key), b.subarray(0, at));
        tally.truncations++;
      } else {
        const flips = 1 + Math.floor(rand() * 3);
        const at: number[] = [];
        for (let f = 0; f < flips; f++) {
          const j = Math.floor(rand() * b.length);
          b[j] ^= 1 + Math.floor(rand() * 255);
          at.push(j);
        }
        what = `flipped bytes ${at.join(", ")}`;
        await Deno.writeFile(cache.pathOf(key), b);
        tally.flips++;
      }
      tally.tried++;
      const same = b.length === bytes.length && b.every((x, j) => x === bytes[j]);
      const got = await cache.read(key);
      if (got.status === "hit" && !(same && i % 3 !== 2)) tally.undetected++, missed.push(`${key}: ${what}`);
      await Deno.writeFile(cache.pathOf(key), bytes);
    }
    console.log(`fuzzed cache entries: ${JSON.stringify(tally)} over ${originals.length} real entries`);
    assertEquals(missed, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
