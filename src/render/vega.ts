/**
 * Vega-Lite spec → SVG (Vega's headless View) → PNG (resvg). Text is measured with the real font's advance widths
 * (opentype.js), replacing Vega's canvas-less estimate of 0.8 em per character, so labels do not overlap.
 *
 * @example
 * ```ts
 * import { createRenderer } from "./vega.ts";
 * const render = await createRenderer();
 * const { svg, png } = await render({
 *   data: { values: [{ x: 1, y: 2 }] }, mark: "point",
 *   encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
 * });
 * ```
 * @module
 */
import * as vl from "vega-lite";
import * as vega from "vega";
import opentype from "opentype.js";
import { initWasm, Resvg } from "@resvg/resvg-wasm";
import type { JsonObject } from "../core/types.ts";
import { type Fonts, loadFonts } from "./fonts.ts";
import { extentSpec, fitAxes, polishMarks } from "./polish.ts";

/** The font stack every figure names: DejaVu Sans (whose widths lay out the labels), then faces of similar width. */
export const FONT_STACK = "DejaVu Sans, Verdana, Bitstream Vera Sans, Geneva, Arial, Helvetica, sans-serif";

/** Okabe & Ito's colour-blind-safe palette (Color Universal Design), yellow last: it is faint on white. */
export const CATEGORY_PALETTE = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#CC79A7",
  "#56B4E9",
  "#D55E00",
  "#000000",
  "#F0E442",
];

/** The house style, applied to every figure: font stack, colour-blind-safe palettes, labels that never collide. */
export function theme(family: string = FONT_STACK): JsonObject {
  const axis = {
    labelFontSize: 11,
    titleFontSize: 12,
    gridColor: "#eee",
    titleFontWeight: "normal",
    labelOverlap: "greedy",
    labelSeparation: 6,
    labelFlush: true,
    tickCount: 6,
  };
  return {
    font: family,
    background: "white",
    padding: 8,
    view: { stroke: "#ccc" },
    axis,
    legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: "normal", labelLimit: 260, symbolStrokeWidth: 2 },
    title: { fontSize: 13, fontWeight: "bold", anchor: "start", offset: 10, limit: 0 },
    range: {
      category: CATEGORY_PALETTE,
      ordinal: { scheme: "viridis", extent: [0, 0.85] },
      ramp: { scheme: "viridis" },
      heatmap: { scheme: "viridis" },
    },
  };
}

/** A text-width function for Vega from font bytes: width in px of `text` at the item's size and weight. */
export function fontWidth(
  fonts: Fonts,
): (item: { fontSize?: number; fontWeight?: string | number }, text: unknown) => number {
  const toAb = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
  const regular = opentype.parse(toAb(fonts.regular)), bold = opentype.parse(toAb(fonts.bold));
  const cache = new Map<string, number>();
  return (item, text) => {
    const s = text == null ? "" : String(text).trim();
    const size = item.fontSize != null ? +item.fontSize || 0 : 11;
    if (!s || size <= 0) return 0;
    const isBold = item.fontWeight === "bold" || Number(item.fontWeight) >= 600;
    const key = `${isBold ? "b" : "r"}${size}|${s}`;
    const known = cache.get(key);
    if (known !== undefined) return known;
    const w = Number((isBold ? bold : regular).getAdvanceWidth(s, size, { kerning: true }));
    cache.set(key, w);
    return w;
  };
}

/** A rendered figure. */
export interface Rendered {
  /** The Vega-Lite spec as written (with the theme). */
  spec: JsonObject;
  svg: string;
  png: Uint8Array;
}

let wasmReady: Promise<void> | undefined;

/** Loads fonts and the rasteriser once; returns a function that renders one spec. */
export async function createRenderer(): Promise<(spec: JsonObject) => Promise<Rendered>> {
  const fonts = await loadFonts();
  // Vega exports textMetrics at run time but not in its typings.
  (vega as unknown as { textMetrics: { width: unknown } }).textMetrics.width = fontWidth(fonts);
  wasmReady ??= initWasm(
    Deno.readFile(new URL(import.meta.resolve("@resvg/resvg-wasm/index_bg.wasm"))),
  );
  await wasmReady;
  const view = async (spec: JsonObject) => {
    const compiled = vl.compile(spec as unknown as vl.TopLevelSpec).spec;
    return await new vega.View(vega.parse(compiled), { renderer: "none" }).runAsync();
  };
  return async (spec: JsonObject) => {
    const config = { ...theme(), ...(spec.config as JsonObject ?? {}) };
    const marked: JsonObject = { ...polishMarks(spec), config };
    // Pass 1 reads the data's extent on each positional scale; pass 2 fixes the domains and log ticks.
    const pass1 = extentSpec(marked);
    const extent: Record<string, [number, number]> = {};
    if (pass1.axes.length) {
      const v1 = await view(pass1.spec);
      for (const a of pass1.axes) extent[a] = v1.scale(a).domain() as [number, number];
      v1.finalize();
    }
    const themed = fitAxes(marked, pass1.axes, extent);
    const v2 = await view(themed);
    const svg = await v2.toSVG();
    v2.finalize();
    const png = new Resvg(svg, {
      fitTo: { mode: "zoom", value: 2 },
      background: "white",
      font: { fontBuffers: [fonts.regular, fonts.bold], defaultFontFamily: fonts.family, loadSystemFonts: false },
    }).render().asPng();
    return { spec: themed, svg, png };
  };
}
