/**
 * Small builders of Vega-Lite specs that papers share: a line chart with optional log axes and overlays.
 * They return plain JSON specs; drawing, fonts and files belong to `vega.ts`.
 *
 * @example
 * ```ts
 * import { lineChart } from "./charts.ts";
 * const spec = lineChart({
 *   title: "loss", values: [{ step: 1, loss: 0.5, run: "a" }], x: "step", y: "loss", color: "run", logX: true,
 * });
 * ```
 * @module
 */
import type { JsonObject } from "../core/types.ts";

/** Options of {@linkcode lineChart}. */
export interface LineChartOptions {
  title: string;
  values: JsonObject[];
  x: string;
  y: string;
  /** Field that tells series apart. */
  color?: string;
  /** Field for dashes/detail within a colour (e.g. seed). */
  detail?: string;
  xTitle?: string;
  yTitle?: string;
  colorTitle?: string;
  logX?: boolean;
  logY?: boolean;
  /** Points instead of lines. */
  points?: boolean;
  width?: number;
  height?: number;
  /** Extra layers drawn over the lines (rules, predicted lines). */
  layers?: JsonObject[];
}

/** Encoding of one axis. */
function axis(field: string, log: boolean | undefined, title?: string): JsonObject {
  const enc: JsonObject = { field, type: "quantitative", title: title ?? field };
  if (log) enc.scale = { type: "log" };
  else enc.scale = { zero: false };
  return enc;
}

/** A line (or point) chart of `y` against `x`, one series per `color`. */
export function lineChart(o: LineChartOptions): JsonObject {
  const encoding: JsonObject = { x: axis(o.x, o.logX, o.xTitle), y: axis(o.y, o.logY, o.yTitle) };
  if (o.color) encoding.color = { field: o.color, type: "nominal", title: o.colorTitle ?? o.color };
  if (o.detail) encoding.detail = { field: o.detail, type: "nominal" };
  const main: JsonObject = {
    data: { values: o.values },
    mark: o.points ? { type: "point", filled: true, size: 40 } : { type: "line", strokeWidth: 1.5, clip: true },
    encoding,
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: o.title,
    width: o.width ?? 460,
    height: o.height ?? 280,
    layer: [main, ...(o.layers ?? [])],
  };
}

/** A layer of vertical rules at `x` values (e.g. stage boundaries), coloured like the series. */
export function ruleLayer(values: JsonObject[], x: string, color?: string, dash = [4, 3]): JsonObject {
  const encoding: JsonObject = { x: { field: x, type: "quantitative" } };
  if (color) encoding.color = { field: color, type: "nominal" };
  return { data: { values }, mark: { type: "rule", strokeDash: dash, opacity: 0.8 }, encoding };
}

/** A layer of straight dashed lines through given (x, y) pairs, one per `series` (predicted laws). */
export function predictedLayer(values: JsonObject[], x: string, y: string, series?: string): JsonObject {
  const encoding: JsonObject = { x: { field: x, type: "quantitative" }, y: { field: y, type: "quantitative" } };
  if (series) encoding.color = { field: series, type: "nominal" };
  return { data: { values }, mark: { type: "line", strokeDash: [6, 4], strokeWidth: 1.2 }, encoding };
}
