/**
 * The entry point of the command line (the deno.json tasks call it); the commands live in `src/cli/`, one per file.
 *
 * @example
 * ```sh
 * deno task help                  # every command
 * deno task repro                 # run what is not cached, render figures and the report
 * deno task plan --only chen2024  # what would run, and why
 * deno task verify --cached-only  # claims' verdicts from the cache; exit 1 if a claim that should hold does not
 * deno task diff HEAD~1 --md      # what changed in the results, as a pull-request comment
 * ```
 * @module
 */
export { main } from "./cli/mod.ts";
import { main } from "./cli/mod.ts";

if (import.meta.main) Deno.exit(await main(Deno.args));
