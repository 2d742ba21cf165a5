/**
 * WebAssembly SIMD engines: the training step of `network.ts` as a hand-written SIMD128 kernel
 * (`kernels/train.c`, built to `kernels/train_f32.wasm` and `kernels/train_f64.wasm`), float32 or float64.
 *
 * The kernel keeps W transposed (d × m, m padded to the SIMD block) so every inner loop runs over the hidden
 * units, blocks 4 samples per register pass and 32 per tile (a tile's forward and backward run chunk of units by
 * chunk, so the chunk's slices of W and of its gradient stay in L1). All networks of the ensemble live in one
 * WebAssembly memory and are stepped inside one call. Deterministic run to run; the sums are taken in a different
 * order from `f64.ts`, so `wasm-f64` agrees with it to rounding, not bit for bit. The float32 kernel fuses
 * multiply-adds (relaxed SIMD: fused where the CPU has FMA) and uses a rational tanh (max abs error 2.7e-7, within 5 float32 ulps); the
 * float64 kernel keeps the exact tanh and separate multiply and add.
 *
 * @example
 * ```ts
 * import { wasmF32Engine } from "./wasm.ts";
 * console.log(wasmF32Engine.id.backend); // "simd128"
 * ```
 * @module
 */
import type { Engine, Stepper, TrainProblem } from "../engine.ts";
import type { Net } from "../../core/network.ts";
import { BatchOrder, usesMinibatch } from "./batch_order.ts";
import { engineIds } from "../../core/engine_ids.ts";

/** Arithmetic precision of a kernel. */
export type Precision = "float32" | "float64";

/** The kernel's exports (see kernels/train.c). */
export interface Kernel {
  memory: WebAssembly.Memory;
  __heap_base: WebAssembly.Global;
  train(
    R: number,
    steps: number,
    n: number,
    d: number,
    mp: number,
    act: number,
    loss: number,
    bias: number,
    invAlpha: number,
    lrW: number,
    lrA: number,
    X: number,
    y: number,
    idx: number,
    count: number,
    Wt: number,
    a: number,
    b: number,
    work: number,
  ): void;
  /** σ and σ' of `count` pre-activations (a multiple of the lanes) at byte offsets z, s, ds. */
  activate_n(act: number, z: number, s: number, ds: number, count: number): void;
}

/** Kernel codes of the activations and losses (kernels/train.c). */
export const ACTIVATION = { relu: 0, tanh: 1, xtanh: 2 } as const;
/** Kernel codes of the losses. */
export const LOSS = { square: 0, logistic: 1, exponential: 2 } as const;
/** Samples per tile of the kernel (TILE): its work buffers hold TILE rows of activations. */
export const TILE = 32;
/** Steps of minibatch indices staged per kernel call. */
const SGD_CHUNK_INTS = 1 << 18;

const modules = new Map<Precision, Promise<WebAssembly.Module>>();

/** The compiled kernel of one precision (read once per process from the checked-in .wasm). */
function kernelModule(precision: Precision): Promise<WebAssembly.Module> {
  let mod = modules.get(precision);
  if (!mod) {
    const file = precision === "float32" ? "train_f32.wasm" : "train_f64.wasm";
    mod = Deno.readFile(new URL(`./kernels/${file}`, import.meta.url)).then((bytes) => WebAssembly.compile(bytes));
    modules.set(precision, mod);
  }
  return mod;
}

/** Byte offsets of every array in the kernel's memory, 16-byte aligned. */
function layout(sizes: Record<string, number>, start: number): { offsets: Record<string, number>; end: number } {
  const offsets: Record<string, number> = {};
  let at = Math.ceil(start / 16) * 16;
  for (const [name, bytes] of Object.entries(sizes)) {
    offsets[name] = at;
    at += Math.ceil(bytes / 16) * 16;
  }
  return { offsets, end: at };
}

/** The exports of `gradient_part` and `apply_sum` (data-parallel steps, `wasm_mt.ts`). */
export interface PartKernel {
  gradient_part(
    total: number,
    d: number,
    mp: number,
    act: number,
    loss: number,
    bias: number,
    invAlpha: number,
    X: number,
    y: number,
    idx: number,
    count: number,
    Wt: number,
    a: number,
    b: number,
    g: number,
    work: number,
  ): void;
  apply_sum(
    d: number,
    mp: number,
    bias: number,
    lrW: number,
    lrA: number,
    Wt: number,
    a: number,
    b: number,
    g0: number,
    g1: number,
  ): void;
}

/** A kernel instance holding a problem and an ensemble: its exports, byte offsets and views of the weights. */
export interface KernelState {
  k: Kernel & PartKernel;
  /** Byte offsets: X, y, Wt, a, b, work, idx, g (2·R gradient blocks of (d+2)·mp reals). */
  o: Record<string, number>;
  /** m padded to the SIMD block. */
  mp: number;
  /** Bytes per real. */
  size: number;
  /** Sample indices staged for minibatch steps (chunkSteps · batch). */
  idx: Int32Array;
  chunkSteps: number;
  count: number;
  minibatch: boolean;
  /** The current weights of every net, in float64. */
  readNets(): Net[];
}

/** Instantiates the kernel of `precision` and copies the problem and the nets into its memory. */
export async function loadKernel(precision: Precision, problem: TrainProblem, nets: Net[]): Promise<KernelState> {
  const instance = await WebAssembly.instantiate(await kernelModule(precision));
  const k = instance.exports as unknown as Kernel & PartKernel;
  const { X, y, n, d } = problem.data;
  const { m, bias } = problem.arch;
  const { batchSize } = problem.optimizer;
  const R = nets.length, lanes = precision === "float32" ? 4 : 2, ch = 2 * lanes;
  const mp = Math.ceil(m / ch) * ch, size = precision === "float32" ? 4 : 8;
  const minibatch = usesMinibatch(problem.optimizer, n);
  const count = minibatch ? batchSize : n;
  const chunkSteps = minibatch ? Math.max(1, Math.floor(SGD_CHUNK_INTS / count)) : 0;
  const { offsets: o, end } = layout({
    X: n * d * size,
    y: n * size,
    Wt: R * d * mp * size,
    a: R * mp * size,
    b: R * mp * size,
    work: ((d + 2) * mp + 2 * TILE * mp) * size,
    idx: Math.max(chunkSteps, 1) * count * 4,
    g: 2 * R * (d + 2) * mp * size,
  }, k.__heap_base.value as number);
  const have = k.memory.buffer.byteLength;
  if (end > have) k.memory.grow(Math.ceil((end - have) / 65536));
  const Real = precision === "float32" ? Float32Array : Float64Array;
  const view = (name: string, length: number) => new Real(k.memory.buffer as ArrayBuffer, o[name], length);
  view("X", n * d).set(X);
  view("y", n).set(y);
  const Wt = view("Wt", R * d * mp), a = view("a", R * mp), b = view("b", R * mp);
  nets.forEach((net, r) => {
    for (let kk = 0; kk < m; kk++) {
      a[r * mp + kk] = net.a[kk];
      if (net.b) b[r * mp + kk] = net.b[kk];
      for (let j = 0; j < d; j++) Wt[(r * d + j) * mp + kk] = net.W[kk * d + j];
    }
  });
  const idx = new Int32Array(k.memory.buffer as ArrayBuffer, o.idx, Math.max(chunkSteps, 1) * count);
  const readNets = () =>
    nets.map((_, r): Net => {
      const out: Net = { a: new Float64Array(m), W: new Float64Array(m * d) };
      if (bias) out.b = new Float64Array(m);
      for (let kk = 0; kk < m; kk++) {
        out.a[kk] = a[r * mp + kk];
        if (out.b) out.b[kk] = b[r * mp + kk];
        for (let j = 0; j < d; j++) out.W[kk * d + j] = Wt[(r * d + j) * mp + kk];
      }
      return out;
    });
  return { k, o, mp, size, idx, chunkSteps, count, minibatch, readNets };
}

/**
 * σ and σ' of the kernel of `precision` at each of `z` (its own arithmetic: the float32 kernel's tanh is a rational
 * approximation), for tests of the kernel's activations.
 *
 * @example
 * ```ts
 * import { kernelActivation } from "./wasm.ts";
 * const { s } = await kernelActivation("float32", "tanh", new Float64Array([0.5]));
 * console.log(Math.abs(s[0] - Math.tanh(0.5)) < 1e-6); // true
 * ```
 */
export async function kernelActivation(
  precision: Precision,
  activation: keyof typeof ACTIVATION,
  z: Float64Array,
): Promise<{ s: Float64Array; ds: Float64Array }> {
  const instance = await WebAssembly.instantiate(await kernelModule(precision));
  const k = instance.exports as unknown as Kernel;
  const size = precision === "float32" ? 4 : 8, n = Math.ceil(z.length / 4) * 4;
  const { offsets: o, end } = layout({ z: n * size, s: n * size, ds: n * size }, k.__heap_base.value as number);
  const have = k.memory.buffer.byteLength;
  if (end > have) k.memory.grow(Math.ceil((end - have) / 65536));
  const Real = precision === "float32" ? Float32Array : Float64Array;
  const view = (name: string) => new Real(k.memory.buffer as ArrayBuffer, o[name], n);
  view("z").set(z);
  k.activate_n(ACTIVATION[activation], o.z, o.s, o.ds, n);
  return {
    s: Float64Array.from(view("s").subarray(0, z.length)),
    ds: Float64Array.from(view("ds").subarray(0, z.length)),
  };
}

/** Opens a kernel instance holding the problem and the ensemble `nets`. */
async function openWasm(precision: Precision, problem: TrainProblem, nets: Net[]): Promise<Stepper> {
  const { k, o, mp, idx, chunkSteps, count, minibatch, readNets } = await loadKernel(precision, problem, nets);
  const { n, d } = problem.data;
  const { activation, bias, alpha, loss } = problem.arch;
  const { lrW, lrA, seed } = problem.optimizer;
  const order = new BatchOrder(n, seed);
  const call = (steps: number, idxPtr: number) =>
    k.train(
      nets.length,
      steps,
      n,
      d,
      mp,
      ACTIVATION[activation],
      LOSS[loss],
      bias ? 1 : 0,
      1 / alpha,
      lrW,
      lrA,
      o.X,
      o.y,
      idxPtr,
      count,
      o.Wt,
      o.a,
      o.b,
      o.work,
    );
  return {
    advance(steps: number) {
      if (!minibatch) call(steps, 0);
      else {
        for (let done = 0; done < steps;) {
          const s = Math.min(chunkSteps, steps - done);
          order.fill(idx.subarray(0, s * count));
          call(s, o.idx);
          done += s;
        }
      }
      return Promise.resolve();
    },
    read: () => Promise.resolve(readNets()),
    dispose() {},
  };
}

/** Whether a problem uses an optimiser every engine provides (GD or SGD). */
export const supportsPlain = (problem: TrainProblem): boolean =>
  problem.optimizer.kind === "gd" || problem.optimizer.kind === "sgd";

/** The float32 WebAssembly SIMD engine (4 lanes): the fast path for the dynamics. */
export const wasmF32Engine: Engine = {
  id: engineIds["wasm-f32"],
  supports: supportsPlain,
  open: (problem, nets) => openWasm("float32", problem, nets),
};

/** The float64 WebAssembly SIMD engine (2 lanes): float64 precision, faster than `f64`, not bit-identical to it. */
export const wasmF64Engine: Engine = {
  id: engineIds["wasm-f64"],
  supports: supportsPlain,
  open: (problem, nets) => openWasm("float64", problem, nets),
};
