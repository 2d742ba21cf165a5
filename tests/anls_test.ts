import { assert, assertAlmostEquals, assertEquals } from "../src/std/assert.ts";
import { anlsStep, fitPattern, gaussNewtonPolish } from "../src/train/anls.ts";
import { extraOptimizers } from "../src/train/optimizers.ts";
import { activationPattern, patternLeastSquares } from "../src/analysis/patterns.ts";
import { type Architecture, type Dataset, lossOf, type Net } from "../src/core/network.ts";

const arch = (m: number): Architecture => ({ m, activation: "relu", bias: true, alpha: 1, loss: "square" });
const grid = (n: number, f: (x: number) => number): Dataset => {
  const X = Float64Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
  return { X, y: X.map(f), n, d: 1 };
};

Deno.test("ANLS moves a misplaced kink to the target's kink and fits it exactly", () => {
  const data = grid(9, (x) => Math.max(0, x)); // kink at 0
  let net: Net = { a: new Float64Array([0.5]), W: new Float64Array([1]), b: new Float64Array([0.6]) };
  const losses = [lossOf(arch(1), net, data)];
  for (let it = 0; it < 10; it++) {
    const r = anlsStep(arch(1), net, data);
    if (!r.move) break;
    net = r.net;
    losses.push(r.loss);
  }
  assert(losses.at(-1)! < 1e-20, `final loss ${losses.at(-1)}`);
  for (let i = 1; i < losses.length; i++) assert(losses[i] < losses[i - 1], "ANLS loss must decrease");
  // A fixed point: no candidate improves an exact fit.
  assertEquals(anlsStep(arch(1), net, data).move, undefined);
});

Deno.test("fitPattern realises the pattern's least-squares fit when it is consistent", () => {
  const data = grid(11, (x) => Math.abs(x));
  const net: Net = { a: new Float64Array([1, 1]), W: new Float64Array([1, -1]), b: new Float64Array([-0.05, -0.05]) };
  const pattern = activationPattern(net, data, 2);
  const fit = fitPattern(arch(2), net, data, pattern)!;
  assertAlmostEquals(fit.loss, patternLeastSquares(data, pattern, 2).loss, 1e-15);
  // The fitted lines pass through 0 at x = 0 (sample 5): that point may land on either side of the kink.
  const away = (p: Uint8Array) => Array.from(p).filter((_, q) => Math.floor(q / 2) !== 5);
  assertEquals(away(activationPattern(fit.net, data, 2)), away(pattern));
});

Deno.test("ANLS on sin(πx) lowers the loss monotonically to a pattern-local minimum", () => {
  const data = grid(40, (x) => Math.sin(Math.PI * x));
  let net: Net = {
    a: new Float64Array([0.3, -0.2, 0.4, 0.1]),
    W: new Float64Array([1, -1, 0.5, 2]),
    b: new Float64Array([0.2, 0.1, -0.3, 0.5]),
  };
  const L0 = lossOf(arch(4), net, data);
  let L = L0, stalled = false;
  for (let it = 0; it < 100 && !stalled; it++) {
    const r = anlsStep(arch(4), net, data);
    assert(r.loss <= L, "monotone");
    net = r.net, L = r.loss, stalled = r.move === undefined;
  }
  assert(stalled, "ANLS should stop at a pattern-local minimum within 100 iterations");
  assert(L < 0.05 * L0, `ANLS from ${L0} reached only ${L}`);
});

Deno.test("Gauss–Newton polish stays in the pattern and never raises the loss", () => {
  const data = grid(20, (x) => x * x);
  const net: Net = { a: new Float64Array([0.5, 0.5]), W: new Float64Array([1, -1]), b: new Float64Array([-0.3, -0.3]) };
  const before = activationPattern(net, data, 2);
  const p = gaussNewtonPolish(arch(2), net, data);
  assert(p.loss <= lossOf(arch(2), net, data));
  assertEquals(Array.from(activationPattern(p.net, data, 2)), Array.from(before));
  // Here the pattern's fit is realisable, so the polish reaches it.
  assertAlmostEquals(p.loss, patternLeastSquares(data, before, 2).loss, 1e-9);
});

Deno.test("anls is a registered optimiser whose stepper advances iterations", async () => {
  const factory = extraOptimizers.anls;
  assert(factory !== undefined);
  const data = grid(9, (x) => Math.max(0, x));
  const problem = { data, arch: arch(1), optimizer: { kind: "anls", lrW: 1, lrA: 1, batchSize: 0, seed: 0 } };
  const net: Net = { a: new Float64Array([0.5]), W: new Float64Array([1]), b: new Float64Array([0.6]) };
  const stepper = await factory(problem, [net]);
  await stepper.advance(10);
  const [out] = await stepper.read();
  stepper.dispose();
  assert(lossOf(arch(1), out, data) < 1e-20);
  assertEquals(net.b![0], 0.6); // the input network is not modified
});

Deno.test("from its pattern's realised refit, ANLS can only lower the loss by changing the pattern", () => {
  const data = grid(40, (x) => Math.sin(Math.PI * x));
  const net: Net = {
    a: new Float64Array([0.3, -0.2, 0.4, 0.1]),
    W: new Float64Array([1, -1, 0.5, 2]),
    b: new Float64Array([0.2, 0.1, -0.3, 0.5]),
  };
  const pattern = activationPattern(net, data, 4);
  const refit = fitPattern(arch(4), net, data, pattern)!;
  assertEquals(Array.from(activationPattern(refit.net, data, 4)), Array.from(pattern));
  assert(refit.loss < lossOf(arch(4), net, data));
  // A second refit of the same pattern gains nothing, so any accepted ANLS move changes the pattern.
  const again = fitPattern(arch(4), refit.net, data, pattern)!;
  assert(again.loss >= refit.loss * (1 - 1e-9), `refit ${refit.loss} → ${again.loss}`);
  const r = anlsStep(arch(4), refit.net, data);
  assert(r.move !== undefined && r.move.neuron >= 0, "the accepted move is a pattern change, not a refit");
  assert(Array.from(activationPattern(r.net, data, 4)).some((v, q) => v !== pattern[q]));
});
