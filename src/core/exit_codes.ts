/**
 * The exit codes of every command, one scheme across `repro`, `plan`, `verify`, `export` and `clean`.
 *
 * | code | meaning                                                                          |
 * | ---: | -------------------------------------------------------------------------------- |
 * |    0 | ok                                                                               |
 * |    1 | a claim that should hold fails (or a run fails to compute)                       |
 * |    2 | usage or declaration error (bad option, unknown name, invalid paper declaration) |
 * |    3 | I/O failure (no space, no permission, read-only file system)                     |
 * |  130 | interrupted (Ctrl-C); finished runs are kept                                     |
 *
 * @example
 * ```ts
 * import { EXIT } from "./exit_codes.ts";
 * console.log(EXIT.io); // 3
 * ```
 * @module
 */

/** Exit codes by meaning. */
export const EXIT = {
  /** Everything held. */
  ok: 0,
  /** A claim that should hold fails, or a run failed to compute. */
  claimFails: 1,
  /** Usage or declaration error. */
  usage: 2,
  /** I/O failure: no space, no permission, read-only file system. */
  io: 3,
  /** Interrupted by Ctrl-C. */
  interrupted: 130,
} as const;

/** One of the codes of {@linkcode EXIT}. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
