/**
 * Verdicts: a claim's measurement against its declared bands gives PASS, FAIL or INCONCLUSIVE (with the reason).
 *
 * @example
 * ```ts
 * import { evaluateClaim } from "./verdict.ts";
 * const v = evaluateClaim({
 *   id: "X-C1", statement: "s", source: "[derived]", prediction: "p", regime: "r", uses: [],
 *   checks: { slope: { label: "slope", band: { lo: 0.9, hi: 1.1 } } },
 *   measure: () => ({ values: { slope: { value: 1.02 } } }),
 * }, {}, "ci");
 * console.log(v.verdict); // "PASS"
 * ```
 * @module
 */
import { type Band, type Claim, type Divergence, divergenceOf, divergenceReason } from "../core/mod.ts";
import type { Measured, Profile, Results } from "../core/mod.ts";

/**
 * PASS: every check in its band, and the negative control outside it. FAIL: some check outside its band.
 * INCONCLUSIVE: the data (or the control's data) cannot decide. UNDISCRIMINATING: the checks pass, but so does the
 * control, so the check cannot tell the mechanism from its absence ("does not discriminate").
 */
export type Verdict = "PASS" | "FAIL" | "INCONCLUSIVE" | "UNDISCRIMINATING";

/** The negative control's outcome: FAIL means "outside the band", which is what a control should show. */
export interface ControlOutcome {
  regime: string;
  checks: CheckOutcome[];
  verdict: "PASS" | "FAIL" | "INCONCLUSIVE";
  reason?: string;
  detail?: string;
}

/** One check's outcome. */
export interface CheckOutcome {
  name: string;
  label: string;
  band: Band;
  /** Where the band comes from. */
  bandWhy?: string;
  measured?: Measured;
  pass?: boolean;
}

/** A claim's verdict with everything the report shows: the claim's own words, and what was measured. */
export interface ClaimVerdict
  extends Pick<Claim, "id" | "statement" | "source" | "where" | "prediction" | "regime" | "expectWhy"> {
  paper: string;
  profile: Profile;
  expect: "hold" | "open";
  kind: "claim" | "sanity";
  /** The negative control, when the claim declares one. */
  control?: ControlOutcome;
  checks: CheckOutcome[];
  verdict: Verdict;
  /** Why INCONCLUSIVE, or which checks failed. */
  reason?: string;
  detail?: string;
}

/** Whether `v` lies in `band` (ends inclusive). */
export function inBand(v: number, band: Band): boolean {
  return (band.lo === undefined || v >= band.lo) && (band.hi === undefined || v <= band.hi);
}

/** Formats a band as `[0.95, 1.05]`, `≥ 0.99` or `≤ 0.1`. */
export function formatBand(b: Band): string {
  const f = (x: number) => String(Number(x.toPrecision(4)));
  if (b.lo !== undefined && b.hi !== undefined) return `[${f(b.lo)}, ${f(b.hi)}]`;
  return b.lo !== undefined ? `≥ ${f(b.lo)}` : `≤ ${f(b.hi!)}`;
}

type Checked = Pick<ClaimVerdict, "checks" | "reason" | "detail"> & { verdict: "PASS" | "FAIL" | "INCONCLUSIVE" };

/** Runs `measure` and holds each value against its band. */
function check(claim: Claim, measure: Claim["measure"], results: Results, profile: Profile): Checked {
  const checks: CheckOutcome[] = Object.entries(claim.checks).map(([name, c]) => ({
    name,
    label: c.label,
    band: c.band,
    bandWhy: c.bandWhy,
  }));
  let m;
  try {
    m = measure(results, profile);
  } catch (e) {
    return { checks, verdict: "INCONCLUSIVE", reason: `measurement failed: ${(e as Error).message}` };
  }
  for (const c of checks) {
    c.measured = m.values?.[c.name];
    if (c.measured && Number.isFinite(c.measured.value)) c.pass = inBand(c.measured.value, c.band);
  }
  if ("inconclusive" in m) return { checks, verdict: "INCONCLUSIVE", reason: m.inconclusive, detail: m.detail };
  const missing = checks.filter((c) => c.pass === undefined).map((c) => c.name);
  if (missing.length) {
    return { checks, verdict: "INCONCLUSIVE", reason: `no finite value for ${missing.join(", ")}`, detail: m.detail };
  }
  const failed = checks.filter((c) => !c.pass);
  return {
    checks,
    verdict: failed.length ? "FAIL" : "PASS",
    reason: failed.length
      ? failed.map((c) => `${c.label} = ${c.measured!.value.toPrecision(4)} outside ${formatBand(c.band)}`).join("; ")
      : undefined,
    detail: m.detail,
  };
}

/**
 * The diverged runs among the experiments `uses`.
 *
 * @example
 * ```ts
 * import { diverged } from "./verdict.ts";
 * const results = { lr: [{ key: "ab".repeat(32), point: {}, spec: { task: "t" }, result: { stop: "diverged at step 7" } }] };
 * console.log(diverged(results, ["lr"])); // [{ key: "abab…", step: 7 }]
 * ```
 */
export function diverged(results: Results, uses: readonly string[]): Divergence[] {
  return uses.flatMap((u) => (results[u] ?? []).flatMap((r) => divergenceOf(r) ?? []));
}

/**
 * A check's outcome given diverged runs among its inputs: INCONCLUSIVE "diverged (run …, step k)", or FAIL when the
 * claim predicts convergence (`mode` `fail`); unchanged when there are none or the measure handles them.
 */
function withDivergence(c: Checked, ds: Divergence[], mode: "inconclusive" | "fail" | "measured"): Checked {
  if (ds.length === 0 || mode === "measured") return c;
  const why = divergenceReason(ds);
  if (mode === "fail") return { ...c, verdict: "FAIL", reason: `${why}, but the claim predicts convergence` };
  return { ...c, verdict: "INCONCLUSIVE", reason: why };
}

/**
 * Evaluates `claim` on `results`. A measurement that throws or gives a non-finite value is INCONCLUSIVE. A PASS
 * stands only when the claim's negative control (if declared) comes out outside the band on some check. A diverged
 * run among the claim's `uses` makes it INCONCLUSIVE ("diverged (run …, step k)"), or FAIL when the claim declares
 * `divergence: "fail"` (it predicts convergence); see {@linkcode diverged}.
 */
export function evaluateClaim(claim: Claim, results: Results, profile: Profile, paper = ""): ClaimVerdict {
  const base = {
    paper,
    id: claim.id,
    statement: claim.statement,
    source: claim.source,
    where: claim.where,
    prediction: claim.prediction,
    regime: claim.regime,
    expectWhy: claim.expectWhy,
    profile,
    expect: claim.expect ?? "hold",
    kind: claim.kind ?? "claim",
  } as const;
  const mode = claim.divergence ?? "inconclusive";
  const own = withDivergence(check(claim, claim.measure, results, profile), diverged(results, claim.uses), mode);
  if (!claim.control) return { ...base, ...own };
  const c = withDivergence(
    check(claim, claim.control.measure, results, profile),
    diverged(results, claim.control.uses),
    mode === "measured" ? "measured" : "inconclusive",
  );
  const control: ControlOutcome = { regime: claim.control.regime, ...c };
  if (own.verdict !== "PASS") return { ...base, ...own, control };
  if (c.verdict === "INCONCLUSIVE") {
    return { ...base, ...own, control, verdict: "INCONCLUSIVE", reason: `the control cannot decide: ${c.reason}` };
  }
  if (c.verdict === "PASS") {
    const vals = c.checks.map((k) => `${k.label} = ${k.measured!.value.toPrecision(4)}`).join("; ");
    return {
      ...base,
      ...own,
      control,
      verdict: "UNDISCRIMINATING",
      reason: `does not discriminate: the control (${claim.control.regime}) is in the band too (${vals})`,
    };
  }
  return { ...base, ...own, control };
}
