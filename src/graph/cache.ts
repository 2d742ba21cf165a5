/**
 * The content-addressed result store: `data/cache/ab/<key>.json.gz`, one gzip'd canonical-JSON entry per run.
 * Compression is transparent: the key hashes the spec and engine, the digest the uncompressed canonical result, so
 * neither changes with the storage format; entries written before compression (`<key>.json`) still read, and
 * `clean` rewrites them gzip'd.
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

/** The cheap status of an entry: `hit` means present and, by size and mtime, unchanged since a full check. */
export type CacheCheck = { status: "hit" } | { status: "missing" } | { status: "corrupt"; reason: string };

/**
 * A content-addressed store rooted at a directory.
 *
 * Planning asks only whether entries are there and intact ({@linkcode Cache.check}); a local manifest
 * (`<root>/.manifest.json`, not committed) remembers the size and mtime of every entry that passed a full check,
 * so an unchanged entry is not re-read, re-parsed and re-hashed on every `plan` or no-op `repro`. Any entry read for
 * a measurement is always fully checked ({@linkcode Cache.read}), as is every entry in `verify` and `audit`.
 */
export class Cache {
  /** Root directory, e.g. `data/cache`. */
  readonly root: string;
  #manifest?: Map<string, string>;
  #manifestDirty = false;
  constructor(root: string) {
    this.root = root.replace(/\/+$/, "");
  }

  #loadManifest(): Map<string, string> {
    if (this.#manifest) return this.#manifest;
    try {
      this.#manifest = new Map(Object.entries(JSON.parse(Deno.readTextFileSync(`${this.root}/.manifest.json`))));
    } catch {
      this.#manifest = new Map();
    }
    return this.#manifest;
  }

  /** The stat signature of a key's entry file (size and mtime), or undefined when there is none. */
  async #signature(key: string): Promise<string | undefined> {
    for (const path of [this.pathOf(key), this.legacyPathOf(key)]) {
      try {
        const st = await Deno.stat(path);
        return `${path.endsWith(".gz") ? "gz" : "json"}:${st.size}:${st.mtime?.getTime() ?? 0}`;
      } catch { /* the next format */ }
    }
    return undefined;
  }

  /**
   * Whether an entry is there and intact, cheaply: an entry whose size and mtime match the manifest is trusted
   * without reading it; any other is read and fully checked (and remembered when it passes).
   */
  async check(key: string): Promise<CacheCheck> {
    const manifest = this.#loadManifest();
    const sig = await this.#signature(key);
    if (sig === undefined) return { status: "missing" };
    if (manifest.get(key) === sig) return { status: "hit" };
    const got = await this.read(key);
    if (got.status === "corrupt") return got;
    if (got.status === "missing") return got;
    return { status: "hit" };
  }

  /** Writes the manifest if it changed; a read-only cache simply keeps checking fully. */
  async saveManifest(): Promise<void> {
    if (!this.#manifestDirty || !this.#manifest) return;
    const sorted = Object.fromEntries([...this.#manifest].sort(([a], [b]) => (a < b ? -1 : 1)));
    try {
      await writeAtomic(`${this.root}/.manifest.json`, JSON.stringify(sorted));
      this.#manifestDirty = false;
    } catch { /* read-only or full: the next run checks fully again */ }
  }

  /** Remembers that `key`'s entry, as it is on disk now, passed a full check. */
  async #remember(key: string): Promise<void> {
    const sig = await this.#signature(key);
    const manifest = this.#loadManifest();
    if (sig !== undefined && manifest.get(key) !== sig) manifest.set(key, sig), this.#manifestDirty = true;
  }

  /** Path of a key's entry: `<root>/<first two hex>/<key>.json.gz`. */
  pathOf(key: string): string {
    return `${this.root}/${key.slice(0, 2)}/${key}.json.gz`;
  }

  /** Path of a key's entry in the uncompressed format of earlier versions. */
  legacyPathOf(key: string): string {
    return `${this.root}/${key.slice(0, 2)}/${key}.json`;
  }

  /** Whether the entry is stored in the old plain-JSON format only (`clean` gzips it). */
  async isLegacy(key: string): Promise<boolean> {
    try {
      await Deno.stat(this.pathOf(key));
      return false;
    } catch {
      return await Deno.stat(this.legacyPathOf(key)).then(() => true, () => false);
    }
  }

  /** Whether an entry file exists (no integrity check). */
  async exists(key: string): Promise<boolean> {
    for (const path of [this.pathOf(key), this.legacyPathOf(key)]) {
      try {
        await Deno.stat(path);
        return true;
      } catch { /* try the next format */ }
    }
    return false;
  }

  /** The entry's text (decompressed), or why it cannot be read, or undefined when there is none. */
  async #text(key: string): Promise<{ text: string } | { corrupt: string } | undefined> {
    const utf8 = new TextDecoder("utf-8", { fatal: true });
    const bytesOf = async (path: string): Promise<Uint8Array | { corrupt: string } | undefined> => {
      try {
        return await Deno.readFile(path);
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) return undefined;
        if (e instanceof Deno.errors.IsADirectory) return { corrupt: "a directory, not a file" };
        throw new IoFailure("read", path, e);
      }
    };
    let gz = true;
    let bytes = await bytesOf(this.pathOf(key));
    if (bytes === undefined) gz = false, bytes = await bytesOf(this.legacyPathOf(key));
    if (bytes === undefined || !(bytes instanceof Uint8Array)) return bytes;
    let text: string;
    try {
      text = utf8.decode(gz ? await gunzipBytes(bytes) : bytes);
    } catch {
      return { corrupt: gz ? "not a valid gzip stream of UTF-8 text (truncated?)" : "not valid UTF-8 text" };
    }
    // The gzip stream itself must be exactly as written (its header and trailer too), like the text inside it.
    if (gz && !sameBytes(await gzip(text), bytes)) return { corrupt: "bytes differ from the written form" };
    return { text };
  }

  /** Reads and checks an entry. */
  async read(key: string): Promise<CacheRead> {
    const got = await this.#text(key);
    if (!got) return { status: "missing" };
    if ("corrupt" in got) return { status: "corrupt", reason: got.corrupt };
    const text = got.text;
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
    await this.#remember(key);
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
    if (old.status === "hit" && old.entry.digest === full.digest && !(await this.isLegacy(entry.key))) {
      const now = new Date();
      await Deno.utime(path, now, now).catch(() => {});
      return { ...old.entry, written: false };
    }
    await writeAtomic(path, await gzip(JSON.stringify(full) + "\n"));
    await Deno.remove(this.legacyPathOf(entry.key)).catch(() => {});
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

  /** Deletes an entry if present (in either format). */
  async remove(key: string): Promise<void> {
    for (const path of [this.pathOf(key), this.legacyPathOf(key)]) {
      try {
        await Deno.remove(path);
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw new IoFailure("remove", path, e);
      }
    }
  }

  /** Every key stored. */
  async keys(): Promise<string[]> {
    const out: string[] = [];
    try {
      for await (const dir of Deno.readDir(this.root)) {
        if (!dir.isDirectory || !/^[0-9a-f]{2}$/.test(dir.name)) continue;
        for await (const f of Deno.readDir(`${this.root}/${dir.name}`)) {
          const m = f.isFile ? /^([0-9a-f]{64})\.json(\.gz)?$/.exec(f.name) : null;
          if (m) out.push(m[1]);
        }
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw new IoFailure("read", this.root, e);
    }
    return [...new Set(out)].sort();
  }
}

/** gzip of `text` (deterministic: no timestamp, so the same entry gives the same bytes). */
export async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The bytes of a gzip stream; rejects on a truncated or corrupt one. */
export async function gunzipBytes(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The text of a gzip stream; rejects on a truncated or corrupt one. */
export async function gunzip(bytes: Uint8Array): Promise<string> {
  return new TextDecoder().decode(await gunzipBytes(bytes));
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
