/**
 * One worker of `wasm_mt.ts`: steps its share of the samples, swaps partial gradients through shared memory and
 * applies the same summed update as its peer.
 *
 * @example
 * ```ts ignore
 * new Worker(new URL("./wasm_mt_worker.ts", import.meta.url), { type: "module" });
 * ```
 * @module
 */
/// <reference lib="deno.worker" />
import { BatchOrder } from "./batch_order.ts";
import { type MtReply, type MtRequest, PARTS } from "./wasm_mt.ts";
import { ACTIVATION, type KernelState, loadKernel, LOSS } from "./wasm.ts";

/** Spins before sleeping in `barrier`: about a microsecond, far below one step, so a busy machine costs no CPU. */
const SPINS = 64;

/**
 * Waits until all PARTS workers arrive (a generation barrier: sync[0] counts arrivals, sync[1] is the generation).
 * A short spin, then `Atomics.wait` until the last arrival's `Atomics.notify`: a waiting worker yields its core
 * instead of spinning, so on a loaded machine it does not steal the time its partner needs.
 */
function barrier(sync: Int32Array): void {
  const gen = Atomics.load(sync, 1);
  if (Atomics.add(sync, 0, 1) === PARTS - 1) {
    Atomics.store(sync, 0, 0);
    Atomics.add(sync, 1, 1);
    Atomics.notify(sync, 1);
    return;
  }
  for (let spins = 0; spins < SPINS; spins++) if (Atomics.load(sync, 1) !== gen) return;
  while (Atomics.load(sync, 1) === gen) Atomics.wait(sync, 1, gen);
}

let run: ((steps: number) => void) | undefined;
let state: KernelState | undefined;

/** Sets up this worker's kernel and returns its step loop. */
async function init(msg: Extract<MtRequest, { op: "init" }>) {
  const { rank, precision, problem, nets, sab } = msg;
  state = await loadKernel(precision, problem, nets);
  const { k, o, mp, size, idx, chunkSteps, count, minibatch } = state;
  const { n, d } = problem.data;
  const { activation, bias, alpha, loss } = problem.arch;
  const { lrW, lrA, seed } = problem.optimizer;
  const R = nets.length, G = (d + 2) * mp, half = Math.ceil(count / PARTS / 4) * 4;
  const first = Math.min(rank * half, count), mine = Math.min(count, first + half) - first;
  const Real = precision === "float32" ? Float32Array : Float64Array;
  const sync = new Int32Array(sab, 0, 2);
  const slot = (parity: number, r: number) =>
    new Real(sab as unknown as ArrayBuffer, 16 + ((parity * PARTS + r) * R * G) * size, R * G);
  const slots = [0, 1].map((p) => [0, 1].map((r) => slot(p, r)));
  const mem = () => k.memory.buffer as ArrayBuffer;
  const block = (r: number, net: number) => o.g + ((r * R + net) * G) * size;
  const order = new BatchOrder(n, seed);
  let parity = 0;
  const step = (idxPtr: number) => {
    for (let r = 0; r < R; r++) {
      const W = o.Wt + r * d * mp * size, a = o.a + r * mp * size, b = o.b + r * mp * size;
      k.gradient_part(
        count,
        d,
        mp,
        ACTIVATION[activation],
        LOSS[loss],
        bias ? 1 : 0,
        1 / alpha,
        idxPtr ? o.X : o.X + first * d * size,
        idxPtr ? o.y : o.y + first * size,
        idxPtr ? idxPtr + first * 4 : 0,
        mine,
        W,
        a,
        b,
        block(rank, r),
        o.work,
      );
    }
    slots[parity][rank].set(new Real(mem(), block(rank, 0), R * G));
    barrier(sync);
    for (let peer = 0; peer < PARTS; peer++) {
      if (peer !== rank) new Real(mem(), block(peer, 0), R * G).set(slots[parity][peer]);
    }
    parity ^= 1;
    for (let r = 0; r < R; r++) {
      const W = o.Wt + r * d * mp * size, a = o.a + r * mp * size, b = o.b + r * mp * size;
      k.apply_sum(d, mp, bias ? 1 : 0, lrW, lrA, W, a, b, block(0, r), block(1, r));
    }
  };
  return (steps: number) => {
    if (!minibatch) {
      for (let t = 0; t < steps; t++) step(0);
      return;
    }
    for (let done = 0; done < steps;) {
      const s = Math.min(chunkSteps, steps - done);
      order.fill(idx.subarray(0, s * count));
      for (let t = 0; t < s; t++) step(o.idx + t * count * 4);
      done += s;
    }
  };
}

self.onmessage = async (e: MessageEvent<MtRequest>) => {
  let reply: MtReply = {};
  try {
    const msg = e.data;
    if (msg.op === "init") run = await init(msg);
    else if (msg.op === "advance") run!(msg.steps);
    else reply = { nets: state!.readNets() };
  } catch (err) {
    reply = { error: err instanceof Error ? err.message : String(err) };
  }
  self.postMessage(reply);
};
