/**
 * The content-addressed result store: `data/cache/ab/<key>.json.gz`, one gzip'd canonical-JSON entry per run.
 * Compression is transparent: the key hashes the spec and engine, the digest the uncompressed canonical result, so
 * neither changes with the storage format; entries written before compression (`<key>.json`) still read.
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
    const tmp = `${this.root}/.manifest.json.${crypto.randomUUID().slice(0, 8)}.tmp`;
    try {
      await Deno.writeTextFile(tmp, JSON.stringify(sorted));
      await Deno.rename(tmp, `${this.root}/.manifest.json`);
      this.#manifestDirty = false;
    } catch {
      await Deno.remove(tmp).catch(() => {});
    }
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

  /** The entry's text (decompressed), or undefined when there is none. */
  async #text(key: string): Promise<{ text: string } | { corrupt: string } | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(this.pathOf(key));
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
      try {
        return { text: await Deno.readTextFile(this.legacyPathOf(key)) };
      } catch (e2) {
        if (e2 instanceof Deno.errors.NotFound) return undefined;
        throw e2;
      }
    }
    try {
      return { text: await gunzip(bytes) };
    } catch {
      return { corrupt: "not a valid gzip stream (truncated?)" };
    }
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
    if (!entry || typeof entry !== "object" || !entry.spec || !entry.engine || !entry.result) {
      return { status: "corrupt", reason: "missing fields" };
    }
    if (entry.key !== key) return { status: "corrupt", reason: "key field differs from file name" };
    const expectKey = await runKey(entry.spec, entry.engine, entry.provenance?.taskVersion ?? "");
    if (expectKey !== key) return { status: "corrupt", reason: "spec or engine edited (hash mismatch)" };
    if ((await sha256Hex(canonicalJson(entry.result as Json))) !== entry.digest) {
      return { status: "corrupt", reason: "result edited (digest mismatch)" };
    }
    await this.#remember(key);
    return { status: "hit", entry };
  }

  /** Writes an entry atomically (temp file + rename); computes its digest. */
  async write(entry: Omit<CacheEntry, "digest">): Promise<CacheEntry> {
    const full: CacheEntry = { ...entry, digest: await sha256Hex(canonicalJson(entry.result as Json)) };
    const path = this.pathOf(entry.key);
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
    await Deno.writeFile(tmp, await gzip(JSON.stringify(full) + "\n"));
    await Deno.rename(tmp, path);
    await Deno.remove(this.legacyPathOf(entry.key)).catch(() => {});
    return full;
  }

  /** Deletes an entry if present (in either format). */
  async remove(key: string): Promise<void> {
    for (const path of [this.pathOf(key), this.legacyPathOf(key)]) {
      try {
        await Deno.remove(path);
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
      }
    }
  }

  /** Every key stored. */
  async keys(): Promise<string[]> {
    const out: string[] = [];
    try {
      for await (const dir of Deno.readDir(this.root)) {
        if (!dir.isDirectory || !/^[0-9a-f]{2}$/.test(dir.name)) continue; // e.g. .slurm/ holds manifests
        for await (const f of Deno.readDir(`${this.root}/${dir.name}`)) {
          const m = f.isFile ? /^([0-9a-f]{64})\.json(\.gz)?$/.exec(f.name) : null;
          if (m) out.push(m[1]);
        }
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    return [...new Set(out)].sort();
  }
}

/** gzip of `text` (deterministic: no timestamp, so the same entry gives the same bytes). */
export async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The text of a gzip stream; rejects on a truncated or corrupt one. */
export async function gunzip(bytes: Uint8Array): Promise<string> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
  return await new Response(stream).text();
}
