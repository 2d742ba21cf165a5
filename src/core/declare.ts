/**
 * How a paper is declared: its claims, the experiments that test them, and its figures, all as data.
 *
 * A paper module in `pipeline/` exports one {@linkcode Paper}. It does no I/O and trains nothing: claims and
 * figures are pure functions from cached results to measurements and Vega-Lite specs.
 *
 * @example
 * ```ts
 * import type { Paper } from "./declare.ts";
 * const paper: Paper = {
 *   id: "demo", title: "Demo", authors: "A. Author", year: 2024, arxiv: "0000.00000",
 *   experiments: [], claims: [], figures: [],
 * };
 * ```
 * @module
 */
import type { Json, JsonObject, Profile, RunSpec } from "./types.ts";

/** A paper: metadata, experiments, claims and figures. */
export interface Paper {
  /** Short id used in paths and `--only`, e.g. `chen2024`. */
  id: string;
  title: string;
  authors: string;
  year: number;
  /** arXiv identifier, e.g. `2410.20119`. */
  arxiv: string;
  /** A markdown paragraph for the report: the setup, in the paper's terms. */
  summary?: string;
  experiments: Experiment[];
  claims: Claim[];
  figures: Figure[];
  /** Markdown appended to the paper's report section (what we found beyond the claims). */
  notes?: (results: Results) => string;
}

/** The sizes of one experiment in one profile: fields that override the base, and the swept fields. */
export interface ProfileSize {
  /** Fields set for this profile (override `base`). */
  set?: JsonObject;
  /** Swept fields: the runs are the cartesian product of these lists. */
  sweep: Record<string, Json[]>;
}

/** An experiment: a base spec and a sweep per profile. Each point of the sweep is one run. */
export interface Experiment {
  /** Unique within the paper, e.g. `eps_sweep`. */
  id: string;
  /** One line: what the experiment varies and why. */
  description: string;
  /** The runner, e.g. `two_layer`. */
  task: string;
  /** Fields shared by every run. */
  base: JsonObject;
  /** Sizes per profile. */
  profiles: Record<Profile, ProfileSize>;
  /**
   * Maps a sweep point (base + set + swept values) to the final run spec, e.g. ε ↦ init scales. Pure.
   * The point's fields that the runner does not know must be removed here.
   */
  derive?: (point: JsonObject) => JsonObject;
}

/** A closed interval a measured value must fall in; either end may be open (undefined). */
export interface Band {
  lo?: number;
  hi?: number;
}

/** One numerical check of a claim: what is measured, and the band it must fall in. */
export interface CheckDecl {
  /** What the value is, e.g. `slope × ln(1+ηλ)`. */
  label: string;
  band: Band;
  /**
   * Where the band comes from: the predicted value and the tolerance, and what sets the tolerance (the seed
   * spread, the checkpoint resolution, a finite-size correction). Shown in the report beside the band.
   */
  bandWhy?: string;
}

/** A measured value with its spread over seeds (standard deviation or CI half-width, see `spreadKind`). */
export interface Measured {
  value: number;
  spread?: number;
  /** `sd` (over seeds) or `ci95` (of a fit). */
  spreadKind?: "sd" | "ci95";
  /** Number of seeds or points behind the value. */
  count?: number;
  /**
   * The spread split by its sources, each a standard deviation: e.g. `{ init: 0.01, data: 0.03 }` for the
   * initialisation seed and the data draw (see `spreadComponents` in `src/analysis/stats.ts`).
   */
  components?: Record<string, number>;
}

/** What a claim's `measure` returns: a value per declared check, or why the data cannot decide. */
export type Measurement =
  | { values: Record<string, Measured>; detail?: string }
  | { inconclusive: string; values?: Record<string, Measured>; detail?: string };

/** A claim of the paper, and how it is tested. */
export interface Claim {
  /** From CLAIMS.md, e.g. `P1-C2`. */
  id: string;
  /** The claim in one sentence. */
  statement: string;
  /** Source tags: `[paper]`, `[group]`, `[notes]`, `[derived]`, `[open]`, possibly several. */
  source: string;
  /** Where in the paper, e.g. `abstract` or `§3, eq. (12)`. */
  where?: string;
  /** The prediction in words, e.g. `N₀.₉ ≈ (ln(1/ε) − ½ ln m + C)/ln(1+ηλ)`. */
  prediction: string;
  /** The regime it is tested in, e.g. `ε = 1e-6, m = 100, d = 5`. */
  regime: string;
  /** The experiments whose results `measure` reads. */
  uses: string[];
  /** Named checks with their pass bands. The claim passes when every check passes. */
  checks: Record<string, CheckDecl>;
  /** Pure: from results to one measured value per check. */
  measure: (results: Results, profile: Profile) => Measurement;
  /** `hold` (default): `verify` fails if this claim fails. `open`: reported, never fails `verify`. */
  expect?: "hold" | "open";
  /**
   * `claim` (default): a prediction of the paper that the data could contradict. `sanity`: a check that only a
   * bug can fail (an identity of the equations, a property guaranteed by construction); reported apart and never
   * counted among the claims confirmed.
   */
  kind?: "claim" | "sanity";
  /**
   * The negative control: the same measurement where the mechanism the claim is about is absent. A PASS counts
   * only if the control comes out outside the band on at least one check; otherwise the claim "does not
   * discriminate". Every gating claim of kind `claim` declares one.
   */
  control?: Control;
  /** Why a claim is `open` (e.g. "does not reproduce at ε = 1e-4: see detail"); shown in the report. */
  expectWhy?: string;
  /**
   * What a diverged run among `uses` means (see `src/core/divergence.ts`): `inconclusive` (default) — the verdict
   * is INCONCLUSIVE, "diverged (run …, step k)"; `fail` — the claim predicts convergence, so it FAILs; `measured`
   * — `measure` handles diverged runs itself (a claim about divergence).
   */
  divergence?: "inconclusive" | "fail" | "measured";
}

/** A negative control of a claim: a regime without the mechanism, measured the same way. */
export interface Control {
  /** The regime in words, e.g. `standard initialisation (ε = 1)` or `γ = 0.5, the linear side of the boundary`. */
  regime: string;
  /** The experiments its `measure` reads (declared in the paper like any other). */
  uses: string[];
  /** Pure: the claim's checks measured on the control's runs (the same check names). */
  measure: (results: Results, profile: Profile) => Measurement;
}

/** A Vega-Lite spec (kept loose here; `src/render/` compiles it). */
export type VegaLiteSpec = JsonObject;

/** A figure: a pure function from results to a Vega-Lite spec. */
export interface Figure {
  /** File stem, e.g. `loss_curves`. */
  id: string;
  title: string;
  /** One or two sentences under the figure in the report. */
  caption: string;
  uses: string[];
  spec: (results: Results, profile: Profile) => VegaLiteSpec;
}

/** One finished run as claims and figures see it. */
export interface RunRecord<R = JsonObject> {
  /** Content key. */
  key: string;
  /** The sweep point (base + set + swept fields, before `derive`). */
  point: JsonObject;
  /** The final spec that was run. */
  spec: RunSpec;
  result: R;
}

/** Results by experiment id. */
export type Results = Record<string, RunRecord[]>;
