/**
 * The command line: `repro`, `plan`, `verify`, `diff`, `graph`, `export`, `clean`, `help`, one file per command.
 * Every command exits 0 (ok), 1 (a claim that should hold does not; for `diff`, a gating verdict changed), 2
 * (usage or declaration error) or 3 (I/O failure).
 *
 * @example
 * ```ts
 * import { main } from "./mod.ts";
 * const code = await main(["help"]); // prints the usage
 * console.log(code); // 0
 * ```
 * @module
 */
import { papers as declaredPapers } from "../../pipeline/mod.ts";
import type { Paper } from "../core/mod.ts";
import { DeclarationError, formatProblem } from "../graph/mod.ts";
import { IoFailure } from "../graph/io.ts";
import { cmdAudit } from "./audit.ts";
import { cmdClean } from "./clean.ts";
import { cmdDiff } from "./diff.ts";
import { cmdExport } from "./export.ts";
import { cmdGraph } from "./graph.ts";
import { CliError, COMMANDS, EXIT, parseOptions, usage } from "./options.ts";
import { cmdPlan } from "./plan.ts";
import { cmdRepro } from "./repro.ts";
import { log, openSession, type Session } from "./session.ts";
import { didYouMean } from "./suggest.ts";
import { cmdVerify } from "./verify.ts";

const handlers: Record<string, (s: Session) => Promise<number>> = {
  repro: cmdRepro,
  plan: cmdPlan,
  verify: cmdVerify,
  diff: cmdDiff,
  graph: cmdGraph,
  export: cmdExport,
  clean: cmdClean,
  audit: cmdAudit,
};

/** Runs the CLI on `argv` over `papers` (every declared paper by default); returns the exit code. */
export async function main(argv: string[], papers: Paper[] = declaredPapers): Promise<number> {
  try {
    const o = parseOptions(argv);
    if (o.command === "help") {
      const topic = o.rest[0];
      if (topic && !COMMANDS[topic]) {
        throw new CliError(`no command "${topic}"${didYouMean(topic, Object.keys(COMMANDS))}\n\n${usage()}`, 2);
      }
      log(usage(topic));
      return EXIT.ok;
    }
    return await handlers[o.command](openSession(o, papers));
  } catch (e) {
    if (e instanceof DeclarationError) {
      console.error(`error: invalid declarations (nothing was run or written):`);
      for (const p of e.problems) console.error(`  ${formatProblem(p)}`);
      return EXIT.usage;
    }
    if (e instanceof CliError) {
      console.error(`error: ${e.message}`);
      return e.code;
    }
    if (e instanceof IoFailure) {
      console.error(`error: ${e.message}`);
      return EXIT.io;
    }
    if (e instanceof Error && e.name === "FigureError") {
      console.error(`error: ${e.message}`);
      return EXIT.usage;
    }
    if (
      e instanceof Deno.errors.NotFound || e instanceof Deno.errors.PermissionDenied ||
      e instanceof Deno.errors.NotCapable
    ) {
      console.error(`error: ${(e as Error).message.split("\n")[0]}`);
      return EXIT.io;
    }
    console.error(`error: ${(e as Error).message}`);
    return EXIT.claimFails;
  }
}
