import { assert, assertEquals } from "../src/std/assert.ts";
import type { Paper } from "../src/core/declare.ts";
import { formatProblem, validatePapers } from "../src/graph/validate.ts";
import { main } from "../src/cli.ts";

const base = {
  target: "chen2024",
  n: 20,
  d: 2,
  m: 4,
  activation: "tanh",
  initScaleA: 0.1,
  initScaleW: 0.1,
  lr: 0.1,
  steps: 10,
};

function paper(over: { base?: Record<string, unknown>; sweep?: Record<string, unknown[]>; dupClaim?: boolean }): Paper {
  const claim = {
    id: "T-C1",
    statement: "s",
    source: "[derived]",
    prediction: "p",
    regime: "r",
    uses: ["exp"],
    checks: { x: { label: "x", band: { lo: 0 } } },
    measure: () => ({ values: { x: { value: 1 } } }),
  };
  return {
    id: "toy",
    title: "Toy",
    authors: "A",
    year: 2020,
    arxiv: "0",
    experiments: [{
      id: "exp",
      description: "d",
      task: "two_layer",
      base: { ...base, ...(over.base ?? {}) } as never,
      profiles: { ci: { sweep: (over.sweep ?? { seed: [0] }) as never }, full: { sweep: { seed: [0] } } },
    }],
    claims: over.dupClaim ? [claim, claim] : [claim],
    figures: [],
  };
}

const messages = (p: Paper) => validatePapers([p], "ci").map(formatProblem);

Deno.test("a valid toy paper has no problems", () => {
  assertEquals(messages(paper({})), []);
});

Deno.test("validation names paper, experiment and field", () => {
  const cases: [Parameters<typeof paper>[0], string][] = [
    [{ base: { bogus: 1 } }, "paper toy, experiment exp, field bogus: unknown field"],
    [{ base: { m: -3 } }, "paper toy, experiment exp, field m: must be an integer ≥ 1 (got -3)"],
    [{ base: { lr: Infinity } }, "paper toy, experiment exp, field lr: must be a finite number"],
    [{ sweep: { seed: [] } }, "paper toy, experiment exp, field profiles.ci.sweep.seed: is an empty sweep"],
    [{ dupClaim: true }, "paper toy, claim T-C1, field id: duplicate claim id"],
    [{ base: { activation: "gelu" } }, "paper toy, experiment exp, field activation: must be one of tanh, relu, xtanh"],
  ];
  for (const [over, expected] of cases) {
    const got = messages(paper(over));
    assert(got.some((m) => m.startsWith(expected)), `expected "${expected}" in ${JSON.stringify(got)}`);
  }
});

Deno.test("the CLI exits 2 on bad declarations and writes nothing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const code = await main(["repro", "--cache", `${dir}/cache`, "--out", `${dir}/out`], [paper({ base: { m: -3 } })]);
    assertEquals(code, 2);
    assertEquals([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
