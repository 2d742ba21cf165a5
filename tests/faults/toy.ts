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
import type { Claim, Paper } from "../../src/core/declare.ts";
import { twoLayerResult } from "../../src/core/results.ts";
import { lineChart } from "../../src/render/charts.ts";
import { main } from "../../src/cli.ts";

/** Losses the toy divergence covers. */
export const LOSSES = ["square", "logistic", "exponential"] as const;

const lossRatio: Claim["measure"] = (r) => {
  const rs = (r.sweep ?? []).map(twoLayerResult);
  if (rs.length === 0) return { inconclusive: "no runs" };
  return { values: { ratio: { value: Math.max(...rs.map((x) => x.loss[x.loss.length - 1] / x.L0)) } } };
};

/** A toy paper: `variant` as in the module doc; `seeds` runs in its one experiment. */
export function toyPaper(variant = "base", seeds = 12): Paper {
  const diverge = variant.startsWith("diverge-");
  const loss = diverge ? variant.slice("diverge-".length) : "square";
  return {
    id: "toy",
    title: "A toy paper",
    authors: "A. Author",
    year: 2024,
    arxiv: "0000.00000",
    experiments: [{
      id: "sweep",
      description: "short runs of a small net",
      task: "two_layer",
      base: {
        target: "chen2024",
        targetParams: loss === "square" ? {} : { sign: 1 },
        n: 40,
        d: 3,
        m: 12,
        activation: diverge ? "relu" : "tanh",
        loss,
        initScaleA: diverge ? 1 : 0.1,
        initScaleW: diverge ? 1 : 0.1,
        lr: diverge ? 1e150 : 0.1,
        steps: diverge ? 300 : 1500,
        linear: 20,
        perDecade: 5,
        snapshotEnds: true,
      },
      profiles: {
        ci: { sweep: { seed: Array.from({ length: seeds }, (_, i) => i) } },
        full: { sweep: { seed: [0] } },
      },
    }],
    claims: [
      {
        id: "T-C1",
        statement: "The loss halves.",
        source: "[derived]",
        prediction: "L_end/L0 ≤ 0.5",
        regime: "toy",
        uses: ["sweep"],
        checks: { ratio: { label: "L_end/L0", band: { hi: diverge ? 1e300 : 0.5 }, bandWhy: "toy" } },
        measure: lossRatio,
      },
      ...(diverge
        ? [{
          id: "T-C2",
          statement: "Training converges.",
          source: "[derived]",
          prediction: "L_end/L0 ≤ 1e300",
          regime: "toy",
          uses: ["sweep"],
          checks: { ratio: { label: "L_end/L0", band: { hi: 1e300 }, bandWhy: "toy" } },
          measure: lossRatio,
          divergence: "fail" as const,
        }]
        : []),
    ],
    figures: [{
      id: "loss",
      title: "Loss",
      caption: "Toy loss.",
      uses: ["sweep"],
      spec: (r) => {
        if (variant === "figure-throws") throw new Error("boom in figure");
        return lineChart({
          title: "toy",
          values: (r.sweep ?? []).slice(0, 2).flatMap((run) =>
            twoLayerResult(run).step.map((s, i) => ({
              step: s + 1,
              loss: twoLayerResult(run).loss[i],
              seed: String(run.point.seed),
            }))
          ),
          x: "step",
          y: "loss",
          color: "seed",
          logX: true,
        });
      },
    }],
  };
}

if (import.meta.main) {
  const [variant, ...args] = Deno.args;
  Deno.exit(await main(args, [toyPaper(variant)]));
}
