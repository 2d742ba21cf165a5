/**
 * The house rules every figure gets, applied to its Vega-Lite spec before drawing, so each paper's figures follow
 * them without restating them: positional domains that fit the data with a little padding (measured by a first
 * Vega pass), log axes with a handful of ticks in one notation (`0.01 … 100`, or `10⁻⁶ … 10⁻²` with `2×10⁻⁶`
 * between powers when needed), numeric series (ε, m, α as `ε = 1e-4`) coloured on an ordered viridis scale with
 * the legend in numeric order, integer counts drawn as steps, tooltips on every mark and zoom/pan on curves.
 * The functions are pure: the same spec gives the same polished spec.
 *
 * @example
 * ```ts
 * import { logTicks, tickLabel } from "./polish.ts";
 * console.log(logTicks(0.8, 3500)); // [1, 10, 100, 1000]
 * console.log(tickLabel(1e-6, true)); // "10⁻⁶"
 * ```
 * @module
 */
import type { Json, JsonObject } from "../core/types.ts";

type Axis = "x" | "y";
const AXES: Axis[] = ["x", "y"];

const isObj = (j: unknown): j is JsonObject => typeof j === "object" && j !== null && !Array.isArray(j);
const clone = <T>(j: T): T => structuredClone(j);

/** Every unit spec (one mark) of a figure, with the data it inherits; layers and a facet's inner spec are walked. */
export function unitSpecs(spec: JsonObject, data?: Json): { unit: JsonObject; data?: Json }[] {
  const own = spec.data ?? data;
  if (Array.isArray(spec.layer)) return spec.layer.flatMap((l) => (isObj(l) ? unitSpecs(l, own) : []));
  if (isObj(spec.spec)) return unitSpecs(spec.spec, own);
  return spec.mark ? [{ unit: spec, data: own }] : [];
}

const markType = (u: JsonObject): string => (isObj(u.mark) ? String(u.mark.type) : String(u.mark));

/** The inline rows of a unit's data (none when the data is named or loaded). */
function rows(data?: Json): JsonObject[] {
  return isObj(data) && Array.isArray(data.values) ? data.values.filter(isObj) : [];
}

const SUP: Record<string, string> = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶" };
Object.assign(SUP, { "7": "⁷", "8": "⁸", "9": "⁹" });

/** A tick label: plain (`0.02`, `2,000`) or, for axes that need it, powers of ten (`10⁻⁶`, `2×10⁻⁶`). */
export function tickLabel(v: number, powers: boolean): string {
  if (!powers) {
    const s = Number(v.toPrecision(6));
    return Math.abs(s) >= 1000 ? s.toLocaleString("en-US") : String(s);
  }
  const e = Math.floor(Math.log10(Math.abs(v)) + 1e-9), m = Math.round(v / 10 ** e);
  const pow = `10${String(e).split("").map((c) => SUP[c]).join("")}`;
  return m === 1 ? pow : `${m}×${pow}`;
}

/** Tick values of a log axis over [lo, hi]: powers of ten (thinned to ≤ 6), or 1-2-5 steps when few decades. */
export function logTicks(lo: number, hi: number): number[] {
  const within = (ms: number[]) => {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)); e++) {
      for (const m of ms) {
        const v = Number((m * 10 ** e).toPrecision(6));
        if (v >= lo && v <= hi) out.push(v);
      }
    }
    return out;
  };
  let t = within([1]);
  if (t.length > 6) {
    const k = Math.ceil(t.length / 6);
    const keep = t.filter((v) => Math.round(Math.log10(v)) % k === 0);
    t = keep.length >= 2 ? keep : t.filter((_, i) => i % k === 0);
  }
  if (t.length < 3) t = within([1, 2, 5]);
  if (t.length < 3) t = within([1, 2, 3, 5, 7]);
  if (t.length < 3) t = linearTicks(lo, hi);
  return t;
}

/** About four evenly spaced round ticks (step 1, 2 or 5 × 10ᵏ) inside [lo, hi]. */
export function linearTicks(lo: number, hi: number): number[] {
  const raw = (hi - lo) / 4, p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let k = Math.ceil(lo / step); k * step <= hi; k++) out.push(Number((k * step).toPrecision(6)));
  return out;
}

/** A domain around [lo, hi] with a 4 % margin each side (multiplicative on log axes). */
export function paddedDomain(lo: number, hi: number, log: boolean): [number, number] {
  if (log) {
    const f = lo === hi ? 1.5 : Math.max((hi / lo) ** 0.04, 1.03);
    return [lo / f, hi * f];
  }
  const pad = lo === hi ? Math.abs(lo) * 0.1 || 1 : (hi - lo) * 0.04;
  return [lo - pad, hi + pad];
}

/** The numeric value of a series label such as `ε = 1e-4`, `m = 256` or `0.5`; undefined if it has none. */
export function seriesNumber(label: Json | undefined): { prefix: string; value: number } | undefined {
  if (typeof label === "number") return { prefix: "", value: label };
  if (typeof label !== "string") return undefined;
  const m = label.match(/^(.*?=\s*|)(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/i);
  return m ? { prefix: m[1], value: Number(m[2]) } : undefined;
}

/** Field names that label categories even when their values are numbers. */
const CATEGORY_FIELDS = new Set(["seed", "neuron", "run", "point"]);

/** Colour fields whose values are numbers of one quantity become ordered (viridis) with a numeric legend order. */
function orderNumericColour(units: { unit: JsonObject; data?: Json }[]): void {
  const byField = new Map<string, { encs: JsonObject[]; values: Set<Json> }>();
  for (const { unit, data } of units) {
    const enc = isObj(unit.encoding) ? unit.encoding : undefined;
    const c = enc && isObj(enc.color) ? enc.color : undefined;
    if (!c || typeof c.field !== "string" || c.type !== "nominal" || c.scale || c.sort) continue;
    const entry = byField.get(c.field) ?? { encs: [], values: new Set<Json>() };
    entry.encs.push(c);
    for (const r of rows(data)) entry.values.add(r[c.field]);
    byField.set(c.field, entry);
  }
  for (const [field, { encs, values }] of byField) {
    if (CATEGORY_FIELDS.has(field) || values.size < 3) continue;
    const parsed = [...values].map((v) => ({ v, n: seriesNumber(v) }));
    if (parsed.some((p) => !p.n) || new Set(parsed.map((p) => p.n!.prefix)).size !== 1) continue;
    const sort = parsed.sort((a, b) => a.n!.value - b.n!.value).map((p) => p.v);
    for (const c of encs) {
      c.type = "ordinal";
      c.sort = sort;
      c.scale = { scheme: { name: "viridis", extent: [0, 0.85] } };
    }
  }
}

/** Lines of integer counts are drawn as steps (a count does not take the values between). */
function stepCounts(units: { unit: JsonObject; data?: Json }[]): void {
  for (const { unit, data } of units) {
    if (markType(unit) !== "line" || !isObj(unit.encoding) || !isObj(unit.encoding.y)) continue;
    const f = unit.encoding.y.field, r = rows(data);
    if (typeof f !== "string" || r.length < 2) continue;
    if (!r.every((row) => typeof row[f] === "number" && Number.isInteger(row[f]))) continue;
    const mark = isObj(unit.mark) ? unit.mark : { type: "line" };
    if (mark.interpolate === undefined) unit.mark = { ...mark, interpolate: "step-after" };
  }
}

/** Tooltips on every mark; zoom and pan (scales bound to an interval) on the first layer drawing curves. */
function interaction(spec: JsonObject, units: { unit: JsonObject }[]): void {
  for (const { unit } of units) {
    const mark = isObj(unit.mark) ? unit.mark : { type: String(unit.mark) };
    if (mark.tooltip === undefined) unit.mark = { ...mark, tooltip: { content: "data" } };
  }
  if (isObj(spec.spec) || spec.resolve) return; // facets: keep panels static (shared zoom is confusing there)
  const curves = units.find(({ unit }) => ["line", "point"].includes(markType(unit)));
  const hasParams = units.some(({ unit }) => Array.isArray(unit.params)) || Array.isArray(spec.params);
  if (curves && !hasParams) curves.unit.params = [{ name: "zoom", select: "interval", bind: "scales" }];
}

/** Whether the positional scale of `axis` can be fitted: quantitative everywhere, no domain set, no bars/rects. */
function fittable(units: { unit: JsonObject }[], axis: Axis): boolean {
  let any = false;
  for (const { unit } of units) {
    const e = isObj(unit.encoding) ? unit.encoding[axis] : undefined;
    if (!isObj(e) || (e.field === undefined && e.datum !== undefined && e.type === undefined)) continue;
    if (e.type !== "quantitative" || e.bin || e.aggregate || e.stack) return false;
    if (
      isObj(e.scale) &&
      (e.scale.domain !== undefined || e.scale.type && !["linear", "log"].includes(String(e.scale.type)))
    ) {
      return false;
    }
    if (["rect", "bar", "area", "tick"].includes(markType(unit))) return false;
    if (e.field !== undefined) any = true;
  }
  return any;
}

/** `zero` is meaningless (and warned about) on a log scale. */
function noZero(scale: JsonObject): JsonObject {
  if (scale.type === "log") delete scale.zero;
  return scale;
}

/** Pass 1: a copy of the spec whose fittable scales are neither nice nor zero-based, to read the data's extent. */
export function extentSpec(spec: JsonObject): { spec: JsonObject; axes: Axis[] } {
  const out = clone(spec);
  const units = unitSpecs(out);
  const resolve = isObj(out.resolve) && isObj(out.resolve.scale) ? out.resolve.scale : {};
  const axes = AXES.filter((a) => resolve[a] !== "independent" && fittable(units, a));
  for (const a of axes) {
    for (const { unit } of units) {
      const e = isObj(unit.encoding) ? unit.encoding[a] : undefined;
      if (isObj(e) && e.field !== undefined) {
        e.scale = noZero({ ...(isObj(e.scale) ? e.scale : {}), nice: false, zero: false });
      }
    }
  }
  return { spec: out, axes };
}

/** Pass 2: fixes the fitted scales' domains (padded) and, on log axes, their ticks and labels. */
export function fitAxes(spec: JsonObject, axes: Axis[], extent: Record<string, [number, number]>): JsonObject {
  const out = clone(spec);
  const units = unitSpecs(out);
  for (const a of axes) {
    const ext = extent[a];
    if (!ext || !ext.every(Number.isFinite)) continue;
    const encs = units.map(({ unit }) => (isObj(unit.encoding) ? unit.encoding[a] : undefined)).filter(isObj)
      .filter((e) => e.field !== undefined);
    const scale0 = encs.map((e) => e.scale).find(isObj) ?? {};
    const log = scale0.type === "log";
    let [lo, hi] = ext;
    if (log && lo <= 0) continue;
    if (!log && scale0.zero !== false) [lo, hi] = [Math.min(lo, 0), Math.max(hi, 0)];
    const domain = paddedDomain(lo, hi, log);
    const axis: JsonObject = {};
    if (log) {
      const ticks = logTicks(domain[0], domain[1]);
      const powers = ticks[0] < 1e-3 || ticks[ticks.length - 1] >= 1e5;
      const labels: JsonObject = {};
      for (const t of ticks) labels[String(t)] = tickLabel(t, powers);
      axis.values = ticks;
      axis.labelExpr = `${JSON.stringify(labels)}[datum.value] || ''`;
    }
    for (const e of encs) {
      e.scale = noZero({ ...(isObj(e.scale) ? e.scale : {}), domain, nice: false, zero: false });
      if (log && e.axis !== null) e.axis = { ...(isObj(e.axis) ? e.axis : {}), ...axis };
    }
  }
  return out;
}

const SUB: Record<string, string> = Object.fromEntries(
  [..."0123456789aehijklmnoprstuvx"].map((c, i) => [c, [..."₀₁₂₃₄₅₆₇₈₉ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"][i]]),
);

/** One notation for subscripts: `t_l`, `|e_1|`, `L_lin` become `tₗ`, `|e₁|`, `Lₗᵢₙ` (as in `N₀.₉`) where Unicode has the letters. */
export function subscripts(s: string): string {
  return s.replace(
    /(?<=[^\s_])_\{?([0-9a-z]+)\}?(?![A-Za-z0-9_])/g,
    (all, sub: string) => [...sub].every((c) => SUB[c]) ? [...sub].map((c) => SUB[c]).join("") : all,
  );
}

/** Titles, and the series and panel names drawn from data, in the one subscript notation. */
function notation(spec: JsonObject, units: { unit: JsonObject; data?: Json }[]): void {
  const walk = (j: Json): Json => {
    if (Array.isArray(j)) return j.map(walk);
    if (!isObj(j)) return j;
    for (const [k, v] of Object.entries(j)) {
      if ((k === "title" || k === "text") && typeof v === "string") j[k] = subscripts(v);
      else if (k !== "data" && k !== "values") j[k] = walk(v);
    }
    return j;
  };
  walk(spec);
  const named = new Set<string>();
  const collect = (enc: Json | undefined) => {
    if (!isObj(enc)) return;
    for (const ch of ["color", "column", "row", "facet", "strokeDash", "shape"]) {
      const e = enc[ch];
      if (isObj(e) && typeof e.field === "string") named.add(e.field);
    }
  };
  collect(spec.facet ? { facet: spec.facet } : undefined);
  if (isObj(spec.facet)) {
    for (const ch of ["row", "column"]) {
      if (isObj(spec.facet[ch])) named.add(String((spec.facet[ch] as JsonObject).field));
    }
  }
  if (isObj(spec.facet) && typeof spec.facet.field === "string") named.add(spec.facet.field);
  for (const { unit } of units) collect(unit.encoding);
  const datasets = new Set<Json>([spec.data, ...units.map((u) => u.data)].filter((d) => d !== undefined));
  for (const d of datasets) {
    for (const r of rows(d)) for (const f of named) if (typeof r[f] === "string") r[f] = subscripts(r[f] as string);
  }
}

/** A colour scale never hides data: an explicit domain the data exceed is widened to them (kept symmetric if it was). */
function unclampColour(units: { unit: JsonObject; data?: Json }[]): void {
  for (const { unit, data } of units) {
    const c = isObj(unit.encoding) && isObj(unit.encoding.color) ? unit.encoding.color : undefined;
    if (!c || c.type !== "quantitative" || typeof c.field !== "string" || !isObj(c.scale)) continue;
    const d = c.scale.domain;
    if (!Array.isArray(d) || d.length !== 2 || typeof d[0] !== "number" || typeof d[1] !== "number") continue;
    const vs = rows(data).map((r) => r[c.field as string]).filter((v): v is number => typeof v === "number");
    if (vs.length === 0) continue;
    const lo = Math.min(d[0], ...vs), hi = Math.max(d[1], ...vs);
    if (lo === d[0] && hi === d[1]) continue;
    const m = Math.max(-lo, hi);
    c.scale = { ...c.scale, domain: d[0] === -d[1] ? [-m, m] : [lo, hi] };
    delete c.scale.clamp;
  }
}

/** The rules that need no Vega pass: ordered numeric colours, steps for counts, tooltips, zoom. */
export function polishMarks(spec: JsonObject): JsonObject {
  const out = clone(spec);
  const units = unitSpecs(out);
  notation(out, units);
  orderNumericColour(units);
  unclampColour(units);
  stepCounts(units);
  interaction(out, units);
  return out;
}
