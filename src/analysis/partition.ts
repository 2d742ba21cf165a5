/**
 * Neuron partition (Wang & Ma 2022, "neuron partition"): each neuron of a two-layer ReLU network belongs to the
 * group given by the sign of its output weight aₖ and its set of activated samples Aₖ = {i : wₖ·xᵢ + bₖ > 0}.
 * A group is stored as one signed integer per neuron, sign(aₖ)·(1 + hash(Aₖ)), so a partition is a short vector
 * that the trainer can record at every checkpoint; change detection and the freeze step work on those vectors.
 *
 * The activation pattern itself comes from `patterns.ts` (paper 2), so both papers read activations one way.
 *
 * @example
 * ```ts
 * import { freezeStep, neuronGroupIds } from "./partition.ts";
 * const data = { X: new Float64Array([1, -1]), y: new Float64Array([1, -1]), n: 2, d: 1 };
 * const net = { a: new Float64Array([1, -1]), W: new Float64Array([1, -1]) };
 * const ids = neuronGroupIds(net, data, 2); // [+(1 + h({0})), −(1 + h({1}))]
 * console.log(freezeStep([0, 10, 100], [ids, ids, ids])); // 0: the partition never changed
 * ```
 * @module
 */
import type { Dataset, Net } from "../core/network.ts";
import { activationPattern, hyperplaneDistances } from "./patterns.ts";

/** Largest hash value + 1: ids stay below 2³⁰ in magnitude, exact in float64 and short in JSON. */
const HASH_RANGE = 2 ** 30;

/**
 * The activated-sample set of neuron k as a bitset (bit i of word ⌊i/32⌋ set when sample i activates it), read
 * from an n×m activation pattern (`patterns.ts`, row i = sample).
 */
export function activationBitset(pattern: Uint8Array, n: number, m: number, k: number): Uint32Array {
  const bits = new Uint32Array(Math.ceil(n / 32));
  for (let i = 0; i < n; i++) if (pattern[i * m + k]) bits[i >>> 5] |= 1 << (i & 31);
  return bits;
}

/** A 30-bit FNV-1a hash of a bitset's words (equal sets give equal hashes; collisions have odds ~2⁻³⁰). */
export function bitsetHash(bits: Uint32Array): number {
  let h = 0x811c9dc5;
  for (const w of bits) {
    for (let s = 0; s < 32; s += 8) {
      h ^= (w >>> s) & 0xff;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h % HASH_RANGE;
}

/** The group id of one neuron: sign(aₖ)·(1 + hash(Aₖ)); aₖ = 0 counts as positive. Never 0. */
export function groupId(a: number, bits: Uint32Array): number {
  const h = 1 + bitsetHash(bits);
  return a < 0 ? -h : h;
}

/**
 * The neuron partition of a network on a dataset: one group id per neuron (see {@linkcode groupId}).
 *
 * With `margin` > 0 each sample is in one of three states per neuron, by its signed distance δ to the neuron's
 * hyperplane (`patterns.ts`): active (δ > margin), inactive (δ < −margin) or on the boundary; a sample whose kink
 * chatters within the band then changes nothing. The id hashes both bitsets (active, boundary).
 * @default margin 0 (the plain activated-sample sets)
 */
export function neuronGroupIds(net: Net, data: Dataset, m: number, margin = 0): number[] {
  const { n } = data;
  if (margin <= 0) {
    const pattern = activationPattern(net, data, m);
    return Array.from({ length: m }, (_, k) => groupId(net.a[k], activationBitset(pattern, n, m, k)));
  }
  const dist = hyperplaneDistances(net, data, m);
  const active = Uint8Array.from(dist, (x) => (x > margin ? 1 : 0));
  const band = Uint8Array.from(dist, (x) => (Math.abs(x) <= margin ? 1 : 0));
  return Array.from({ length: m }, (_, k) => {
    const a = activationBitset(active, n, m, k), b = activationBitset(band, n, m, k);
    const both = new Uint32Array(a.length + b.length);
    both.set(a), both.set(b, a.length);
    return groupId(net.a[k], both);
  });
}

/** Indices of the neurons whose group differs between two partitions of the same network. */
export function changedNeurons(prev: readonly number[], next: readonly number[]): number[] {
  if (prev.length !== next.length) throw new Error(`changedNeurons: ${prev.length} vs ${next.length} neurons`);
  const out: number[] = [];
  for (let k = 0; k < prev.length; k++) if (prev[k] !== next[k]) out.push(k);
  return out;
}

/** For a series of partitions (one per checkpoint), how many neurons changed group since the previous one. */
export function changeCounts(series: readonly (readonly number[])[]): number[] {
  return series.map((ids, c) => (c === 0 ? 0 : changedNeurons(series[c - 1], ids).length));
}

/**
 * The freeze step: the checkpoint step at which some neuron was last seen in a new group (0 if the partition
 * never changed). The change itself happened after the previous checkpoint and at or before this one, so the
 * result has checkpoint resolution; a change undone between two checkpoints is not seen.
 */
export function freezeStep(steps: readonly number[], series: readonly (readonly number[])[]): number {
  if (steps.length !== series.length) throw new Error(`freezeStep: ${steps.length} steps, ${series.length} partitions`);
  const counts = changeCounts(series);
  for (let c = counts.length - 1; c > 0; c--) if (counts[c] > 0) return steps[c];
  return steps.length ? steps[0] : NaN;
}

/** Per neuron, how many checkpoint intervals saw it change group. */
export function changesPerNeuron(series: readonly (readonly number[])[]): number[] {
  const m = series.length ? series[0].length : 0;
  const out = new Array<number>(m).fill(0);
  for (let c = 1; c < series.length; c++) for (const k of changedNeurons(series[c - 1], series[c])) out[k]++;
  return out;
}

/** Per neuron, whether sign(aₖ) (the sign of its group id) ever differs from its first value in the series. */
export function signFlipped(series: readonly (readonly number[])[]): boolean[] {
  const m = series.length ? series[0].length : 0;
  return Array.from({ length: m }, (_, k) => series.some((ids) => Math.sign(ids[k]) !== Math.sign(series[0][k])));
}

/**
 * Neurons whose output weight cannot change sign under gradient flow: aₖ² − ‖wₖ‖² (− bₖ²) is conserved by the
 * flow of a bias-free (or biased) ReLU network, so aₖ ≠ 0 for all time when aₖ(0)² > ‖wₖ(0)‖² + bₖ(0)².
 * `margin` demands aₖ(0)² − ‖wₖ(0)‖² − bₖ(0)² > margin (room for the O(η²) per-step drift of GD).
 */
export function signLocked(init: Net, m: number, d: number, margin = 0): boolean[] {
  return Array.from({ length: m }, (_, k) => {
    let w2 = init.b ? init.b[k] ** 2 : 0;
    for (let j = 0; j < d; j++) w2 += init.W[k * d + j] ** 2;
    return init.a[k] ** 2 - w2 > margin;
  });
}

/**
 * Genuine crossings of data-point hyperplanes, with hysteresis: sample i is on side +1 of neuron k once its signed
 * distance δᵢₖ (`patterns.ts`, n×m row-major) exceeds `h`, on side −1 once δᵢₖ < −h, and keeps its last side while
 * |δᵢₖ| ≤ h. A crossing is a change from one confirmed side to the other, so a kink chattering within the band
 * counts nothing. Returns, per neuron, the crossings since `prev` (the sides at the previous reading; `null` at
 * the first reading) and the new sides.
 *
 * @example
 * ```ts
 * import { hysteresisCrossings } from "./partition.ts";
 * const first = hysteresisCrossings(new Float64Array([0.5, -0.5]), null, 1, 0.1);
 * const next = hysteresisCrossings(new Float64Array([-0.5, -0.05]), first.sides, 1, 0.1);
 * console.log(next.counts); // [1]: sample 0 crossed; sample 1 sits in the band and keeps its side
 * ```
 */
export function hysteresisCrossings(
  dist: Float64Array,
  prev: Int8Array | null,
  m: number,
  h: number,
): { counts: number[]; sides: Int8Array } {
  if (prev && prev.length !== dist.length) {
    throw new Error(`hysteresisCrossings: ${prev.length} sides, ${dist.length} distances`);
  }
  const sides = new Int8Array(dist.length), counts = new Array<number>(m).fill(0);
  for (let q = 0; q < dist.length; q++) {
    const was = prev ? prev[q] : 0, x = dist[q];
    const now = x > h ? 1 : x < -h ? -1 : was;
    if (was !== 0 && now !== was) counts[q % m]++;
    sides[q] = now;
  }
  return { counts, sides };
}
