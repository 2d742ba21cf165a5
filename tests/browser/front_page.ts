/// <reference lib="dom" />
/**
 * The front page in a real browser (Debian's Chromium, headless, driven over the DevTools protocol by
 * puppeteer-core), opened from `file://` as a reader would open a clone: `deno task browser [figures-dir]`.
 *
 * It asserts: no console error, page error or failed request; every `<img>` loads; every interactive chart renders
 * (a non-empty SVG with marks); every claim id of `claims.json` has an anchor that resolves, and every in-page link
 * points to an existing id; at 400 px nothing overflows sideways outside a scroll box; hovering a data point shows
 * a tooltip. It saves the top of the page at 1400 and 400 px to `<dir>/screenshot_1400.png` and `_400.png` (kept
 * out of byte-identity checks: they are not outputs of `repro`) and prints the page's size and load time.
 * Without Chromium (`CHROMIUM` or `/usr/bin/chromium`) the test is skipped with a message.
 *
 * @example
 * ```ts ignore
 * // deno task browser figures
 * ```
 * @module
 */
import { assert, assertEquals } from "../../src/std/assert.ts";

const DIR = Deno.args[0] ?? "figures";
const CHROMIUM = Deno.env.get("CHROMIUM") ?? "/usr/bin/chromium";

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

const missing = !exists(CHROMIUM)
  ? `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`
  : !exists(`${DIR}/index.html`)
  ? `${DIR}/index.html not found (run deno task repro)`
  : undefined;
if (missing) console.log(`skip: front page browser test: ${missing}`);

/** The part of puppeteer-core's API this test uses (its own typings bring @types/node into `deno check`). */
interface Page {
  on(event: string, handler: (x: never) => void): void;
  setViewport(v: { width: number; height: number }): Promise<void>;
  goto(url: string, o?: { waitUntil: string }): Promise<unknown>;
  screenshot(o: { path: string }): Promise<unknown>;
  evaluate<T, A extends unknown[]>(f: (...args: A) => T | Promise<T>, ...args: A): Promise<T>;
  mouse: { move(x: number, y: number): Promise<void> };
  waitForSelector(selector: string, o: { timeout: number }): Promise<unknown>;
}
interface Puppeteer {
  launch(o: { executablePath: string; headless: boolean; args: string[] }): Promise<{
    newPage(): Promise<Page>;
    close(): Promise<void>;
  }>;
}
interface Message {
  type(): string;
  text(): string;
}
interface Request {
  url(): string;
  failure(): { errorText: string } | null;
}
interface Response {
  url(): string;
  status(): number;
}

/** Fails naming every offender when `list` is not empty. */
function none(list: unknown[], what: string): void {
  assert(list.length === 0, `${what}: ${JSON.stringify(list.slice(0, 20))}`);
}

/** Total bytes of the files the page loads (the page, its scripts, figures and specs). */
function pageBytes(dir: string): number {
  let total = 0;
  const walk = (d: string) => {
    for (const e of Deno.readDirSync(d)) {
      const p = `${d}/${e.name}`;
      if (e.isDirectory && d === dir && e.name === "full") continue;
      if (e.isDirectory) walk(p);
      else if (/\.(svg|js)$/.test(e.name) || p === `${dir}/index.html`) total += Deno.statSync(p).size;
    }
  };
  walk(dir);
  return total;
}

Deno.test({
  name: "front page: loads clean, charts render, anchors resolve, fits a phone, tooltips show",
  ignore: missing !== undefined,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    // A computed specifier keeps puppeteer's typings (and its @types/node) out of `deno check`.
    const name = ["puppeteer", "core"].join("-");
    const { default: puppeteer } = await import(name) as { default: Puppeteer };
    const profile = await Deno.makeTempDir({ prefix: "claimgraph-chromium-" });
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        `--user-data-dir=${profile}`,
      ],
    });
    try {
      const url = new URL(`${Deno.realPathSync(DIR)}/index.html`, "file://").href;
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("console", (m: Message) => {
        if (m.type() === "error") errors.push(`console: ${m.text()}`);
      });
      page.on("pageerror", (e: Error) => errors.push(`page error: ${e}`));
      page.on("requestfailed", (r: Request) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
      page.on("response", (r: Response) => {
        if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
      });

      // 1400 px: load, screenshot, every chart.
      await page.setViewport({ width: 1400, height: 900 });
      const t0 = performance.now();
      await page.goto(url, { waitUntil: "load" });
      const loadMs = performance.now() - t0;
      await page.screenshot({ path: `${DIR}/screenshot_1400.png` });
      const t1 = performance.now();
      const embedded = await page.evaluate(() =>
        (globalThis as unknown as { claimgraph: { loadAll(): Promise<boolean[]> } }).claimgraph.loadAll()
      );
      const chartsMs = performance.now() - t1;
      assert(embedded.length > 0, "no interactive figure on the page");
      assert(embedded.every(Boolean), `${embedded.filter((x) => !x).length} charts failed to embed`);

      const figures = await page.evaluate(() =>
        [...document.querySelectorAll("figure[data-figure]")].map((f) => {
          const svg = f.querySelector(".chart svg");
          const r = svg?.getBoundingClientRect();
          return {
            id: f.id,
            width: r?.width ?? 0,
            height: r?.height ?? 0,
            marks: svg ? svg.querySelectorAll(".role-mark path, .role-mark line, .role-mark text").length : 0,
          };
        })
      );
      for (const f of figures) {
        assert(f.width > 50 && f.height > 50 && f.marks > 0, `chart ${f.id} empty: ${JSON.stringify(f)}`);
      }

      const images = await page.evaluate(() =>
        [...document.querySelectorAll("img")].map((i) => ({
          src: i.getAttribute("src"),
          ok: i.complete && i.naturalWidth > 0,
        }))
      );
      none(images.filter((i) => !i.ok), "images that did not load");
      assertEquals(images.length, figures.length, "one static image per figure");

      // Anchors: every claim id, every in-page link.
      const claims = JSON.parse(Deno.readTextFileSync(`${DIR}/claims.json`)).claims as { id: string }[];
      const anchors = await page.evaluate((ids: string[]) => {
        const bad = ids.filter((id) => !document.getElementById(id));
        const links = [...document.querySelectorAll('a[href^="#"]')].filter((a) => !a.closest(".vega-embed")).map((a) =>
          a.getAttribute("href")!.slice(1)
        );
        return { bad, dangling: [...new Set(links.filter((id) => !document.getElementById(id)))], links: links.length };
      }, claims.map((c) => c.id));
      none(anchors.bad, "claim ids without an anchor");
      none(anchors.dangling, "in-page links to missing ids");
      const first = claims[0].id;
      await page.goto(`${url}#${first}`);
      assert(await page.evaluate((id: string) => document.querySelector(":target")?.id === id, first));

      // Tooltip on a data point (the first chart with point marks).
      await page.goto(url, { waitUntil: "load" });
      await page.evaluate(() =>
        (globalThis as unknown as { claimgraph: { loadAll(): Promise<boolean[]> } }).claimgraph.loadAll()
      );
      const point = await page.evaluate(() => {
        const p = [...document.querySelectorAll("figure.live .chart .mark-symbol.role-mark path")]
          .find((e) => e.getBoundingClientRect().width > 0);
        if (!p) return undefined;
        p.scrollIntoView({ block: "center" });
        const r = p.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2, figure: p.closest("figure")!.id };
      });
      assert(point, "no point mark in any chart");
      await page.mouse.move(point.x, point.y);
      await page.waitForSelector("#vg-tooltip-element.visible", { timeout: 5000 });
      const tip = await page.evaluate(() => document.getElementById("vg-tooltip-element")?.textContent ?? "");
      assert(tip.trim().length > 0, "empty tooltip");

      // 400 px: nothing wider than the screen outside a box that scrolls.
      await page.setViewport({ width: 400, height: 860 });
      await page.goto(url, { waitUntil: "load" });
      await page.screenshot({ path: `${DIR}/screenshot_400.png` });
      await page.evaluate(() =>
        (globalThis as unknown as { claimgraph: { loadAll(): Promise<boolean[]> } }).claimgraph.loadAll()
      );
      const overflow = await page.evaluate(() => {
        const w = document.documentElement.clientWidth;
        const inBox = (e: Element | null): boolean => {
          for (let p = e?.parentElement; p; p = p.parentElement) {
            const o = getComputedStyle(p).overflowX;
            if (o === "auto" || o === "scroll") return true;
          }
          return false;
        };
        const out = [...document.body.querySelectorAll("*")].filter((e) => {
          const r = e.getBoundingClientRect();
          return r.width > 0 && r.right > w + 1 && !inBox(e);
        }).map((e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}.${e.className}`);
        return { page: document.documentElement.scrollWidth, w, out: out.slice(0, 10) };
      });
      none(overflow.out, "elements overflowing at 400 px");
      assert(overflow.page <= overflow.w, `page scrolls sideways at 400 px: ${overflow.page} > ${overflow.w}`);

      none(errors, "console errors or failed requests");
      const kb = Math.round(pageBytes(DIR) / 1024);
      console.log(
        `front page: ${figures.length} charts, ${claims.length} claim anchors, ${anchors.links} in-page links; ` +
          `${kb} KiB (page, scripts, SVGs, specs); load ${Math.round(loadMs)} ms, all charts ${
            Math.round(chartsMs)
          } ms; tooltip "${
            tip.trim().slice(0, 60)
          }"; screenshots ${DIR}/screenshot_1400.png, ${DIR}/screenshot_400.png`,
      );
    } finally {
      await browser.close();
      await Deno.remove(profile, { recursive: true });
    }
  },
});
