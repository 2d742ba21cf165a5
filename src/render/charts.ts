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
  /** Opacity of the lines, e.g. 0.45 when many runs would hide a predicted curve drawn over them. @default 1 */
  opacity?: number;
}

/** Encoding of one axis. */
function axis(field: string, log: boolean | undefined, title?: string): JsonObject {
  const enc: JsonObject = { field, type: "quantitative", title: title ?? field };
  if (log) enc.scale = { type: "log" };
  else enc.scale = { zero: false };
  return enc;
}

const isObj = (j: unknown): j is JsonObject => typeof j === "object" && j !== null && !Array.isArray(j);

/**
 * A predicted or fitted line drawn over series takes the colour of its series when its rows name one (so a fit
 * and its points match); its dash pattern is explained in its own legend.
 */
function matchSeries(layer: JsonObject, color: string, colorTitle: string): JsonObject {
  const enc = isObj(layer.encoding) ? layer.encoding : undefined;
  const values = isObj(layer.data) && Array.isArray(layer.data.values) ? layer.data.values : [];
  if (!enc || !isObj(enc.strokeDash) || enc.color || values.length === 0) return layer;
  if (!values.every((r) => isObj(r) && r[color] !== undefined)) return layer;
  const mark: JsonObject = isObj(layer.mark) ? { ...layer.mark } : { type: "line" };
  delete mark.color;
  // Dashes by the colour's own field would repeat the colour legend: one entry says what the dashes are instead.
  const strokeDash: JsonObject = { ...enc.strokeDash };
  if (strokeDash.field === color) {
    delete strokeDash.field;
    strokeDash.datum = "predicted";
  }
  return {
    ...layer,
    mark,
    encoding: { ...enc, strokeDash, color: { field: color, type: "nominal", title: colorTitle } },
  };
}

/** A line (or point) chart of `y` against `x`, one series per `color`. */
export function lineChart(o: LineChartOptions): JsonObject {
  const encoding: JsonObject = { x: axis(o.x, o.logX, o.xTitle), y: axis(o.y, o.logY, o.yTitle) };
  if (o.color) encoding.color = { field: o.color, type: "nominal", title: o.colorTitle ?? o.color };
  if (o.detail) encoding.detail = { field: o.detail, type: "nominal" };
  const main: JsonObject = {
    data: { values: o.values },
    mark: o.points
      ? { type: "point", filled: true, size: 40 }
      : { type: "line", strokeWidth: 1.5, clip: true, ...(o.opacity !== undefined ? { opacity: o.opacity } : {}) },
    encoding,
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: o.title,
    width: o.width ?? 460,
    height: o.height ?? 280,
    layer: [main, ...(o.layers ?? []).map((l) => (o.color ? matchSeries(l, o.color, o.colorTitle ?? o.color) : l))],
  };
}

/**
 * A layer of vertical rules at `x` values (e.g. stage boundaries), coloured like the series; with `label`, the
 * rules get a legend entry of their own (a reader should not have to guess what 60 lines mean).
 */
export function ruleLayer(
  values: JsonObject[],
  x: string,
  color?: string,
  dash: number[] = [4, 3],
  label?: string,
): JsonObject {
  const encoding: JsonObject = { x: { field: x, type: "quantitative" } };
  if (color) encoding.color = { field: color, type: "nominal" };
  else if (label) encoding.strokeDash = { datum: label, type: "nominal", title: null, scale: { range: [dash] } };
  return { data: { values }, mark: { type: "rule", strokeDash: dash, opacity: 0.8 }, encoding };
}

/** Dash patterns of predicted and fitted lines, in legend order. */
export const DASHES: number[][] = [[6, 4], [2, 2], [10, 3, 2, 3], [1, 3]];

/**
 * A layer of straight dashed lines through given (x, y) pairs, one per `series` (predicted laws, fits). The dash
 * tells the lines apart in a legend of their own (titled `title`), with line symbols; inside {@linkcode lineChart}
 * a line whose rows carry the chart's colour field takes its series' colour.
 */
export function predictedLayer(
  values: JsonObject[],
  x: string,
  y: string,
  series?: string,
  title = "line",
): JsonObject {
  const encoding: JsonObject = { x: { field: x, type: "quantitative" }, y: { field: y, type: "quantitative" } };
  const dash = { type: "nominal", title, scale: { range: DASHES }, legend: { symbolType: "stroke", symbolSize: 600 } };
  if (series) encoding.detail = { field: series, type: "nominal" };
  encoding.strokeDash = series ? { ...dash, field: series } : { ...dash, datum: "predicted" };
  return { data: { values }, mark: { type: "line", strokeWidth: 1.4, color: "#444" }, encoding };
}
