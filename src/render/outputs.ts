/**
 * Writes every output of a repro: `figures/<paper>/<figure>.{vl.json,svg,png}`, `figures/REPORT.md`,
 * `figures/index.html`, `figures/claims.json`, and a stamp of their inputs so an unchanged repro skips rendering (and never imports
 * Vega). Everything is rendered in memory first, then written file by file atomically; the stamp goes last. The stamp
 * also lists every file written with its size and SHA-256, so a deleted or edited output is noticed (cheaply: a file
 * of the same size not modified after the stamp is taken as is; any other is hashed) and rendered again.
 *
 * @example
 * ```ts
 * import { readStamp } from "./outputs.ts";
 * const stamp = await readStamp("figures"); // undefined before the first render
 * ```
 * @module
 */
import type { ClaimVerdict } from "../claims/mod.ts";
import { canonicalJson, type Paper, type Profile, type Results, sha256Hex } from "../core/mod.ts";
import { type PlannedRun, writeAtomic } from "../graph/mod.ts";
import { reportHtml, specScript, VENDOR_SCRIPTS } from "./html.ts";
import { claimRows, reportMarkdown } from "./report.ts";
import { scaleRows, type VerdictRow } from "./scales.ts";

/** The source folders whose code shapes the outputs. */
const SOURCE_DIRS = ["pipeline", "src"];

async function listTs(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) out.push(...await listTs(p));
    else if (e.name.endsWith(".ts")) out.push(p);
  }
  return out;
}

/** A digest of the inputs of the outputs: profile, every run key, and the source of pipeline/ and src/. */
export async function outputsStamp(runs: readonly PlannedRun[], profile: Profile, extra = ""): Promise<string> {
  const root = new URL("../../", import.meta.url);
  const files = (await Promise.all(SOURCE_DIRS.map((d) => listTs(new URL(d, root).pathname)))).flat().sort();
  const sources = await Promise.all(
    files.map(async (f) => `${f.slice(root.pathname.length)}\n${await Deno.readTextFile(f)}`),
  );
  return await sha256Hex(
    canonicalJson({
      profile,
      keys: runs.map((r) => r.key).sort(),
      source: await sha256Hex(sources.join("\n")),
      ...(extra ? { extra: await sha256Hex(extra) } : {}),
    }),
  );
}

/** What `.stamp` holds: the inputs' digest and every file written, by path relative to the output folder. */
export interface StampFile {
  stamp: string;
  files: Record<string, { size: number; sha256: string }>;
}

const bytesOf = (data: string | Uint8Array) => typeof data === "string" ? new TextEncoder().encode(data) : data;

async function sha256Bytes(data: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The stamp of the last render in `outDir`, if that render's outputs are all still there as written: undefined
 * when there is no stamp, or a file it lists is missing or was edited (size differs, or modified after the stamp
 * and its hash differs).
 */
export async function readStamp(outDir: string): Promise<string | undefined> {
  let parsed: StampFile, stampTime: number;
  try {
    const path = `${outDir}/.stamp`;
    parsed = JSON.parse(await Deno.readTextFile(path));
    stampTime = (await Deno.stat(path)).mtime?.getTime() ?? 0;
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed.stamp !== "string" || !parsed.files || typeof parsed.files !== "object") {
    return undefined;
  }
  for (const [rel, want] of Object.entries(parsed.files)) {
    const path = `${outDir}/${rel}`;
    let st: Deno.FileInfo;
    try {
      st = await Deno.stat(path);
    } catch {
      return undefined;
    }
    if (st.size !== want.size) return undefined;
    if ((st.mtime?.getTime() ?? Infinity) >= stampTime) { // same tick: cannot tell, so hash
      const got = await Deno.readFile(path).then(sha256Bytes, () => "");
      if (got !== want.sha256) return undefined;
    }
  }
  return parsed.stamp;
}

/** A figure (or notes) function that threw, named by paper and figure. */
export class FigureError extends Error {
  constructor(readonly paper: string, readonly figure: string, cause: unknown) {
    super(`paper ${paper}, figure ${figure}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "FigureError";
  }
}

/** Runs `f.spec` on the results, naming paper and figure if it throws. */
function figureSpec(paper: Paper, f: Paper["figures"][number], results: Results, profile: Profile) {
  try {
    return f.spec(results, profile);
  } catch (e) {
    throw new FigureError(paper.id, f.id, e);
  }
}

/**
 * Computes every figure spec whose runs are all present (no rendering, no Vega), and returns one line per
 * figure that throws: `paper wang2022, figure loss: boom`. `verify` reports these as errors.
 */
export function figureProblems(
  papers: readonly Paper[],
  byPaper: Record<string, Results>,
  profile: Profile,
  runs: readonly PlannedRun[],
): string[] {
  const out: string[] = [];
  for (const p of papers) {
    const results = byPaper[p.id] ?? {};
    for (const f of p.figures) {
      if (!complete(p.id, f.uses, results, runs)) continue;
      try {
        figureSpec(p, f, results, profile);
      } catch (e) {
        out.push((e as Error).message);
      }
    }
  }
  return out;
}

/** Whether every planned run of the experiments `uses` of paper `paper` has a result. */
function complete(paper: string, uses: readonly string[], results: Results, runs: readonly PlannedRun[]): boolean {
  return uses.every((u) => {
    const planned = runs.filter((r) => r.paper === paper && r.experiment === u).length;
    return planned > 0 && (results[u]?.length ?? 0) === planned;
  });
}

/** The browser builds of Vega, Vega-Lite and Vega-Embed, read from the npm packages (no CDN at view time). */
async function vendorScripts(): Promise<[string, Uint8Array][]> {
  const from: Record<string, string> = {
    "vega.min.js": "vega",
    "vega-lite.min.js": "vega-lite",
    "vega-embed.min.js": "vega-embed",
  };
  return await Promise.all(VENDOR_SCRIPTS.map(async (name): Promise<[string, Uint8Array]> => {
    const url = new URL(name, import.meta.resolve(from[name]));
    try {
      return [name, await Deno.readFile(url)];
    } catch (e) {
      throw new Error(`render: cannot read ${url.pathname} for figures/vendor/ (run \`deno install\`): ${e}`);
    }
  }));
}

/** What {@linkcode renderOutputs} needs. */
export interface OutputInput {
  papers: readonly Paper[];
  byPaper: Record<string, Results>;
  verdicts: readonly ClaimVerdict[];
  profile: Profile;
  outDir: string;
  runs: readonly PlannedRun[];
  stamp: string;
  /** The other profile's verdict rows (its claims.json), for the table of verdicts at both scales. */
  otherRows?: readonly VerdictRow[];
}

/** Renders and writes every output; returns the number of files written. */
export async function renderOutputs(input: OutputInput): Promise<number> {
  const { createRenderer } = await import("./vega.ts");
  const render = await createRenderer();
  const files = new Map<string, string | Uint8Array>();
  const rendered: Record<string, string[]> = {};
  const notes: Record<string, string> = {};
  for (const p of input.papers) {
    const results = input.byPaper[p.id] ?? {};
    rendered[p.id] = [];
    for (const f of p.figures) {
      if (!complete(p.id, f.uses, results, input.runs)) continue;
      const spec = figureSpec(p, f, results, input.profile);
      let out;
      try {
        out = await render(spec);
      } catch (e) {
        throw new FigureError(p.id, f.id, e);
      }
      files.set(`${p.id}/${f.id}.vl.json`, JSON.stringify(out.spec, null, 1) + "\n");
      files.set(`${p.id}/${f.id}.vl.js`, specScript(`${p.id}/${f.id}`, out.spec));
      files.set(`${p.id}/${f.id}.svg`, out.svg);
      files.set(`${p.id}/${f.id}.png`, out.png);
      rendered[p.id].push(f.id);
    }
    if (p.notes && complete(p.id, p.experiments.map((e) => e.id), results, input.runs)) {
      try {
        notes[p.id] = p.notes(results);
      } catch (e) {
        throw new FigureError(p.id, "notes", e);
      }
    }
  }
  for (const [name, data] of await vendorScripts()) files.set(`vendor/${name}`, data);
  const mine = claimRows(input.verdicts) as unknown as VerdictRow[], other = input.otherRows ?? [];
  const scales = other.length === 0 ? [] : input.profile === "full" ? scaleRows(mine, other) : scaleRows(other, mine);
  files.set("REPORT.md", reportMarkdown({ ...input, rendered, notes, scales }));
  files.set("index.html", reportHtml({ ...input, rendered, notes, scales }));
  files.set(
    "claims.json",
    JSON.stringify({ profile: input.profile, claims: claimRows(input.verdicts) }, null, 1) + "\n",
  );
  const stamp: StampFile = { stamp: input.stamp, files: {} };
  for (const [path, data] of [...files].sort(([a], [b]) => a < b ? -1 : 1)) {
    const bytes = bytesOf(data);
    await writeAtomic(`${input.outDir}/${path}`, bytes);
    stamp.files[path] = { size: bytes.length, sha256: await sha256Bytes(bytes) };
  }
  await writeAtomic(`${input.outDir}/.stamp`, JSON.stringify(stamp, null, 1) + "\n");
  return files.size;
}
