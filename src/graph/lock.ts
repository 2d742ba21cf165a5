/**
 * Run locks: one lock file per run key (`<cache>/.locks/<key>.lock`) holding an exclusive `flock`, so two
 * processes on one cache never compute the same run at once. The kernel drops the `flock` of a process that dies,
 * so a lock left by `kill -9` is stale by construction: the next process takes it over at once. Locks only
 * coordinate work: results are written atomically either way, so a lost race costs a duplicate computation,
 * never data. Writers hold the lock of what they write, so a temp file whose lock is free is an orphan
 * ({@linkcode RunLocks.sweepTmp}).
 *
 * @example
 * ```ts ignore
 * import { RunLocks } from "./lock.ts";
 * const locks = new RunLocks("/tmp/cache");
 * if ((await locks.tryAcquire("ab12")) === "acquired") {
 *   // compute, write …
 *   await locks.release("ab12");
 * }
 * ```
 * @module
 */
import { IoFailure } from "./io.ts";

/** The lock that guards a temp file's final path: a run key for entries, `index` for index.json. */
export function lockKeyOfTmp(name: string): string {
  const base = name.replace(/(\.\d+)?\.[0-9a-f]{8}\.tmp$/, "");
  return base.replace(/\.json(\.gz)?$/, "");
}

/** The locks this process holds on one cache. */
export class RunLocks {
  readonly root: string;
  readonly dir: string;
  #held = new Map<string, Deno.FsFile>();

  constructor(cacheRoot: string) {
    this.root = cacheRoot.replace(/\/+$/, "");
    this.dir = `${this.root}/.locks`;
  }

  /** Path of a key's lock file. */
  pathOf(key: string): string {
    return `${this.dir}/${key}.lock`;
  }

  /**
   * Takes the lock of `key`: `acquired`, or `held` when a live process holds it. Throws {@linkcode IoFailure}
   * when the lock folder cannot be written (a read-only cache).
   */
  async tryAcquire(key: string): Promise<"acquired" | "held"> {
    if (this.#held.has(key)) return "acquired";
    const path = this.pathOf(key);
    for (let attempt = 0; attempt < 5; attempt++) {
      let f: Deno.FsFile;
      try {
        await Deno.mkdir(this.dir, { recursive: true });
        f = await Deno.open(path, { read: true, write: true, create: true });
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) continue; // the folder was just removed by another process
        throw new IoFailure("create lock", path, e);
      }
      let mine = false;
      try {
        if (!(await f.tryLock(true))) return "held";
        // The holder before us may have removed the file after we opened it: the lock must be on the file
        // that is at `path` now.
        const [now, ours] = await Promise.all([Deno.stat(path).catch(() => undefined), f.stat()]);
        if (!now || now.ino !== ours.ino) continue;
        // The note of who holds it is for people; the flock is the lock. On a full disk the note may not fit:
        // the lock still holds, and the entry's own write will report the disk.
        await f.truncate(0).catch(() => {});
        await f.write(new TextEncoder().encode(JSON.stringify({ pid: Deno.pid, since: Date.now() }) + "\n"))
          .catch(() => 0);
        this.#held.set(key, f);
        mine = true;
        return "acquired";
      } finally {
        if (!mine) f.close();
      }
    }
    return "held";
  }

  /** Releases the lock of `key` (if held): the file goes first, then the `flock`. */
  async release(key: string): Promise<void> {
    const f = this.#held.get(key);
    if (!f) return;
    this.#held.delete(key);
    await Deno.remove(this.pathOf(key)).catch(() => {});
    f.close();
  }

  /** Releases every lock held, and removes the lock folder if it is empty. */
  async releaseAll(): Promise<void> {
    for (const k of [...this.#held.keys()]) await this.release(k);
    await Deno.remove(this.dir).catch(() => {});
  }

  /**
   * Removes lock files nobody holds (left by killed processes), with the temp files their holders left half
   * written (`<key>.json.gz.*.tmp` beside the entry), and the folder if empty; returns how many locks.
   */
  async sweepStale(): Promise<number> {
    let names: string[];
    try {
      names = (await Array.fromAsync(Deno.readDir(this.dir))).map((e) => e.name);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      if (!name.endsWith(".lock")) continue;
      const key = name.slice(0, -5);
      if (this.#held.has(key)) continue;
      try {
        if ((await this.tryAcquire(key)) !== "acquired") continue;
        await this.#removeTmpOf(key);
        await this.release(key), removed++;
      } catch { /* a read-only cache: leave it */ }
    }
    if (this.#held.size === 0) await Deno.remove(this.dir).catch(() => {});
    return removed;
  }

  /** Removes the temp files of `key`'s final path (an entry, or `index.json`); the caller holds its lock. */
  async #removeTmpOf(key: string): Promise<void> {
    const dir = /^[0-9a-f]{64}$/.test(key) ? `${this.root}/${key.slice(0, 2)}` : this.root;
    let names: string[];
    try {
      names = (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name);
    } catch {
      return;
    }
    for (const n of names) {
      if (n.endsWith(".tmp") && lockKeyOfTmp(n) === key) await Deno.remove(`${dir}/${n}`).catch(() => {});
    }
  }

  /**
   * Removes orphaned temp files (`*.tmp`) in the cache: those whose lock is free (their writer is gone), or, with
   * `all`, also those no lock guards. Returns how many.
   */
  async sweepTmp({ all = false, depth = 1 } = {}): Promise<number> {
    let removed = 0;
    const walk = async (dir: string, left: number) => {
      let entries: Deno.DirEntry[];
      try {
        entries = await Array.fromAsync(Deno.readDir(dir));
      } catch {
        return;
      }
      for (const e of entries) {
        const p = `${dir}/${e.name}`;
        if (e.isDirectory && left > 0 && e.name !== ".locks") await walk(p, left - 1);
        if (!e.isFile || !e.name.endsWith(".tmp")) continue;
        const key = lockKeyOfTmp(e.name);
        if (!key || key.includes("/")) {
          if (all && await Deno.remove(p).then(() => true, () => false)) removed++;
          continue;
        }
        try {
          if ((await this.tryAcquire(key)) !== "acquired") continue;
        } catch {
          return; // read-only: nothing can be removed
        }
        if (await Deno.remove(p).then(() => true, () => false)) removed++;
        await this.release(key);
      }
    };
    await walk(this.root, depth);
    return removed;
  }
}
