/**
 * Text to the terminal's width: words wrapped, continuation lines indented.
 *
 * @example
 * ```ts
 * import { wrap } from "./wrap.ts";
 * console.log(wrap("one two three four", 9, 2)); // "one two\n  three\n  four"
 * ```
 * @module
 */

/** The width to wrap to: the terminal's columns, or 100 when stdout is not a terminal. */
export function terminalWidth(fallback = 100): number {
  try {
    if (Deno.stdout.isTerminal()) return Math.max(40, Deno.consoleSize().columns);
  } catch { /* no console */ }
  return fallback;
}

/** Wraps `text` at spaces to `width` columns (runs of spaces inside a line are kept); lines after the first start with `indent` spaces. */
export function wrap(text: string, width: number, indent = 0): string {
  const out: string[] = [];
  let line = "";
  let first = true;
  for (const word of text.split(" ")) {
    const room = width - (out.length ? indent : 0);
    if (!first && word && line && [...line].length + 1 + [...word].length > room) out.push(line.trimEnd()), line = word;
    else line = first ? word : `${line} ${word}`;
    first = false;
  }
  if (line) out.push(line);
  return out.map((l, i) => (i ? " ".repeat(indent) : "") + l).join("\n");
}
