/**
 * The content-addressed result store: `data/cache/ab/<key>.json`, one entry per run.
 *
 * Writes are atomic (a temp file, then rename), so an interrupted run never leaves half an entry; a failed write
 * removes its temp file and throws an `IoFailure` naming the path and the cause. A rerun whose result is
 * bit-identical to the stored one does not rewrite the entry (the first computation's provenance stays); only the
 * file's modification time is touched, so other processes see it was just confirmed. Reads check
 * integrity: the entry must parse, its key must equal the hash of its own spec and engine, its digest must equal the
 * hash of its result, its checksum (`sum`) must cover the rest, and its bytes must be exactly as written. A truncated
 * or edited entry reads as `corrupt`, never as a result.
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
import { IoFailure, writeAtomic } from "./io.ts";
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
  /**
   * sha256 of the canonical `{ key, spec, engine, provenance, digest }`: covers the fields the key and the digest
   * do not (provenance). Entries written before it existed have none and are read as before.
   */
  sum?: string;
}

/** The checksum of an entry's fields besides its result (see {@linkcode CacheEntry.sum}). */
function sumOf(e: Omit<CacheEntry, "sum">): Promise<string> {
  const { key, spec, engine, provenance, digest } = e;
  return sha256Hex(canonicalJson({ key, spec, engine, provenance, digest } as unknown as Json));
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
      text = new TextDecoder("utf-8", { fatal: true }).decode(await Deno.readFile(this.pathOf(key)));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return { status: "missing" };
      if (e instanceof Deno.errors.IsADirectory) return { status: "corrupt", reason: "a directory, not a file" };
      if (e instanceof TypeError || e instanceof Deno.errors.InvalidData) {
        return { status: "corrupt", reason: "not valid UTF-8 text" };
      }
      throw new IoFailure("read", this.pathOf(key), e);
    }
    let entry: CacheEntry;
    try {
      entry = JSON.parse(text);
    } catch {
      return { status: "corrupt", reason: "not valid JSON (truncated?)" };
    }
    if (
      !entry || typeof entry !== "object" || !entry.spec || typeof entry.spec !== "object" || !entry.engine ||
      typeof entry.engine !== "object" || !entry.result || typeof entry.result !== "object" ||
      typeof entry.digest !== "string"
    ) {
      return { status: "corrupt", reason: "missing fields" };
    }
    if (entry.key !== key) return { status: "corrupt", reason: "key field differs from file name" };
    let expectKey: string, digest: string;
    try {
      expectKey = await runKey(entry.spec, entry.engine, String(entry.provenance?.taskVersion ?? ""));
      digest = await sha256Hex(canonicalJson(entry.result as Json));
    } catch (e) {
      return { status: "corrupt", reason: `unreadable content (${(e as Error).message})` };
    }
    if (expectKey !== key) return { status: "corrupt", reason: "spec or engine edited (hash mismatch)" };
    if (digest !== entry.digest) return { status: "corrupt", reason: "result edited (digest mismatch)" };
    if (entry.sum !== undefined && entry.sum !== await sumOf(entry).catch(() => "")) {
      return { status: "corrupt", reason: "provenance edited (checksum mismatch)" };
    }
    // Entries are written as JSON.stringify(entry) + "\n": any other bytes (a changed letter case in a number,
    // extra whitespace, an escaped character, a lost newline) are an edit even when they parse to the same values.
    if (text !== JSON.stringify(entry) + "\n") {
      return { status: "corrupt", reason: "bytes differ from the written form" };
    }
    return { status: "hit", entry };
  }

  /**
   * Writes an entry atomically (temp file + rename); computes its digest. When an intact entry with the same
   * digest is stored already, nothing is rewritten (its provenance is kept) and only its mtime is touched;
   * `written` says which happened. Throws `IoFailure` (naming the path) when the write fails.
   */
  async write(entry: Omit<CacheEntry, "digest">): Promise<CacheEntry & { written: boolean }> {
    const body = { ...entry, digest: await sha256Hex(canonicalJson(entry.result as Json)) };
    const full: CacheEntry = { ...body, sum: await sumOf(body) };
    const path = this.pathOf(entry.key);
    const old = await this.read(entry.key).catch(() => ({ status: "missing" }) as CacheRead);
    if (old.status === "hit" && old.entry.digest === full.digest) {
      const now = new Date();
      await Deno.utime(path, now, now).catch(() => {});
      return { ...old.entry, written: false };
    }
    await writeAtomic(path, JSON.stringify(full) + "\n");
    return { ...full, written: true };
  }

  /** The modification time of a key's entry (ms since the epoch), or undefined when there is none. */
  async mtimeOf(key: string): Promise<number | undefined> {
    try {
      return (await Deno.stat(this.pathOf(key))).mtime?.getTime();
    } catch {
      return undefined;
    }
  }

  /** Deletes an entry if present. */
  async remove(key: string): Promise<void> {
    try {
      await Deno.remove(this.pathOf(key));
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw new IoFailure("remove", this.pathOf(key), e);
    }
  }

  /** Every key stored. */
  async keys(): Promise<string[]> {
    const out: string[] = [];
    try {
      for await (const dir of Deno.readDir(this.root)) {
        if (!dir.isDirectory || !/^[0-9a-f]{2}$/.test(dir.name)) continue;
        for await (const f of Deno.readDir(`${this.root}/${dir.name}`)) {
          if (f.isFile && f.name.endsWith(".json")) out.push(f.name.slice(0, -5));
        }
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw new IoFailure("read", this.root, e);
    }
    return out.sort();
  }
}
