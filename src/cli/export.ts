/**
 * `export <key>`: one run as self-contained JSON (inputs, init, trajectory) in `exports/<key>.json`.
 *
 * @example
 * ```sh
 * deno task export 3f2a
 * ```
 * @module
 */
import { Cache } from "../graph/mod.ts";
import { tasks } from "../train/tasks.ts";
import { CliError } from "./options.ts";
import { writeAtomic } from "../graph/io.ts";
import { log, type Session } from "./session.ts";

/** Writes the export; exit 0, or throws (2 for a bad or ambiguous key). */
export async function cmdExport(s: Session): Promise<number> {
  const prefix = s.o.rest[0];
  if (!prefix || !/^[0-9a-f]{4,64}$/.test(prefix)) {
    throw new CliError("export needs a run key (or a unique prefix of ≥ 4 hex digits)", 2);
  }
  const cache = new Cache(s.o.cacheDir);
  const keys = (await cache.keys()).filter((k) => k.startsWith(prefix));
  if (keys.length !== 1) {
    throw new CliError(
      `export ${prefix}: ${keys.length === 0 ? "no run has" : `${keys.length} runs have`} that key`,
      2,
    );
  }
  const got = await cache.read(keys[0]);
  if (got.status !== "hit") {
    throw new CliError(
      `export ${prefix}: cache entry is ${got.status}${got.status === "corrupt" ? ` (${got.reason})` : ""}`,
      3,
    );
  }
  const { spec, result, engine } = got.entry;
  const task = tasks[spec.task];
  const record = task?.exportRun ? task.exportRun(spec, result) : { spec, result };
  const out = { key: keys[0], engine, ...record };
  const path = `exports/${keys[0]}.json`;
  await writeAtomic(path, JSON.stringify(out) + "\n");
  log(path);
  return 0;
}
