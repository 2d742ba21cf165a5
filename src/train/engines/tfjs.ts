/**
 * The tfjs engine over a named backend (`wasm`, `cpu`, `webgpu`, `tensorflow`, `tensorflow-gpu`), float32.
 *
 * The ensemble axis is folded into the hidden axis: the first layers of R networks form one d × (R·m) matrix, so
 * the forward pass X·W and the backward pass Xᵀ·G are single plain matmuls over every network at once (no
 * transpose flags: tfjs-wasm is about 10× slower with them, feasibility.md §1). Only `@tensorflow/tfjs-core` and
 * the one backend asked for are imported, here, when such an engine is loaded, and by computed names: the module
 * graph of the CLI never names them, so a fresh clone does not install tfjs until a tfjs engine is used. The
 * engine writes its own gradients (no autodiff), so tfjs-core needs no gradient registrations.
 *
 * @example
 * ```ts ignore
 * import { loadTfjsEngine } from "./tfjs.ts";
 * const engine = await loadTfjsEngine("wasm");
 * console.log(engine.id); // { engine: "tfjs", backend: "wasm", precision: "float32", numerics: "1" }
 * ```
 * @module
 */
import type * as TF from "@tensorflow/tfjs-core";
import type { Engine, Stepper, TrainProblem } from "../engine.ts";
import type { Activation, LossKind, Net } from "../../core/network.ts";
import { BatchOrder, usesMinibatch } from "./batch_order.ts";

/** The tfjs backends this engine can run on. */
export type TfjsBackend = "wasm" | "cpu" | "webgpu" | "tensorflow" | "tensorflow-gpu";

/** Every tfjs backend name, in the order the CLI lists them. */
export const tfjsBackends: readonly TfjsBackend[] = ["wasm", "cpu", "webgpu", "tensorflow", "tensorflow-gpu"];

type Tf = typeof TF;

/** Imports an npm package named in deno.json by a computed name (not part of the static module graph). */
const importOnDemand = <T>(name: string): Promise<T> => import(name);

/** How to get the native binding where it is missing (it needs internet, and CUDA for the GPU one). */
export function nativeInstallHint(backend: "tensorflow" | "tensorflow-gpu"): string {
  const pkg = backend === "tensorflow" ? "@tensorflow/tfjs-node" : "@tensorflow/tfjs-node-gpu";
  const gpu = backend === "tensorflow-gpu"
    ? " It needs an NVIDIA GPU with CUDA 11.8 and cuDNN 8.6 (the libraries libtensorflow 2.9 links against)."
    : "";
  return `the tfjs-${backend} engine needs ${pkg}, the native TensorFlow binding, which is not installed here. ` +
    `On a machine with internet: add "${pkg}": "npm:${pkg}@4.22.0" to the imports of deno.json, then run ` +
    `\`deno install --allow-scripts=npm:${pkg}\` (its install script downloads libtensorflow).${gpu} ` +
    `Use --engine tfjs-wasm or wasm-f32 meanwhile.`;
}

/** Runs `fn` with tfjs's one-time "install our node backend" banner filtered out of the console. */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const { log, warn } = console;
  const filter = (print: (...a: unknown[]) => void) => (...args: unknown[]) => {
    if (!String(args[0]).includes("tfjs-node")) print(...args);
  };
  console.log = filter(log), console.warn = filter(warn);
  try {
    return await fn();
  } finally {
    console.log = log, console.warn = warn;
  }
}

/** Registers and selects `backend`; throws with the way to fix it when it cannot start. */
async function startBackend(tf: Tf, backend: TfjsBackend): Promise<void> {
  if (backend === "wasm") {
    const wasm = await importOnDemand<{ setWasmPaths(p: string): void }>("@tensorflow/tfjs-backend-wasm");
    wasm.setWasmPaths(new URL("../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url).href);
  } else if (backend === "webgpu") {
    if (!("gpu" in navigator)) throw new Error("the tfjs-webgpu engine needs WebGPU (navigator.gpu), absent here");
    await importOnDemand("@tensorflow/tfjs-backend-webgpu");
  } else if (backend === "cpu") {
    await importOnDemand("@tensorflow/tfjs-backend-cpu");
  } else if (backend === "tensorflow" || backend === "tensorflow-gpu") {
    // A computed specifier: the binding is not in the import map, so type checking and `deno install` skip it.
    const pkg = backend === "tensorflow" ? "@tensorflow/tfjs-node" : "@tensorflow/tfjs-node-gpu";
    try {
      await import(pkg);
    } catch (e) {
      throw new Error(`${nativeInstallHint(backend)} (import failed: ${(e as Error).message.split("\n")[0]})`);
    }
  }
  const name = backend === "tensorflow-gpu" ? "tensorflow" : backend;
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend "${name}" did not start`);
  await tf.ready();
}

/** σ(Z) and σ'(Z) (network.ts activate, activateDerivative; σ'(0) = 0 for ReLU). */
function activation(tf: Tf, kind: Activation, Z: TF.Tensor): [TF.Tensor, TF.Tensor] {
  if (kind === "relu") return [tf.relu(Z), tf.step(Z, 0)];
  const t = tf.tanh(Z), dt = tf.sub(1, tf.square(t));
  return kind === "tanh" ? [t, dt] : [tf.mul(Z, t), tf.add(t, tf.mul(Z, dt))];
}

/** ∂ℓ/∂f (network.ts sampleLossDerivative); logistic: −y·sigmoid(−yf). */
function lossDerivative(tf: Tf, kind: LossKind, f: TF.Tensor, y: TF.Tensor): TF.Tensor {
  if (kind === "square") return tf.sub(f, y);
  const u = tf.mul(tf.neg(y), f);
  return tf.mul(tf.neg(y), kind === "logistic" ? tf.sigmoid(u) : tf.exp(u));
}

/** Opens a stepper: the ensemble's weights as tfjs variables, the data as constants. */
function openTfjs(tf: Tf, problem: TrainProblem, nets: Net[]): Stepper {
  const { X, y, n, d } = problem.data;
  const { m, bias, alpha, loss } = problem.arch;
  const { lrW, lrA, batchSize, seed } = problem.optimizer;
  const R = nets.length, Rm = R * m;
  // W of all networks side by side, transposed: Wcat[j, r·m + k] = W_r[k, j].
  const w = new Float32Array(d * Rm), a = new Float32Array(Rm), b = new Float32Array(Rm);
  nets.forEach((net, r) => {
    for (let k = 0; k < m; k++) {
      a[r * m + k] = net.a[k];
      if (net.b) b[r * m + k] = net.b[k];
      for (let j = 0; j < d; j++) w[j * Rm + r * m + k] = net.W[k * d + j];
    }
  });
  const Wcat = tf.variable(tf.tensor2d(w, [d, Rm])), acat = tf.variable(tf.tensor2d(a, [1, Rm]));
  const bcat = bias ? tf.variable(tf.tensor2d(b, [1, Rm])) : undefined;
  const Xt = tf.tensor2d(Float32Array.from(X), [n, d]), XT = tf.transpose(Xt);
  const yt = tf.tensor2d(Float32Array.from(y), [n, 1]);
  const minibatch = usesMinibatch(problem.optimizer, n);
  const order = new BatchOrder(n, seed);

  /** One step (network.ts gradient), every network at once. */
  const step = () =>
    tf.tidy(() => {
      let xb: TF.Tensor2D = Xt, xbT: TF.Tensor2D = XT, yb: TF.Tensor = yt, B = n;
      if (minibatch) {
        const idx = tf.tensor1d(order.next(batchSize), "int32");
        xb = tf.gather(Xt, idx), xbT = tf.transpose(xb), yb = tf.gather(yt, idx), B = batchSize;
      }
      const Z = bcat ? tf.add(tf.matMul(xb, Wcat), bcat) : tf.matMul(xb, Wcat); // B × Rm
      const [s, ds] = activation(tf, problem.arch.activation, Z);
      const f = tf.mul(tf.sum(tf.reshape(tf.mul(s, acat), [B, R, m]), 2), 1 / alpha); // B × R
      const r = tf.expandDims(tf.mul(lossDerivative(tf, loss, f, yb), 1 / (alpha * B)), 2); // B × R × 1
      const ga = tf.reshape(tf.sum(tf.mul(r, tf.reshape(s, [B, R, m])), 0), [1, Rm]);
      const G = tf.mul(tf.reshape(tf.mul(r, tf.reshape(acat, [1, R, m])), [B, Rm]), ds); // B × Rm
      Wcat.assign(tf.sub(Wcat, tf.mul(lrW, tf.matMul(xbT, G))));
      acat.assign(tf.sub(acat, tf.mul(lrA, ga)));
      if (bcat) bcat.assign(tf.sub(bcat, tf.mul(lrW, tf.sum(G, 0, true))));
    });

  return {
    advance(steps: number) {
      for (let t = 0; t < steps; t++) step();
      return Promise.resolve();
    },
    async read() {
      const [wv, av, bv] = await Promise.all([Wcat.data(), acat.data(), bcat ? bcat.data() : Promise.resolve(b)]);
      return nets.map((_, r): Net => {
        const out: Net = { a: new Float64Array(m), W: new Float64Array(m * d) };
        if (bias) out.b = new Float64Array(m);
        for (let k = 0; k < m; k++) {
          out.a[k] = av[r * m + k];
          if (out.b) out.b[k] = bv[r * m + k];
          for (let j = 0; j < d; j++) out.W[k * d + j] = wv[j * Rm + r * m + k];
        }
        return out;
      });
    },
    dispose() {
      for (const t of [Wcat, acat, bcat, Xt, XT, yt]) t?.dispose();
    },
  };
}

/** Loads tfjs on `backend` and returns the engine; throws a message that says how to fix a missing backend. */
export async function loadTfjsEngine(backend: TfjsBackend): Promise<Engine> {
  const tf = await quietly(() => importOnDemand<Tf>("@tensorflow/tfjs-core"));
  // The cpu backend prints its banner on its first tensor; create one here, quietly.
  await quietly(async () => (await startBackend(tf, backend), tf.tensor1d([0]).dispose()));
  const name = backend === "tensorflow-gpu" ? "tensorflow" : backend;
  return {
    id: { engine: "tfjs", backend, precision: "float32", numerics: "1" },
    supports: (problem) => problem.optimizer.kind === "gd" || problem.optimizer.kind === "sgd",
    async open(problem, nets) {
      if (tf.getBackend() !== name) await tf.setBackend(name);
      return openTfjs(tf, problem, nets);
    },
  };
}
