/**
 * File-system edges of the graph: atomic writes that never leave a `.tmp` behind, one typed error for every write
 * failure (no space, no permission, read-only file system) that names the path and the cause, whether a process is
 * alive (for stale locks and orphaned temp files), and run locks that survive `kill -9`.
 *
 * @example
 * ```ts
 * import { IoFailure, tmpPathFor } from "./io.ts";
 * const tmp = tmpPathFor("data/cache/ab/abcd.json"); // data/cache/ab/abcd.json.<pid>.<random>.tmp
 * const e = new IoFailure("write", "data/cache/ab/abcd.json", new Deno.errors.PermissionDenied("denied"));
 * console.log(e.message); // cannot write data/cache/ab/abcd.json: permission denied (denied)
 * ```
 * @module
 */

/** A failed read or write of a file the pipeline owns: one line naming the path and the cause. */
export class IoFailure extends Error {
  /** `write`, `read`, `create`, … */
  readonly op: string;
  readonly path: string;
  /** The short cause: `no space left on device`, `permission denied`, `read-only file system`, … */
  readonly cause_: string;
  constructor(op: string, path: string, err: unknown) {
    const cause = causeOf(err);
    super(`cannot ${op} ${path}: ${cause}`);
    this.name = "IoFailure";
    this.op = op, this.path = path, this.cause_ = cause;
  }
}

/** A short, one-line cause of a file-system error. */
export function causeOf(err: unknown): string {
  const msg = err instanceof Error ? err.message.split("\n")[0] : String(err);
  const kinds: [string, string][] = [
    ["os error 28", "no space left on device"],
    ["os error 30", "read-only file system"],
    ["os error 122", "disk quota exceeded"],
    ["os error 13", "permission denied"],
    ["os error 1)", "operation not permitted"],
  ];
  for (const [needle, text] of kinds) if (msg.includes(needle)) return `${text} (${msg.replace(/: .*$/, "")})`;
  if (err instanceof Deno.errors.PermissionDenied) return `permission denied (${msg})`;
  if (err instanceof Deno.errors.NotCapable) return `not allowed by Deno's permissions (${msg})`;
  return msg;
}

/** Whether `err` is a write refused by permissions or a read-only file system (not a full disk). */
export function isReadOnlyError(err: unknown): boolean {
  if (err instanceof IoFailure) return /permission denied|read-only|not permitted|not allowed/.test(err.cause_);
  return err instanceof Deno.errors.PermissionDenied || err instanceof Deno.errors.NotCapable ||
    (err instanceof Error && /os error (30|13|1)\)/.test(err.message));
}

/** A temp path beside `path` that names its writer: `<path>.<pid>.<random>.tmp`. */
export function tmpPathFor(path: string): string {
  return `${path}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
}

/** The writer pid of a temp file name from {@linkcode tmpPathFor} (undefined for older names). */
export function tmpWriterPid(name: string): number | undefined {
  const m = /\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/**
 * Writes `data` to `path` atomically: a temp file beside it, then rename. On any failure the temp file is removed
 * and an {@linkcode IoFailure} naming `path` is thrown.
 */
export async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = path.slice(0, path.lastIndexOf("/"));
  try {
    if (dir) await Deno.mkdir(dir, { recursive: true });
  } catch (e) {
    throw new IoFailure("create directory", dir, e);
  }
  const tmp = tmpPathFor(path);
  try {
    if (typeof data === "string") await Deno.writeTextFile(tmp, data);
    else await Deno.writeFile(tmp, data);
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw new IoFailure("write", path, e);
  }
}

/**
 * Whether process `pid` is alive on this machine: `true`, `false`, or `undefined` when it cannot be told
 * (no read access to `/proc`). Our own pid counts as alive.
 */
export function processAlive(pid: number): boolean | undefined {
  if (pid === Deno.pid) return true;
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    return undefined;
  }
}

/**
 * Removes orphaned temp files under `root`: `*.tmp` whose writer process is gone, or (names without a pid) older
 * than an hour, or any not written by a live process when `all` is set (what `clean` does).
 */
export async function sweepTmp(root: string, { depth = 2, all = false } = {}): Promise<number> {
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
      if (e.isDirectory && left > 0) await walk(p, left - 1);
      else if (e.isFile && e.name.endsWith(".tmp")) {
        const pid = tmpWriterPid(e.name);
        let orphan = pid !== undefined && pid !== Deno.pid && processAlive(pid) === false;
        if (!orphan && pid !== Deno.pid) {
          const st = await Deno.stat(p).catch(() => undefined);
          orphan = (all && pid === undefined) || (!!st?.mtime && Date.now() - st.mtime.getTime() > 3600_000);
        }
        if (orphan && await Deno.remove(p).then(() => true, () => false)) removed++;
      }
    }
  };
  await walk(root, depth);
  return removed;
}
