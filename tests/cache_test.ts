import { assertEquals } from "../src/std/assert.ts";
import { Cache, gunzip, gzip } from "../src/graph/cache.ts";
import { runKey } from "../src/core/hash.ts";
import type { EngineId, RunSpec } from "../src/core/types.ts";

const engine: EngineId = { engine: "f64", backend: "js", precision: "float64", numerics: "1" };
const spec: RunSpec = { task: "two_layer", m: 3 };
const provenance = { device: "test", wallMs: 1, date: "2026-01-01", taskVersion: "1", runtime: "test" };

async function withEntry(fn: (cache: Cache, key: string, path: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    const cache = new Cache(dir);
    const key = await runKey(spec, engine, "1");
    await cache.write({ key, spec, engine, provenance, result: { loss: [1, 0.5, 0.25] } });
    await fn(cache, key, cache.pathOf(key));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const readText = async (path: string) => await gunzip(await Deno.readFile(path));
const writeText = async (path: string, text: string) => await Deno.writeFile(path, await gzip(text));

Deno.test("a written entry reads back intact; an absent one is missing", async () => {
  await withEntry(async (cache, key) => {
    const got = await cache.read(key);
    assertEquals(got.status, "hit");
    if (got.status === "hit") assertEquals(got.entry.result, { loss: [1, 0.5, 0.25] });
    assertEquals((await cache.read("f".repeat(64))).status, "missing");
    assertEquals(await cache.keys(), [key]);
  });
});

Deno.test("a truncated entry is detected as corrupt", async () => {
  await withEntry(async (cache, key, path) => {
    const bytes = await Deno.readFile(path);
    await Deno.writeFile(path, bytes.slice(0, bytes.length / 2));
    const got = await cache.read(key);
    assertEquals(got.status, "corrupt");
  });
});

Deno.test("an edited result is detected by its digest", async () => {
  await withEntry(async (cache, key, path) => {
    await writeText(path, (await readText(path)).replace("0.25", "0.26"));
    const got = await cache.read(key);
    assertEquals(got.status, "corrupt");
    if (got.status === "corrupt") assertEquals(got.reason, "result edited (digest mismatch)");
  });
});

Deno.test("an edited spec is detected by its key", async () => {
  await withEntry(async (cache, key, path) => {
    await writeText(path, (await readText(path)).replace('"m":3', '"m":4'));
    const got = await cache.read(key);
    assertEquals(got.status, "corrupt");
    if (got.status === "corrupt") assertEquals(got.reason, "spec or engine edited (hash mismatch)");
  });
});

Deno.test("writes leave no temp files behind", async () => {
  await withEntry(async (cache, key) => {
    const dir = cache.pathOf(key).slice(0, cache.pathOf(key).lastIndexOf("/"));
    const names = [];
    for await (const e of Deno.readDir(dir)) names.push(e.name);
    assertEquals(names, [`${key}.json.gz`]);
  });
});

Deno.test("entries are gzip'd, deterministically; an entry in the old plain format still reads, digest unchanged", async () => {
  await withEntry(async (cache, key, path) => {
    const bytes = await Deno.readFile(path);
    assertEquals([bytes[0], bytes[1]], [0x1f, 0x8b]);
    const hit = await cache.read(key);
    if (hit.status !== "hit") throw new Error(hit.status);
    await cache.write(hit.entry);
    assertEquals(await Deno.readFile(path), bytes);
    await Deno.writeTextFile(cache.legacyPathOf(key), await readText(path));
    await Deno.remove(path);
    const legacy = await cache.read(key);
    assertEquals(legacy.status, "hit");
    if (legacy.status === "hit") assertEquals(legacy.entry.digest, hit.entry.digest);
    assertEquals(await cache.keys(), [key]);
  });
});
