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

/** Lower-case hex SHA-256 of a string. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The content key of a run: sha256(canonical { spec, engine, taskVersion }). */
export function runKey(spec: RunSpec, engine: EngineId, taskVersion: string): Promise<string> {
  return sha256Hex(canonicalJson({ spec: spec as unknown as Json, engine: engine as unknown as Json, taskVersion }));
}
