/**
 * Writes every output of a repro: `figures/<paper>/<figure>.{vl.json,svg,png}`, `figures/REPORT.md`,
 * `figures/index.html`, `figures/claims.json`, and a stamp of their inputs so an unchanged repro skips rendering (and never imports
 * Vega). Everything is rendered in memory first, then written file by file atomically; the stamp goes last.
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
import type { PlannedRun } from "../graph/mod.ts";
import { reportHtml, specScript, VENDOR_SCRIPTS } from "./html.ts";
import { claimRows, reportMarkdown } from "./report.ts";

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
export async function outputsStamp(runs: readonly PlannedRun[], profile: Profile): Promise<string> {
  const root = new URL("../../", import.meta.url);
  const files = (await Promise.all(SOURCE_DIRS.map((d) => listTs(new URL(d, root).pathname)))).flat().sort();
  const sources = await Promise.all(
    files.map(async (f) => `${f.slice(root.pathname.length)}\n${await Deno.readTextFile(f)}`),
  );
  return await sha256Hex(
    canonicalJson({ profile, keys: runs.map((r) => r.key).sort(), source: await sha256Hex(sources.join("\n")) }),
  );
}

/** The stamp of the last render in `outDir`, if any. */
export async function readStamp(outDir: string): Promise<string | undefined> {
  try {
    return (await Deno.readTextFile(`${outDir}/.stamp`)).trim();
  } catch {
    return undefined;
  }
}

async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  if (typeof data === "string") await Deno.writeTextFile(tmp, data);
  else await Deno.writeFile(tmp, data);
  await Deno.rename(tmp, path);
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
    const complete = (uses: string[]) =>
      uses.every((u) => {
        const planned = input.runs.filter((r) => r.paper === p.id && r.experiment === u).length;
        return planned > 0 && (results[u]?.length ?? 0) === planned;
      });
    rendered[p.id] = [];
    for (const f of p.figures) {
      if (!complete(f.uses)) continue;
      const out = await render(f.spec(results, input.profile));
      files.set(`${p.id}/${f.id}.vl.json`, JSON.stringify(out.spec, null, 1) + "\n");
      files.set(`${p.id}/${f.id}.vl.js`, specScript(`${p.id}/${f.id}`, out.spec));
      files.set(`${p.id}/${f.id}.svg`, out.svg);
      files.set(`${p.id}/${f.id}.png`, out.png);
      rendered[p.id].push(f.id);
    }
    if (p.notes && complete(p.experiments.map((e) => e.id))) notes[p.id] = p.notes(results);
  }
  for (const [name, data] of await vendorScripts()) files.set(`vendor/${name}`, data);
  files.set("REPORT.md", reportMarkdown({ ...input, rendered, notes }));
  files.set("index.html", reportHtml({ ...input, rendered, notes }));
  files.set(
    "claims.json",
    JSON.stringify({ profile: input.profile, claims: claimRows(input.verdicts) }, null, 1) + "\n",
  );
  for (const [path, data] of files) await writeAtomic(`${input.outDir}/${path}`, data);
  await writeAtomic(`${input.outDir}/.stamp`, input.stamp + "\n");
  return files.size;
}
