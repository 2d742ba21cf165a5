/**
 * The content-addressed result store: `data/cache/ab/<key>.json`, one entry per run.
 *
 * Writes are atomic (a temp file, then rename), so an interrupted run never leaves half an entry. Reads check
 * integrity: the entry must parse, its key must equal the hash of its own spec and engine, and its digest must
 * equal the hash of its result. A truncated or edited entry reads as `corrupt`, never as a result.
 *
 * @example
 * ```ts
 * import { Cache } from "./cache.ts";
 * const cache = new Cache("data/cache");
 * const got = await cache.read("0".repeat(64)); // { status: "missing" }
 * ```
 * @module
 */
import { canonicalJson, runKey, sha256Hex } from "../core/hash.ts";
import type { EngineId, Json, JsonObject, RunSpec } from "../core/types.ts";

/** Where and how a result was computed. Not part of the key. */
export interface Provenance {
  /** Device description, e.g. `cpu (2 cores)`. */
  device: string;
  /** Wall time of the run in ms (of its batch, divided evenly). */
  wallMs: number;
  /** ISO date of the computation. */
  date: string;
  /** Version of the runner that computed it. */
  taskVersion: string;
  /** Deno version. */
  runtime: string;
}

/** A stored run. */
export interface CacheEntry {
  key: string;
  spec: RunSpec;
  engine: EngineId;
  provenance: Provenance;
  result: JsonObject;
  /** sha256 of the canonical result. */
  digest: string;
}

/** The outcome of a read. */
export type CacheRead =
  | { status: "hit"; entry: CacheEntry }
  | { status: "missing" }
  | { status: "corrupt"; reason: string };

/** A content-addressed store rooted at a directory. */
export class Cache {
  /** Root directory, e.g. `data/cache`. */
  readonly root: string;
  constructor(root: string) {
    this.root = root.replace(/\/+$/, "");
  }

  /** Path of a key's entry: `<root>/<first two hex>/<key>.json`. */
  pathOf(key: string): string {
    return `${this.root}/${key.slice(0, 2)}/${key}.json`;
  }

  /** Whether an entry file exists (no integrity check). */
  async exists(key: string): Promise<boolean> {
    try {
      await Deno.stat(this.pathOf(key));
      return true;
    } catch {
      return false;
    }
  }

  /** Reads and checks an entry. */
  async read(key: string): Promise<CacheRead> {
    let text: string;
    try {
      text = await Deno.readTextFile(this.pathOf(key));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return { status: "missing" };
      throw e;
    }
    let entry: CacheEntry;
    try {
      entry = JSON.parse(text);
    } catch {
      return { status: "corrupt", reason: "not valid JSON (truncated?)" };
    }
    if (!entry || typeof entry !== "object" || !entry.spec || !entry.engine || !entry.result) {
      return { status: "corrupt", reason: "missing fields" };
    }
    if (entry.key !== key) return { status: "corrupt", reason: "key field differs from file name" };
    const expectKey = await runKey(entry.spec, entry.engine, entry.provenance?.taskVersion ?? "");
    if (expectKey !== key) return { status: "corrupt", reason: "spec or engine edited (hash mismatch)" };
    if ((await sha256Hex(canonicalJson(entry.result as Json))) !== entry.digest) {
      return { status: "corrupt", reason: "result edited (digest mismatch)" };
    }
    return { status: "hit", entry };
  }

  /** Writes an entry atomically (temp file + rename); computes its digest. */
  async write(entry: Omit<CacheEntry, "digest">): Promise<CacheEntry> {
    const full: CacheEntry = { ...entry, digest: await sha256Hex(canonicalJson(entry.result as Json)) };
    const path = this.pathOf(entry.key);
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
    await Deno.writeTextFile(tmp, JSON.stringify(full) + "\n");
    await Deno.rename(tmp, path);
    return full;
  }

  /** Deletes an entry if present. */
  async remove(key: string): Promise<void> {
    try {
      await Deno.remove(this.pathOf(key));
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }

  /** Every key stored. */
  async keys(): Promise<string[]> {
    const out: string[] = [];
    try {
      for await (const dir of Deno.readDir(this.root)) {
        if (!dir.isDirectory || !/^[0-9a-f]{2}$/.test(dir.name)) continue; // e.g. .slurm/ holds manifests
        for await (const f of Deno.readDir(`${this.root}/${dir.name}`)) {
          if (f.isFile && f.name.endsWith(".json")) out.push(f.name.slice(0, -5));
        }
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    return out.sort();
  }
}
