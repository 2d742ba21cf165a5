/**
 * Every paper of the pipeline, in report order.
 *
 * @example
 * ```ts
 * import { papers } from "./mod.ts";
 * console.log(papers.map((p) => p.id));
 * ```
 * @module
 */
import type { Paper } from "../src/core/declare.ts";
import { chen2024 } from "./chen2024_multistage.ts";
import { wang2022 } from "./wang2022_early_stage.ts";
import { ainsworth2020 } from "./ainsworth2020_plateau.ts";
import { chen2023 } from "./chen2023_condensation.ts";
import { berthier2023 } from "./berthier2023_timescales.ts";

/** The papers, in report order. */
export const papers: Paper[] = [
  chen2024,
  ainsworth2020,
  chen2023,
  berthier2023,
  wang2022,
];
