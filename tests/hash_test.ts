import { assertEquals, assertNotEquals, assertThrows } from "../src/std/assert.ts";
import { canonicalJson, runKey, sha256HexSync } from "../src/core/hash.ts";
import type { EngineId, RunSpec } from "../src/core/types.ts";

const engine: EngineId = { engine: "f64", backend: "js", precision: "float64", numerics: "1" };
const spec: RunSpec = { task: "two_layer", m: 100, lr: 0.05, record: ["a", "b"], targetParams: { c: 0.5, b: 1 } };

Deno.test("canonicalJson sorts keys at every level and keeps array order", () => {
  assertEquals(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }), '{"a":[2,{"c":4,"d":3}],"b":1}');
});

Deno.test("canonicalJson rejects non-finite numbers", () => {
  assertThrows(() => canonicalJson({ lr: NaN }), "non-finite");
  assertThrows(() => canonicalJson([Infinity]), "non-finite");
});

Deno.test("same spec gives the same key, whatever the field order", async () => {
  const reordered: RunSpec = {
    targetParams: { b: 1, c: 0.5 },
    record: ["a", "b"],
    lr: 0.05,
    m: 100,
    task: "two_layer",
  };
  assertEquals(await runKey(spec, engine, "1"), await runKey(reordered, engine, "1"));
  assertEquals((await runKey(spec, engine, "1")).length, 64);
});

Deno.test("any change of a field, the engine or the task version gives a new key", async () => {
  const base = await runKey(spec, engine, "1");
  const variants: Promise<string>[] = [
    runKey({ ...spec, m: 101 }, engine, "1"),
    runKey({ ...spec, lr: 0.050000001 }, engine, "1"),
    runKey({ ...spec, record: ["b", "a"] }, engine, "1"),
    runKey({ ...spec, targetParams: { b: 1, c: 0.6 } }, engine, "1"),
    runKey({ ...spec, extra: true }, engine, "1"),
    runKey(spec, { ...engine, precision: "float32" }, "1"),
    runKey(spec, { ...engine, numerics: "2" }, "1"),
    runKey(spec, engine, "2"),
  ];
  const keys = await Promise.all(variants);
  for (const k of keys) assertNotEquals(k, base);
  assertEquals(new Set(keys).size, keys.length);
});

Deno.test("the synchronous SHA-256 equals WebCrypto's on every length around the block boundaries and on UTF-8", async () => {
  const webcrypto = async (t: string) =>
    Array.from(
      new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(t))),
      (b) => b.toString(16).padStart(2, "0"),
    ).join("");
  const texts = ["", "abc", "ε = 1e-6, ‖W‖, 𝔼"];
  for (let n = 50; n < 140; n++) texts.push("x".repeat(n));
  texts.push(JSON.stringify({ spec: { loss: Array.from({ length: 400 }, (_, i) => i / 7) } }));
  for (const t of texts) assertEquals(sha256HexSync(t), await webcrypto(t), `length ${t.length}`);
  assertEquals(sha256HexSync("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
});
