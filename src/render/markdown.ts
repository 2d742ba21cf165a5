/**
 * The small subset of markdown the papers' summaries and notes use, as HTML: paragraphs, `- ` lists, pipe tables,
 * `**bold**`, `_em_`/`*em*`, `` `code` `` and `[text](url)`. Text is escaped first, so notes cannot inject markup.
 *
 * @example
 * ```ts
 * import { markdownHtml } from "./markdown.ts";
 * console.log(markdownHtml("**N₀.₉** is `225`")); // "<p><b>N₀.₉</b> is <code>225</code></p>"
 * ```
 * @module
 */

/** Escapes text for HTML content and attribute values. */
export function esc(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/** Inline markdown of one escaped line. */
export function inlineHtml(s: string): string {
  return esc(s)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<b>$1</b>")
    .replace(/(^|[\s(])[_*]([^_*\s][^_*]*?)[_*](?=[\s).,;:]|$)/g, "$1<i>$2</i>")
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>');
}

const cells = (line: string) => line.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim());

/** Block markdown (paragraphs, lists, tables) as HTML; tables come wrapped in a box that scrolls on a phone. */
export function markdownHtml(md: string): string {
  const out: string[] = [];
  for (const block of md.trim().split(/\n\s*\n/)) {
    const lines = block.split("\n");
    if (lines.length >= 2 && lines[0].trim().startsWith("|") && /^\|?\s*:?-{3}/.test(lines[1].trim())) {
      const head = cells(lines[0]).map((c) => `<th>${inlineHtml(c)}</th>`).join("");
      const body = lines.slice(2).map((l) => `<tr>${cells(l).map((c) => `<td>${inlineHtml(c)}</td>`).join("")}</tr>`);
      out.push(`<div class="scroll"><table><tr>${head}</tr>${body.join("")}</table></div>`);
    } else if (lines.every((l) => /^\s*[-*] /.test(l) || /^\s{2,}\S/.test(l))) {
      const items = block.split(/\n(?=\s*[-*] )/).map((i) => `<li>${inlineHtml(i.replace(/^\s*[-*] /, ""))}</li>`);
      out.push(`<ul>${items.join("")}</ul>`);
    } else out.push(`<p>${inlineHtml(lines.join(" "))}</p>`);
  }
  return out.join("\n");
}
