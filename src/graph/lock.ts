/**
 * Run locks: one lock file per run key (`<cache>/.locks/<key>.lock`, created exclusively), so two processes on one
 * cache never compute the same run at once. A lock names its holder's pid and is touched every few seconds; a lock
 * whose holder is gone (its pid no longer exists, e.g. after `kill -9`) or that has not been touched for a minute
 * is stale and taken over. Locks only coordinate work: results are written atomically either way, so a lost race
 * costs a duplicate computation, never data.
 *
 * @example
 * ```ts ignore
 * import { RunLocks } from "./lock.ts";
 * const locks = new RunLocks("/tmp/cache");
 * if ((await locks.tryAcquire("ab12")) === "acquired") {
 *   // compute, write …
 *   await locks.release("ab12");
 * }
 * locks.close();
 * ```
 * @module
 */
import { IoFailure, processAlive } from "./io.ts";

/** A lock untouched this long is stale whoever holds it (ms). */
export const STALE_AFTER_MS = 60_000;
/** How often held locks are touched (ms). */
const HEARTBEAT_MS = 5_000;

/** The locks this process holds on one cache. */
export class RunLocks {
  readonly dir: string;
  #held = new Set<string>();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(cacheRoot: string) {
    this.dir = `${cacheRoot.replace(/\/+$/, "")}/.locks`;
  }

  /** Path of a key's lock file. */
  pathOf(key: string): string {
    return `${this.dir}/${key}.lock`;
  }

  /**
   * Takes the lock of `key`: `acquired`, or `held` when a live process holds it. A stale lock is taken over.
   * Throws {@linkcode IoFailure} when the lock folder cannot be written.
   */
  async tryAcquire(key: string): Promise<"acquired" | "held"> {
    if (this.#held.has(key)) return "acquired";
    const path = this.pathOf(key);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await Deno.mkdir(this.dir, { recursive: true });
        const f = await Deno.open(path, { write: true, createNew: true });
        try {
          await f.write(new TextEncoder().encode(JSON.stringify({ pid: Deno.pid, since: Date.now() }) + "\n"));
        } finally {
          f.close();
        }
        this.#held.add(key);
        this.#startHeartbeat();
        return "acquired";
      } catch (e) {
        if (!(e instanceof Deno.errors.AlreadyExists)) {
          await Deno.remove(path).catch(() => {});
          throw new IoFailure("create lock", path, e);
        }
      }
      if (!(await this.isStale(key))) return "held";
      await Deno.remove(path).catch(() => {});
    }
    return "held";
  }

  /** Whether the lock file of `key` is stale (its holder gone, or untouched for {@linkcode STALE_AFTER_MS}). */
  async isStale(key: string): Promise<boolean> {
    const path = this.pathOf(key);
    let text: string, mtime: number;
    try {
      text = await Deno.readTextFile(path);
      mtime = (await Deno.stat(path)).mtime?.getTime() ?? 0;
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return false;
      throw new IoFailure("read lock", path, e);
    }
    const age = Date.now() - mtime;
    if (age > STALE_AFTER_MS) return true;
    let pid: number | undefined;
    try {
      pid = JSON.parse(text).pid;
    } catch {
      return age > 5_000; // half-written by a process killed between create and write
    }
    if (typeof pid !== "number") return age > 5_000;
    if (pid === Deno.pid) return !this.#held.has(key); // an earlier process with our pid
    return processAlive(pid) === false;
  }

  /** Whether a lock file for `key` exists and is not stale. */
  async heldByOther(key: string): Promise<boolean> {
    if (this.#held.has(key)) return false;
    try {
      await Deno.stat(this.pathOf(key));
    } catch {
      return false;
    }
    return !(await this.isStale(key));
  }

  /** Releases the lock of `key` (if held). */
  async release(key: string): Promise<void> {
    if (!this.#held.delete(key)) return;
    await Deno.remove(this.pathOf(key)).catch(() => {});
    if (this.#held.size === 0) this.#stopHeartbeat();
  }

  /** Releases every lock held. */
  async releaseAll(): Promise<void> {
    for (const k of [...this.#held]) await this.release(k);
    this.#stopHeartbeat();
  }

  /** Stops the heartbeat (locks stay on disk; use {@linkcode releaseAll} first). */
  close(): void {
    this.#stopHeartbeat();
  }

  #startHeartbeat(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      const now = new Date();
      for (const k of this.#held) Deno.utime(this.pathOf(k), now, now).catch(() => {});
    }, HEARTBEAT_MS);
    Deno.unrefTimer(this.#timer as unknown as number);
  }

  #stopHeartbeat(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
