/**
 * Field rules for run specs: each task declares its fields, and a spec with an unknown field, a missing field or
 * a bad value is rejected with a message naming the field.
 *
 * @example
 * ```ts
 * import { checkFields, int, num } from "./schema.ts";
 * const schema = { m: int({ min: 1 }), lr: num({ positive: true }) };
 * const { spec, problems } = checkFields(schema, { m: -3, lr: 0.1 });
 * console.log(problems); // [{ field: "m", message: "must be an integer ≥ 1 (got -3)" }]
 * ```
 * @module
 */
import type { Json, JsonObject } from "./types.ts";

/** A rule for one field: checks a value, returns a message when it is bad. */
export interface FieldRule {
  /** Returns undefined when the value is good, else what is wrong. */
  check(value: Json): string | undefined;
  /** Used when the field is absent; a field without a default is required. */
  default?: Json;
  /** One-line description (shown in docs and errors). */
  doc?: string;
}

/** A task's fields. */
export type Schema = Record<string, FieldRule>;

/** One thing wrong with a spec. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * A value as an error message shows it: `NaN`, `Infinity` and `-Infinity` by name (JSON would say `null`).
 *
 * @example
 * ```ts
 * import { showValue } from "./schema.ts";
 * console.log(showValue(NaN), showValue([1, -Infinity])); // NaN [1,"-Infinity"]
 * ```
 */
export function showValue(v: unknown): string {
  if (typeof v === "number") return Number.isFinite(v) ? JSON.stringify(v) : String(v);
  if (typeof v === "bigint") return `${v}n`;
  if (v === undefined || typeof v === "function" || typeof v === "symbol") return String(v);
  try {
    return JSON.stringify(v, (_k, x) => typeof x === "number" && !Number.isFinite(x) ? String(x) : x) ?? String(v);
  } catch {
    return String(v);
  }
}

/** A finite number, optionally positive or within [min, max]. */
export function num(
  opts: { positive?: boolean; min?: number; max?: number; default?: number; doc?: string } = {},
): FieldRule {
  return {
    default: opts.default,
    doc: opts.doc,
    check(v) {
      if (typeof v !== "number" || !Number.isFinite(v)) return `must be a finite number (got ${showValue(v)})`;
      if (opts.positive && !(v > 0)) return `must be > 0 (got ${v})`;
      if (opts.min !== undefined && v < opts.min) return `must be ≥ ${opts.min} (got ${v})`;
      if (opts.max !== undefined && v > opts.max) return `must be ≤ ${opts.max} (got ${v})`;
      return undefined;
    },
  };
}

/** An integer, optionally within [min, max]. */
export function int(opts: { min?: number; max?: number; default?: number; doc?: string } = {}): FieldRule {
  return {
    default: opts.default,
    doc: opts.doc,
    check(v) {
      if (typeof v !== "number" || !Number.isInteger(v)) return `must be an integer (got ${showValue(v)})`;
      if (opts.min !== undefined && v < opts.min) return `must be an integer ≥ ${opts.min} (got ${v})`;
      if (opts.max !== undefined && v > opts.max) return `must be an integer ≤ ${opts.max} (got ${v})`;
      return undefined;
    },
  };
}

/** One of the given strings. */
export function oneOf(values: readonly string[], opts: { default?: string; doc?: string } = {}): FieldRule {
  return {
    default: opts.default,
    doc: opts.doc,
    check: (v) =>
      typeof v === "string" && values.includes(v)
        ? undefined
        : `must be one of ${values.join(", ")} (got ${showValue(v)})`,
  };
}

/** A boolean. */
export function bool(opts: { default?: boolean; doc?: string } = {}): FieldRule {
  return {
    default: opts.default,
    doc: opts.doc,
    check: (v) => typeof v === "boolean" ? undefined : `must be true or false (got ${showValue(v)})`,
  };
}

/** A list whose items each pass `item`, optionally non-empty. */
export function list(item: FieldRule, opts: { nonEmpty?: boolean; default?: Json[]; doc?: string } = {}): FieldRule {
  return {
    default: opts.default,
    doc: opts.doc,
    check(v) {
      if (!Array.isArray(v)) return `must be a list (got ${showValue(v)})`;
      if (opts.nonEmpty && v.length === 0) return "must not be empty";
      for (let i = 0; i < v.length; i++) {
        const p = item.check(v[i]);
        if (p) return `item ${i} ${p}`;
      }
      return undefined;
    },
  };
}

/** Any string. */
export function str(opts: { default?: string; doc?: string } = {}): FieldRule {
  return {
    default: opts.default,
    doc: opts.doc,
    check: (v) => typeof v === "string" ? undefined : `must be a string (got ${showValue(v)})`,
  };
}

/** A JSON object of numbers (free-form parameters, e.g. a target's coefficients). */
export function numberRecord(opts: { default?: JsonObject; doc?: string } = {}): FieldRule {
  return {
    default: opts.default,
    doc: opts.doc,
    check(v) {
      if (v === null || typeof v !== "object" || Array.isArray(v)) return `must be an object (got ${showValue(v)})`;
      for (const [k, x] of Object.entries(v)) {
        if (typeof x !== "number" || !Number.isFinite(x)) return `.${k} must be a finite number (got ${showValue(x)})`;
      }
      return undefined;
    },
  };
}

/**
 * Checks `obj` against `schema`: unknown fields, missing required fields and bad values are problems.
 * Returns the spec with defaults filled in (so a default and the same value written out hash alike).
 */
export function checkFields(schema: Schema, obj: JsonObject): { spec: JsonObject; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const spec: JsonObject = {};
  for (const field of Object.keys(obj)) {
    if (!(field in schema)) {
      problems.push({ field, message: `unknown field (known: ${Object.keys(schema).join(", ")})` });
    }
  }
  for (const [field, rule] of Object.entries(schema)) {
    const value = field in obj ? obj[field] : rule.default;
    if (value === undefined) {
      problems.push({ field, message: "is required" });
      continue;
    }
    const p = rule.check(value);
    if (p) problems.push({ field, message: p });
    else spec[field] = value;
  }
  return { spec, problems };
}
