import { assert, assertEquals } from "../src/std/assert.ts";
import { evaluateClaim, formatBand } from "../src/claims/verdict.ts";
import type { Claim, Measurement } from "../src/core/declare.ts";

function claim(measure: () => Measurement): Claim {
  return {
    id: "X-C1",
    statement: "s",
    source: "[derived]",
    prediction: "p",
    regime: "r",
    uses: [],
    checks: { slope: { label: "slope", band: { lo: 0.9, hi: 1.1 } }, flat: { label: "flat", band: { hi: 0.01 } } },
    measure,
  };
}
const both = (slope: number, flat: number): Measurement => ({
  values: { slope: { value: slope }, flat: { value: flat } },
});

Deno.test("PASS needs every check in its band; FAIL names the checks outside", () => {
  assertEquals(evaluateClaim(claim(() => both(1, 0.001)), {}, "ci").verdict, "PASS");
  const v = evaluateClaim(claim(() => both(1.2, 0.001)), {}, "ci");
  assertEquals(v.verdict, "FAIL");
  assertEquals(v.reason, "slope = 1.200 outside [0.9, 1.1]");
  assertEquals(evaluateClaim(claim(() => both(1.1, 0.01)), {}, "ci").verdict, "PASS", "band ends are inclusive");
});

Deno.test("INCONCLUSIVE when the data cannot decide, a value is missing or not finite, or measure throws", () => {
  assertEquals(evaluateClaim(claim(() => ({ inconclusive: "too few points" })), {}, "ci").reason, "too few points");
  assertEquals(evaluateClaim(claim(() => both(NaN, 0)), {}, "ci").verdict, "INCONCLUSIVE");
  assertEquals(
    evaluateClaim(claim(() => ({ values: { slope: { value: 1 } } })), {}, "ci").reason,
    "no finite value for flat",
  );
  const thrown = evaluateClaim(
    claim(() => {
      throw new Error("boom");
    }),
    {},
    "ci",
  );
  assertEquals([thrown.verdict, thrown.reason], ["INCONCLUSIVE", "measurement failed: boom"]);
});

Deno.test("formatBand rounds to 4 significant digits", () => {
  assertEquals(formatBand({ lo: 0.11666666666666665, hi: 0.21666666666666667 }), "[0.1167, 0.2167]");
  assertEquals(formatBand({ lo: 2 }), "≥ 2");
  assertEquals(formatBand({ hi: 1e-2 }), "≤ 0.01");
});

Deno.test("a PASS stands only when the negative control lands outside the band", () => {
  const claim = (controlValue: number | undefined): Claim => ({
    id: "X-C1",
    statement: "s",
    source: "[derived]",
    prediction: "p",
    regime: "r",
    uses: [],
    checks: {
      slope: { label: "slope", band: { lo: 0.9, hi: 1.1 }, bandWhy: "predicted 1, ±0.1 from the seed spread" },
    },
    measure: () => ({ values: { slope: { value: 1.02 } } }),
    control: {
      regime: "no mechanism",
      uses: [],
      measure: () =>
        controlValue === undefined ? { inconclusive: "no runs" } : { values: { slope: { value: controlValue } } },
    },
  });
  assertEquals(evaluateClaim(claim(0.3), {}, "ci").verdict, "PASS");
  const same = evaluateClaim(claim(1.0), {}, "ci");
  assertEquals(same.verdict, "UNDISCRIMINATING");
  assert(same.reason!.includes("does not discriminate"));
  assertEquals(evaluateClaim(claim(undefined), {}, "ci").verdict, "INCONCLUSIVE");
  assertEquals(evaluateClaim(claim(0.3), {}, "ci").checks[0].bandWhy, "predicted 1, ±0.1 from the seed spread");
});
