/**
 * The contract every declared claim keeps: each check says where its band comes from (`bandWhy`), and each gating
 * claim of kind "claim" declares a negative control, so a PASS could have come out otherwise.
 */
import { assertEquals } from "../src/std/assert.ts";
import { papers } from "../pipeline/mod.ts";

Deno.test("every check has a bandWhy and every gating claim a negative control", () => {
  const missing: string[] = [];
  for (const p of papers) {
    for (const c of p.claims) {
      for (const [name, check] of Object.entries(c.checks)) {
        if (!check.bandWhy?.trim()) missing.push(`${p.id} ${c.id}: check ${name} has no bandWhy`);
      }
      const gating = (c.expect ?? "hold") === "hold" && (c.kind ?? "claim") === "claim";
      if (gating && !c.control) missing.push(`${p.id} ${c.id}: gating claim without a negative control`);
      if (c.expect === "open" && !c.expectWhy) missing.push(`${p.id} ${c.id}: not gating without expectWhy`);
    }
  }
  assertEquals(missing, []);
});
