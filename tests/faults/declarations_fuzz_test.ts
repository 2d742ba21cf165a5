/**
 * Fuzzed declarations (property-based, fast-check): a few hundred malformed specs — wrong types, NaN/±Infinity,
 * negative and zero sizes, empty and non-list sweeps, bad sweep values, unknown fields, duplicate ids, huge sweeps.
 * Every one gets exit 2, a message naming paper, experiment and field, and nothing is written.
 */
import fc from "fast-check";
import { assert, assertEquals } from "../../src/std/assert.ts";
import type { Paper } from "../../src/core/declare.ts";
import type { JsonObject } from "../../src/core/types.ts";
import { main } from "../../src/cli.ts";
import { EXIT } from "../../src/core/exit_codes.ts";
import { listFiles } from "./helpers.ts";
import { toyPaper } from "./toy.ts";

const NUMERIC = ["n", "d", "m", "initScaleA", "initScaleW", "lr", "steps", "linear", "perDecade"];
const SIZES = ["n", "d", "m", "steps"];
const STRINGS = ["activation", "loss", "target"];

const wrongType = fc.constantFrom<unknown>(NaN, Infinity, -Infinity, "oops", null, {}, [], [1, 2], true);
const nonFinite = fc.constantFrom(NaN, Infinity, -Infinity);

/** One way to break a declaration; `apply` edits a fresh toy paper in place. */
type Mutation = { what: string; apply: (p: Paper) => void };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.constantFrom(...NUMERIC), fc.oneof(wrongType, nonFinite)).map(([f, v]) => ({
    what: `${f} = ${String(v)}`,
    apply: (p: Paper) => void (p.experiments[0].base[f] = v as JsonObject[string]),
  })),
  fc.tuple(fc.constantFrom(...SIZES), fc.oneof(fc.integer({ min: -1e9, max: 0 }), fc.constant(1.5))).map((
    [f, v],
  ) => ({ what: `${f} = ${v}`, apply: (p: Paper) => void (p.experiments[0].base[f] = v) })),
  fc.tuple(fc.constantFrom(...STRINGS), fc.oneof(nonFinite, fc.constant(null), fc.integer())).map(([f, v]) => ({
    what: `${f} = ${String(v)}`,
    apply: (p: Paper) => void (p.experiments[0].base[f] = v),
  })),
  fc.constantFrom("activation", "loss").map((f) => ({
    what: `${f} unknown`,
    apply: (p: Paper) => void (p.experiments[0].base[f] = "nosuch"),
  })),
  fc.stringMatching(/^[a-z][a-zA-Z]{2,12}$/).filter((s) => !(s in toyPaper().experiments[0].base) && s !== "seed")
    .filter((s) => !["inputs", "dataSeed", "bias", "alpha", "initScaleB", "optimizer", "lrScaleA"].includes(s))
    .filter((s) => !["batchSize", "stopLossRatio", "record", "snapshotSteps"].includes(s))
    .map((f) => ({ what: `unknown field ${f}`, apply: (p: Paper) => void (p.experiments[0].base[f] = 1) })),
  fc.constant({ what: "empty sweep", apply: (p: Paper) => void (p.experiments[0].profiles.ci.sweep.seed = []) }),
  fc.oneof(wrongType, fc.integer()).filter((v) => !Array.isArray(v)).map((v) => ({
    what: `sweep not a list (${String(v)})`,
    apply: (p: Paper) => void (p.experiments[0].profiles.ci.sweep.seed = v as never),
  })),
  fc.oneof(nonFinite, fc.integer({ min: -1e6, max: -1 }), fc.constant("a")).map((v) => ({
    what: `sweep value ${String(v)}`,
    apply: (p: Paper) => void (p.experiments[0].profiles.ci.sweep.seed = [0, v]),
  })),
  fc.tuple(fc.integer({ min: 400, max: 3000 }), fc.integer({ min: 400, max: 3000 })).map(([a, b]) => ({
    what: `huge sweep ${a}×${b}`,
    apply: (p: Paper) => {
      const e = p.experiments[0];
      e.profiles.ci.sweep = {
        seed: Array.from({ length: a }, (_, i) => i),
        m: Array.from({ length: b }, (_, i) => i + 1),
      };
    },
  })),
  fc.constant({
    what: "duplicate experiment id",
    apply: (p: Paper) => void p.experiments.push(structuredClone({ ...p.experiments[0], derive: undefined })),
  }),
);

Deno.test("faults: fuzzed declarations all end with exit 2, naming paper, experiment and field, writing nothing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cg_decl_" });
  const tally = { tried: 0, wrongExit: 0, crashed: 0, unnamed: 0, wrote: 0 };
  const errs: string[] = [];
  const origErr = console.error, origLog = console.log;
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
        const paper = toyPaper("base", 2);
        for (const m of ms) m.apply(paper);
        errs.length = 0;
        console.error = (...a: unknown[]) => void errs.push(a.join(" "));
        console.log = () => {};
        let code: number;
        try {
          code = await main(["repro", "--cache", `${dir}/cache`, "--out", `${dir}/fig`], [paper]);
        } catch (e) {
          code = -1, errs.push(`threw: ${(e as Error).stack}`);
        } finally {
          console.error = origErr, console.log = origLog;
        }
        const text = errs.join("\n");
        const what = ms.map((m) => m.what).join("; ");
        tally.tried++;
        if (code === -1) tally.crashed++;
        else if (code !== EXIT.usage) tally.wrongExit++;
        const named = /paper toy, experiment sweep, field \S+/.test(text);
        if (!named) tally.unnamed++;
        const written = await listFiles(dir);
        if (written.length) tally.wrote++;
        assertEquals(code, EXIT.usage, `${what}: ${text}`);
        assert(named, `${what}: ${text}`);
        assertEquals(written, [], `${what}: wrote files`);
      }),
      { numRuns: 300, seed: 20261204 },
    );
  } finally {
    console.log(`fuzzed declarations: ${JSON.stringify(tally)}`);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("faults: NaN and Infinity learning rates are named in the error, not shown as null", async () => {
  for (const [lr, shown] of [[NaN, "NaN"], [Infinity, "Infinity"], [-Infinity, "-Infinity"]] as const) {
    const paper = toyPaper("base", 1);
    paper.experiments[0].base.lr = lr;
    const errs: string[] = [];
    const origErr = console.error;
    console.error = (...a: unknown[]) => void errs.push(a.join(" "));
    try {
      assertEquals(await main(["plan", "--cache", "/tmp/cg_nonexistent_cache"], [paper]), EXIT.usage);
    } finally {
      console.error = origErr;
    }
    const text = errs.join("\n");
    assert(text.includes(`field lr: must be a finite number (got ${shown})`), text);
  }
});
