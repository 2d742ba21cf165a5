/**
 * Tests of the neuron partition (paper 5): bitsets and ids, change detection, the freeze step, sign flips and the
 * sign lock from the conserved aₖ² − ‖wₖ‖², and the boundary band that ignores chattering kinks.
 *
 * @example
 * ```sh
 * deno test -A tests/partition_test.ts
 * ```
 * @module
 */
import { assert, assertEquals, assertNotEquals, assertThrows } from "../src/std/assert.ts";
import {
  activationBitset,
  bitsetHash,
  changeCounts,
  changedNeurons,
  changesPerNeuron,
  freezeStep,
  groupId,
  hysteresisCrossings,
  neuronGroupIds,
  signFlipped,
  signLocked,
} from "../src/analysis/partition.ts";
import { activationPattern } from "../src/analysis/patterns.ts";
import type { Dataset } from "../src/core/network.ts";

/** Five 1-D samples and two neurons: neuron 0 is relu(x), neuron 1 is relu(−x + 0.5). */
const data: Dataset = { X: new Float64Array([-2, -1, 0.2, 1, 2]), y: new Float64Array(5), n: 5, d: 1 };
const net = { a: new Float64Array([1, -2]), W: new Float64Array([1, -1]), b: new Float64Array([0, 0.5]) };

Deno.test("activationBitset reads a neuron's activated samples from the n×m pattern", () => {
  const pattern = activationPattern(net, data, 2);
  assertEquals(Array.from(activationBitset(pattern, 5, 2, 0)), [0b11100]); // samples 2, 3, 4
  assertEquals(Array.from(activationBitset(pattern, 5, 2, 1)), [0b00111]); // samples 0, 1, 2
  // More than 32 samples spill into a second word.
  const big = new Uint8Array(40);
  big[33] = 1;
  assertEquals(Array.from(activationBitset(big, 40, 1, 0)), [0, 2]);
});

Deno.test("group ids carry sign(aₖ) and separate different activated sets", () => {
  const ids = neuronGroupIds(net, data, 2);
  assert(ids[0] > 0 && ids[1] < 0, "sign of the id is sign(aₖ)");
  assertNotEquals(Math.abs(ids[0]), Math.abs(ids[1]));
  assertEquals(groupId(0, new Uint32Array([5])), 1 + bitsetHash(new Uint32Array([5])));
  assert(bitsetHash(new Uint32Array([1, 0])) !== bitsetHash(new Uint32Array([0, 1])), "word order matters");
  assert(Math.abs(ids[0]) <= 2 ** 30 && Math.abs(ids[0]) >= 1);
  // The same sets in another network give the same ids; moving a kink past a sample changes only that neuron.
  const moved = { ...net, b: new Float64Array([-0.5, 0.5]) }; // neuron 0 drops sample 2 (x = 0.2)
  const ids2 = neuronGroupIds(moved, data, 2);
  assertEquals(changedNeurons(ids, ids2), [0]);
  assertEquals(neuronGroupIds({ ...net, a: new Float64Array([3, -0.1]) }, data, 2), ids);
});

Deno.test("a boundary band ignores a kink chattering on a sample, the plain partition does not", () => {
  const at = (b0: number) => ({ ...net, b: new Float64Array([b0, 0.5]) });
  // Neuron 0's kink at −b₀ oscillates around sample 2 (x = 0.2) by ±0.005.
  const plain = [at(-0.195), at(-0.205), at(-0.195)].map((n) => neuronGroupIds(n, data, 2));
  const band = [at(-0.195), at(-0.205), at(-0.195)].map((n) => neuronGroupIds(n, data, 2, 0.01));
  assertEquals(changeCounts(plain), [0, 1, 1]);
  assertEquals(changeCounts(band), [0, 0, 0]);
  // Leaving the band for good is a change.
  assertEquals(changedNeurons(band[0], neuronGroupIds(at(-0.5), data, 2, 0.01)), [0]);
});

Deno.test("freezeStep is the last checkpoint with a change, at checkpoint resolution", () => {
  const A = [1, 2, -3], B = [1, 5, -3], C = [1, 5, 4];
  const steps = [0, 10, 100, 1000, 10000];
  assertEquals(freezeStep(steps, [A, A, A, A, A]), 0);
  assertEquals(freezeStep(steps, [A, B, B, B, B]), 10);
  assertEquals(freezeStep(steps, [A, B, B, C, C]), 1000);
  assertEquals(freezeStep(steps, [A, B, A, B, A]), 10000);
  assertEquals(changeCounts([A, B, C, A]), [0, 1, 1, 2]);
  assertEquals(changesPerNeuron([A, B, C, A]), [0, 2, 2]);
  assertThrows(() => freezeStep([0, 1], [A]), "freezeStep");
  assertThrows(() => changedNeurons([1], [1, 2]), "changedNeurons");
});

Deno.test("signFlipped compares each neuron's sign with its first checkpoint", () => {
  assertEquals(signFlipped([[3, -4, 5], [7, -4, -5], [3, -9, 5]]), [false, false, true]);
  assertEquals(signFlipped([]), []);
});

Deno.test("signLocked marks neurons with aₖ(0)² > ‖wₖ(0)‖² (+ bₖ²) beyond the margin", () => {
  const init = { a: new Float64Array([2, 0.4, -1.1]), W: new Float64Array([1, 1, 0.3, 0.3, 1, 0]) };
  assertEquals(signLocked(init, 3, 2), [true, false, true]);
  assertEquals(signLocked(init, 3, 2, 0.5), [true, false, false]);
  assertEquals(signLocked({ ...init, b: new Float64Array([0, 0, 0.5]) }, 3, 2), [true, false, false]);
});

Deno.test("hysteresisCrossings: a kink chattering within the margin counts nothing; a real crossing counts once", () => {
  // One neuron (m = 1), one sample: δ goes 0.5 → 0.01 → −0.01 → 0.02 (chatter) → −0.3 (crossing) → −0.04.
  let sides: Int8Array | null = null, total = 0;
  for (const d of [0.5, 0.01, -0.01, 0.02, -0.3, -0.04]) {
    const r = hysteresisCrossings(new Float64Array([d]), sides, 1, 0.05);
    sides = r.sides, total += r.counts[0];
  }
  assertEquals(total, 1);
  // A sample that starts inside the band has no confirmed side: its first exit is not a crossing.
  const a = hysteresisCrossings(new Float64Array([0.01]), null, 1, 0.05);
  assertEquals(hysteresisCrossings(new Float64Array([-0.2]), a.sides, 1, 0.05).counts, [0]);
});
