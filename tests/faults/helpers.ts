/**
 * Helpers of the fault-injection suite: run the toy command line (`toy.ts`) as a real process, and inspect a cache
 * folder for what must never be there (corrupt entries, `.tmp` files, lock files, non-finite numbers).
 *
 * @example
 * ```ts ignore
 * import { runToy, scanCache } from "./helpers.ts";
 * const r = await runToy("base", ["verify", "--cache", "/tmp/c"]);
 * const scan = await scanCache("/tmp/c");
 * ```
 * @module
 */
import { Cache } from "../../src/graph/cache.ts";

const TOY = new URL("./toy.ts", import.meta.url).pathname;
/** The repository root (the toy process runs there). */
export const ROOT = new URL("../../", import.meta.url).pathname;

/** Deno permissions of a toy process: read the repo, /tmp, /proc and fonts; write /tmp. */
export const TOY_PERMS = ["--allow-read=.,/tmp,/proc,/usr/share/fonts", "--allow-write=/tmp"];

/** The command that runs the toy CLI (`deno run <perms> toy.ts <variant> <args>`). */
export function toyCommand(variant: string, args: string[], perms = TOY_PERMS): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", ...perms, TOY, variant, ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  });
}

/** The outcome of a toy process. */
export interface ToyRun {
  code: number;
  signal: Deno.Signal | null;
  out: string;
  err: string;
}

/** Runs the toy CLI to the end. */
export async function runToy(variant: string, args: string[], perms = TOY_PERMS): Promise<ToyRun> {
  const o = await toyCommand(variant, args, perms).output();
  const dec = new TextDecoder();
  return { code: o.code, signal: o.signal, out: dec.decode(o.stdout), err: dec.decode(o.stderr) };
}

/** Starts the toy CLI and returns the child (its output piped). */
export function spawnToy(variant: string, args: string[], perms = TOY_PERMS): Deno.ChildProcess {
  return toyCommand(variant, args, perms).spawn();
}

/** Collects a child's output. */
export async function finish(child: Deno.ChildProcess): Promise<ToyRun> {
  const o = await child.output();
  const dec = new TextDecoder();
  return { code: o.code, signal: o.signal, out: dec.decode(o.stdout), err: dec.decode(o.stderr) };
}

/** What a cache folder holds. */
export interface CacheScan {
  /** key → digest of intact entries. */
  digests: Map<string, string>;
  corrupt: string[];
  tmp: string[];
  locks: string[];
}

/** Every file under `dir`, relative paths. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string) => {
    for await (const e of Deno.readDir(d)) {
      if (e.isDirectory) await walk(`${d}/${e.name}`, `${rel}${e.name}/`);
      else out.push(`${rel}${e.name}`);
    }
  };
  try {
    await walk(dir, "");
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return out.sort();
}

/** Reads every entry of a cache and lists temp and lock files. */
export async function scanCache(root: string): Promise<CacheScan> {
  const cache = new Cache(root);
  const scan: CacheScan = { digests: new Map(), corrupt: [], tmp: [], locks: [] };
  for (const k of await cache.keys()) {
    const got = await cache.read(k);
    if (got.status === "hit") scan.digests.set(k, got.entry.digest);
    else scan.corrupt.push(k);
  }
  for (const f of await listFiles(root)) {
    if (f.endsWith(".tmp")) scan.tmp.push(f);
    if (f.endsWith(".lock")) scan.locks.push(f);
  }
  return scan;
}

/** A line of output that betrays an uncaught exception or a stack trace. */
export function crashLine(text: string): string | undefined {
  return text.split("\n").find((l) => /Uncaught|^\s+at .*:\d+:\d+|Stack backtrace|panicked/.test(l));
}

/** A seeded pseudo-random generator in [0, 1) (mulberry32), so a failing trial can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sums the `computed N runs`, `K bit-identical` and `J computed by another process` counts of a CLI output. */
export function computedCounts(out: string): { computed: number; unchanged: number; byOthers: number } {
  const n = (re: RegExp) => Number(re.exec(out)?.[1] ?? 0);
  return {
    computed: n(/computed (\d+) runs/),
    unchanged: n(/(\d+) bit-identical/),
    byOthers: n(/(\d+) computed by another process/),
  };
}
