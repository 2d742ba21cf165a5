/**
 * Toy papers for the fault-injection suite, and a command line over them (`deno run … toy.ts <variant> <cli args>`)
 * so a test can run, kill and race real processes on a tiny cache in /tmp.
 *
 * Variants: `base` (12 short runs, one claim that holds, one figure), `diverge-<loss>` (a step size so large that
 * training overflows within a few steps; one claim that is INCONCLUSIVE on divergence and one that predicts
 * convergence and so FAILs), `figure-throws` (base, whose figure function throws).
 *
 * @example
 * ```sh
 * deno run --allow-read=.,/tmp,/proc --allow-write=/tmp tests/faults/toy.ts base verify --cache /tmp/c --jobs 2
 * ```
 * @module
 */
import type { Paper } from "../../src/core/declare.ts";
import { main } from "../../src/cli.ts";
import { lossFigure, lossRatioClaim, toyPaper as sharedToy } from "../fixtures/toy.ts";

/** Losses the toy divergence covers. */
export const LOSSES = ["square", "logistic", "exponential"] as const;

/** A toy paper: `variant` as in the module doc; `seeds` runs in its one experiment. */
export function toyPaper(variant = "base", seeds = 12): Paper {
  const diverge = variant.startsWith("diverge-");
  const loss = diverge ? variant.slice("diverge-".length) : "square";
  const figure = lossFigure("sweep");
  return sharedToy({
    experiment: "sweep",
    base: {
      targetParams: loss === "square" ? {} : { sign: 1 },
      n: 40,
      m: 12,
      activation: diverge ? "relu" : "tanh",
      loss,
      initScaleA: diverge ? 1 : 0.1,
      initScaleW: diverge ? 1 : 0.1,
      lr: diverge ? 1e150 : 0.1,
      steps: diverge ? 300 : 1500,
      snapshotEnds: true,
    },
    seeds: Array.from({ length: seeds }, (_, i) => i),
    fullSeeds: [0],
    claims: [
      lossRatioClaim(diverge ? 1e300 : 0.5, "sweep"),
      ...(diverge
        ? [lossRatioClaim(1e300, "sweep", {
          id: "T-C2",
          statement: "Training converges.",
          divergence: "fail" as const,
        })]
        : []),
    ],
    figures: [{
      ...figure,
      spec: (r, profile) => {
        if (variant === "figure-throws") throw new Error("boom in figure");
        return figure.spec(r, profile);
      },
    }],
  });
}

if (import.meta.main) {
  const [variant, ...args] = Deno.args;
  Deno.exit(await main(args, [toyPaper(variant)]));
}
