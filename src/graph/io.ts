/**
 * File-system edges of the graph: atomic writes that never leave a `.tmp` behind, one typed error for every write
 * failure (no space, no permission, read-only file system) that names the path and the cause.
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
