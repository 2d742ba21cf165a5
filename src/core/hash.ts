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
  try {
    return canon(value as Json);
  } catch (e) {
    if (!(e instanceof NonFinite)) throw e;
    throw new Error(
      `canonicalJson: non-finite number ${e.value} at ${pathOfNonFinite(value as Json, "") || "the top level"}`,
    );
  }
}

class NonFinite extends Error {
  constructor(readonly value: number) {
    super("non-finite");
  }
}

/** The canonical text, without building paths (the hot path of planning); a non-finite number throws NonFinite. */
function canon(value: Json): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new NonFinite(value);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i ? "," : "") + canon(value[i]);
    return out + "]";
  }
  const keys = Object.keys(value).sort();
  let out = "{", first = true;
  for (const k of keys) {
    const v = (value as Record<string, Json>)[k];
    if (v === undefined) continue;
    out += (first ? "" : ",") + JSON.stringify(k) + ":" + canon(v);
    first = false;
  }
  return out + "}";
}

/** Where the first non-finite number sits, e.g. `.result.loss[12]` (only called to explain an error). */
function pathOfNonFinite(value: Json, path: string): string | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : path;
  if (value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = pathOfNonFinite(value[i], `${path}[${i}]`);
      if (p !== undefined) return p;
    }
    return undefined;
  }
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, Json>)[k];
    if (v === undefined) continue;
    const p = pathOfNonFinite(v, `${path}.${k}`);
    if (p !== undefined) return p;
  }
  return undefined;
}

/**
 * Lower-case hex SHA-256 of a string. Short texts (specs, keys) are hashed synchronously, where a WebCrypto round
 * trip costs more than the hash; long ones (sources, results) by WebCrypto's native code.
 */
export async function sha256Hex(text: string): Promise<string> {
  if (text.length < 4096) return sha256HexSync(text);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The message schedule, reused across calls (the function is synchronous). */
const W_BUFFER = new Int32Array(64);

/** SHA-256 round constants (FIPS 180-4 §4.2.2). */
const K = new Int32Array([
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
  const blocks = (bytes.length + 9 + 63) >> 6;
  const m = new Uint8Array(blocks * 64);
  m.set(bytes);
  m[bytes.length] = 0x80;
  const bits = bytes.length * 8, end = m.length;
  m[end - 5] = Math.floor(bits / 0x100000000) & 0xff;
  m[end - 4] = bits >>> 24,
    m[end - 3] = (bits >>> 16) & 0xff,
    m[end - 2] = (bits >>> 8) & 0xff,
    m[end - 1] = bits & 0xff;
  let h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a;
  let h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
  const w = W_BUFFER;
  for (let b = 0; b < end; b += 64) {
    for (let t = 0; t < 16; t++) {
      const o = b + t * 4;
      w[t] = (m[o] << 24) | (m[o + 1] << 16) | (m[o + 2] << 8) | m[o + 3];
    }
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15], y = w[t - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
    }
    let a = h0, c1 = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & c1) ^ (a & c) ^ (c1 & c))) | 0;
      h = g, g = f, f = e, e = (d + t1) | 0, d = c, c = c1, c1 = a, a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0, h1 = (h1 + c1) | 0, h2 = (h2 + c) | 0, h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0, h5 = (h5 + f) | 0, h6 = (h6 + g) | 0, h7 = (h7 + h) | 0;
  }
  let out = "";
  for (const x of [h0, h1, h2, h3, h4, h5, h6, h7]) out += (x >>> 0).toString(16).padStart(8, "0");
  return out;
}

/** The content key of a run: sha256(canonical { spec, engine, taskVersion }). */
export function runKey(spec: RunSpec, engine: EngineId, taskVersion: string): Promise<string> {
  return sha256Hex(canonicalJson({ spec: spec as unknown as Json, engine: engine as unknown as Json, taskVersion }));
}
