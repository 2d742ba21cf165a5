/**
 * Canonical JSON and content keys. A run's key is the SHA-256 of the canonical JSON of its spec, the identity of
 * the engine that computes it and the runner's version, so any change of these is a new key and nothing else is.
 *
 * @example
 * ```ts
 * import { canonicalJson, runKey } from "./hash.ts";
 * console.log(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })); // {"a":[2,{"c":4,"d":3}],"b":1}
 * const key = await runKey({ task: "t", m: 1 }, { engine: "f64", backend: "js", precision: "float64", numerics: "1" }, "1");
 * ```
 * @module
 */
import type { EngineId, Json, RunSpec } from "./types.ts";

/**
 * JSON with object keys sorted at every level and no whitespace. A non-finite number is an error that names where
 * it sits (e.g. `canonicalJson: non-finite number Infinity at .result.loss[12]`): nothing non-finite is ever hashed.
 */
export function canonicalJson(value: Json | RunSpec): string {
  return canon(value as Json, "");
}

function canon(value: Json, path: string): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw new Error(`canonicalJson: non-finite number ${value} at ${path || "the top level"}`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v, i) => canon(v, `${path}[${i}]`)).join(",")}]`;
  const keys = Object.keys(value).filter((k) => (value as Record<string, Json>)[k] !== undefined).sort();
  return `{${
    keys.map((k) => `${JSON.stringify(k)}:${canon((value as Record<string, Json>)[k], `${path}.${k}`)}`).join(",")
  }}`;
}

/** Lower-case hex SHA-256 of a string (kept async: callers need not care how it is computed). */
export function sha256Hex(text: string): Promise<string> {
  return Promise.resolve(sha256HexSync(text));
}

/** SHA-256 round constants (FIPS 180-4 §4.2.2). */
const K = new Uint32Array([
  0x428a2f98,
  0x71374491,
  0xb5c0fbcf,
  0xe9b5dba5,
  0x3956c25b,
  0x59f111f1,
  0x923f82a4,
  0xab1c5ed5,
  0xd807aa98,
  0x12835b01,
  0x243185be,
  0x550c7dc3,
  0x72be5d74,
  0x80deb1fe,
  0x9bdc06a7,
  0xc19bf174,
  0xe49b69c1,
  0xefbe4786,
  0x0fc19dc6,
  0x240ca1cc,
  0x2de92c6f,
  0x4a7484aa,
  0x5cb0a9dc,
  0x76f988da,
  0x983e5152,
  0xa831c66d,
  0xb00327c8,
  0xbf597fc7,
  0xc6e00bf3,
  0xd5a79147,
  0x06ca6351,
  0x14292967,
  0x27b70a85,
  0x2e1b2138,
  0x4d2c6dfc,
  0x53380d13,
  0x650a7354,
  0x766a0abb,
  0x81c2c92e,
  0x92722c85,
  0xa2bfe8a1,
  0xa81a664b,
  0xc24b8b70,
  0xc76c51a3,
  0xd192e819,
  0xd6990624,
  0xf40e3585,
  0x106aa070,
  0x19a4c116,
  0x1e376c08,
  0x2748774c,
  0x34b0bcb5,
  0x391c0cb3,
  0x4ed8aa4a,
  0x5b9cca4f,
  0x682e6ff3,
  0x748f82ee,
  0x78a5636f,
  0x84c87814,
  0x8cc70208,
  0x90befffa,
  0xa4506ceb,
  0xbef9a3f7,
  0xc67178f2,
]);

/**
 * Lower-case hex SHA-256 of a string's UTF-8 bytes, computed synchronously (FIPS 180-4). Planning hashes every
 * run's spec; done here it costs microseconds, where a `crypto.subtle` round trip per key dominates a no-op `plan`.
 *
 * @example
 * ```ts
 * import { sha256HexSync } from "./hash.ts";
 * console.log(sha256HexSync("abc").slice(0, 8)); // ba7816bf
 * ```
 */
export function sha256HexSync(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const blocks = Math.ceil((bytes.length + 9) / 64);
  const m = new Uint8Array(blocks * 64);
  m.set(bytes);
  m[bytes.length] = 0x80;
  const view = new DataView(m.buffer);
  view.setUint32(m.length - 8, Math.floor(bytes.length / 0x20000000));
  view.setUint32(m.length - 4, (bytes.length * 8) >>> 0);
  const h = new Uint32Array([
    0x6a09e667,
    0xbb67ae85,
    0x3c6ef372,
    0xa54ff53a,
    0x510e527f,
    0x9b05688c,
    0x1f83d9ab,
    0x5be0cd19,
  ]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let b = 0; b < blocks; b++) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(b * 64 + t * 4);
    for (let t = 16; t < 64; t++) {
      const s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
      const s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) >>> 0;
    }
    let [a, bb, c, d, e, f, g, hh] = h;
    for (let t = 0; t < 64; t++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & bb) ^ (a & c) ^ (bb & c))) >>> 0;
      hh = g, g = f, f = e, e = (d + t1) >>> 0, d = c, c = bb, bb = a, a = (t1 + t2) >>> 0;
    }
    h[0] += a, h[1] += bb, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
  }
  return Array.from(h, (x) => x.toString(16).padStart(8, "0")).join("");
}

/** The content key of a run: sha256(canonical { spec, engine, taskVersion }). */
export function runKey(spec: RunSpec, engine: EngineId, taskVersion: string): Promise<string> {
  return sha256Hex(canonicalJson({ spec: spec as unknown as Json, engine: engine as unknown as Json, taskVersion }));
}
