/**
 * The floors of the house: every import in `src/`, `pipeline/` and `bench/` goes to the same floor or one below,
 * never up. Ground floor first:
 *
 *   std, core → analysis → train → graph → claims → render → pipeline → cli (and bench)
 *
 * `pipeline/` is declarations only: it may read core, analysis and the chart helpers (`src/render/charts.ts`),
 * nothing that plans, trains, caches or renders.
 *
 * @module
 */
import { assertEquals } from "../src/std/assert.ts";

/** The floor of each top-level place, lowest first. */
const FLOORS: Record<string, number> = {
  "src/std": 0,
  "src/core": 0,
  "src/analysis": 1,
  "src/train": 2,
  "src/graph": 3,
  "src/claims": 4,
  "src/render": 5,
  "pipeline": 6,
  "src/cli.ts": 7,
  "src/cli": 7,
  "bench": 7,
};

/** What `pipeline/` may import besides itself. */
const PIPELINE_MAY_READ = ["src/core/", "src/analysis/", "src/render/charts.ts"];

const root = new URL("../", import.meta.url);

function placeOf(path: string): string | undefined {
  return Object.keys(FLOORS).find((p) => path === p || path.startsWith(p + "/"));
}

function* tsFiles(dir: string): Generator<string> {
  for (const e of Deno.readDirSync(new URL(dir, root))) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) yield* tsFiles(p);
    else if (e.name.endsWith(".ts")) yield p;
  }
}

/** Resolves `./x` against the importing file's folder, as a path from the repository root. */
function resolve(from: string, spec: string): string {
  const parts = from.split("/").slice(0, -1);
  for (const seg of spec.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  return parts.join("/");
}

/**
 * Every relative import of every file, as `[from, to]`: static and dynamic imports, and with `spawns` also the
 * module URL a file starts a Worker from (a worker may import its spawner's types without that being a cycle).
 */
function imports({ spawns = true } = {}): [string, string][] {
  const pairs: [string, string][] = [];
  const re = spawns
    ? /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)["'](\.{1,2}\/[^"']+\.ts)["']/g
    : /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+\.ts)["']/g;
  for (const dir of ["src", "pipeline", "bench"]) {
    for (const file of tsFiles(dir)) {
      // Doc examples (lines starting with " * ") show usage, not dependencies.
      const code = Deno.readTextFileSync(new URL(file, root)).split("\n").filter((l) => !/^\s*\*/.test(l)).join("\n");
      for (const m of code.matchAll(re)) pairs.push([file, resolve(file, m[1])]);
    }
  }
  return pairs;
}

Deno.test("every source file sits on a declared floor", () => {
  const homeless = [...tsFiles("src"), ...tsFiles("pipeline"), ...tsFiles("bench")].filter((f) => !placeOf(f));
  assertEquals(homeless, []);
});

Deno.test("no import runs back up a floor", () => {
  const upward = imports().filter(([from, to]) => {
    const a = placeOf(from), b = placeOf(to);
    return a !== undefined && b !== undefined && FLOORS[b] > FLOORS[a];
  }).map(([from, to]) => `${from} → ${to}`);
  assertEquals(upward, []);
});

Deno.test("a paper's declaration reads only core, analysis and the chart helpers", () => {
  const wrong = imports().filter(([from, to]) =>
    from.startsWith("pipeline/") && !to.startsWith("pipeline/") && !PIPELINE_MAY_READ.some((p) => to.startsWith(p))
  ).map(([from, to]) => `${from} → ${to}`);
  assertEquals(wrong, []);
});

Deno.test("the ground floor imports nothing else of src/", () => {
  const wrong = imports().filter(([from, to]) =>
    (from.startsWith("src/core/") && !to.startsWith("src/core/")) ||
    (from.startsWith("src/std/") && !to.startsWith("src/std/"))
  ).map(([from, to]) => `${from} → ${to}`);
  assertEquals(wrong, []);
});

Deno.test("no file imports itself through others (no import cycles)", () => {
  const next = new Map<string, string[]>();
  for (const [a, b] of imports({ spawns: false })) next.set(a, [...(next.get(a) ?? []), b]);
  const state = new Map<string, "open" | "done">(), cycles: string[] = [];
  const visit = (f: string, path: string[]) => {
    if (state.get(f) === "done") return;
    if (state.get(f) === "open") return void cycles.push([...path.slice(path.indexOf(f)), f].join(" → "));
    state.set(f, "open");
    for (const g of next.get(f) ?? []) visit(g, [...path, f]);
    state.set(f, "done");
  };
  for (const f of next.keys()) visit(f, []);
  assertEquals(cycles, []);
});
