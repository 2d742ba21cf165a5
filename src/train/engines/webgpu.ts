/**
 * The `webgpu` engine: trains an ensemble of B two-layer networks of one shape at once on any WebGPU adapter
 * (Deno's built-in `navigator.gpu`), float32. Weights stay on the GPU; each submission encodes up to
 * `STEPS_PER_SUBMIT` steps (two dispatches each, `webgpu_kernels.ts`), and weights are read back only when the
 * caller asks (at checkpoints), as float64 copies, so probes are measured on the CPU as for every engine.
 *
 * A network's numbers do not depend on its ensemble mates: every thread owns one (network, sample) or
 * (network, neuron) pair and sums in a fixed order. They do depend on the adapter (float32 rounding, `tanh` and
 * `exp` of the driver), so results agree across adapters to float32 tolerance, not to the bit. The engine
 * identity (and so the content key) names the kernels' numerics, not the adapter; the adapter is recorded in
 * provenance (`adapterDescription`). A user who needs bit-identity across machines uses `f64`.
 *
 * @example
 * ```ts ignore
 * import { loadWebGpuEngine } from "./webgpu.ts";
 * const engine = await loadWebGpuEngine(); // throws with a clear message where no adapter exists
 * const stepper = await engine.open(problem, nets);
 * await stepper.advance(1000);
 * const trained = await stepper.read();
 * ```
 * @module
 */
/// <reference lib="deno.unstable" />
import { engineIds } from "../../core/engine_ids.ts";
import type { Net } from "../../core/network.ts";
import type { Engine, Stepper, TrainProblem } from "../engine.ts";
import { BatchOrder, usesMinibatch } from "./batch_order.ts";
import { ACTIVATION_CODE, LOSS_CODE, MAX_D, WGSL } from "./webgpu_kernels.ts";

/** Steps encoded into one queue submission (bounds the minibatch index upload and the command buffer). */
export const STEPS_PER_SUBMIT = 64;
const WG = 64, MAX_WG = 65535, SLOT_STRIDE = 256;

/** The adapter in words, e.g. `NVIDIA H200 (nvidia, hopper)`, or `unknown adapter`. */
export function adapterDescription(adapter: GPUAdapter): string {
  const i = adapter.info;
  const what = [i?.vendor, i?.architecture].filter(Boolean).join(", ");
  return `${i?.description || i?.device || "unknown adapter"}${what ? ` (${what})` : ""}`;
}

/** Workgroup counts for `threads` threads, folded into 2-D when 1-D would exceed the limit. */
function grid(threads: number): [number, number] {
  const groups = Math.ceil(threads / WG);
  if (groups <= MAX_WG) return [Math.max(1, groups), 1];
  const x = MAX_WG;
  return [x, Math.ceil(groups / x)];
}

let shared: Promise<{ device: GPUDevice; adapter: GPUAdapter }> | undefined;

/** The process's GPU device (requested once). Rejects with a clear message where no adapter exists. */
function gpu(): Promise<{ device: GPUDevice; adapter: GPUAdapter }> {
  shared ??= (async () => {
    if (!("gpu" in navigator) || !navigator.gpu) {
      throw new Error("webgpu engine: this Deno has no navigator.gpu");
    }
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: "high-performance" });
    if (!adapter) {
      throw new Error(
        "webgpu engine: no WebGPU adapter found (install a GPU driver with Vulkan, or Mesa's lavapipe: " +
          "apt-get install mesa-vulkan-drivers)",
      );
    }
    const device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        maxBufferSize: adapter.limits.maxBufferSize,
      },
    });
    return { device, adapter };
  })();
  return shared;
}

function f32(xs: ArrayLike<number>): Float32Array<ArrayBuffer> {
  return Float32Array.from(xs);
}

async function open(problem: TrainProblem, nets: Net[]): Promise<Stepper> {
  const { device } = await gpu();
  const { data, arch, optimizer } = problem;
  const B = nets.length, { n, d } = data, m = arch.m;
  const minibatch = usesMinibatch(optimizer, n);
  const count = minibatch ? optimizer.batchSize : n;
  const bias = nets[0].b !== undefined;

  const storage = (values: Float32Array<ArrayBuffer> | Uint32Array<ArrayBuffer>, writable = true) => {
    const buf = device.createBuffer({
      size: Math.max(16, values.byteLength),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | (writable ? GPUBufferUsage.COPY_SRC : 0),
    });
    device.queue.writeBuffer(buf, 0, values);
    return buf;
  };
  const cat = (part: (net: Net) => ArrayLike<number>, len: number) => {
    const out = new Float32Array(B * len);
    nets.forEach((net, r) => out.set(part(net), r * len));
    return out;
  };
  const X = storage(f32(data.X), false), Y = storage(f32(data.y), false);
  const A = storage(cat((net) => net.a, m)), W = storage(cat((net) => net.W, m * d));
  const Bias = storage(bias ? cat((net) => net.b!, m) : new Float32Array(4));
  const Rho = storage(new Float32Array(B * count));
  const idxLen = minibatch ? STEPS_PER_SUBMIT * count : 4;
  const Idx = storage(new Uint32Array(idxLen), false);

  const params = new ArrayBuffer(48), pu = new Uint32Array(params), pf = new Float32Array(params);
  pu.set([B, n, d, m, count, ACTIVATION_CODE[arch.activation], LOSS_CODE[arch.loss], bias ? 1 : 0]);
  pf[8] = arch.alpha, pf[9] = optimizer.lrW, pf[10] = optimizer.lrA, pu[11] = minibatch ? 1 : 0;
  const P = device.createBuffer({ size: 48, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(P, 0, params);
  // One uniform slot per step of a submission (dynamic offsets): slot s holds s, the row of Idx to read.
  const slots = new Uint32Array(STEPS_PER_SUBMIT * SLOT_STRIDE / 4);
  for (let s = 0; s < STEPS_PER_SUBMIT; s++) slots[s * SLOT_STRIDE / 4] = s;
  const Slots = device.createBuffer({
    size: slots.byteLength,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  device.queue.writeBuffer(Slots, 0, slots);

  const module = device.createShaderModule({ code: WGSL });
  const layout0 = device.createBindGroupLayout({
    entries: [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: "uniform" } },
      { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: "read-only-storage" } },
      { binding: 2, visibility: GPUShaderStage.COMPUTE, buffer: { type: "read-only-storage" } },
      { binding: 3, visibility: GPUShaderStage.COMPUTE, buffer: { type: "storage" } },
      { binding: 4, visibility: GPUShaderStage.COMPUTE, buffer: { type: "storage" } },
      { binding: 5, visibility: GPUShaderStage.COMPUTE, buffer: { type: "storage" } },
      { binding: 6, visibility: GPUShaderStage.COMPUTE, buffer: { type: "storage" } },
      { binding: 7, visibility: GPUShaderStage.COMPUTE, buffer: { type: "read-only-storage" } },
    ],
  });
  const layout1 = device.createBindGroupLayout({
    entries: [{
      binding: 0,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type: "uniform", hasDynamicOffset: true, minBindingSize: 4 },
    }],
  });
  const layout = device.createPipelineLayout({ bindGroupLayouts: [layout0, layout1] });
  const pipeline = (entryPoint: string) => device.createComputePipeline({ layout, compute: { module, entryPoint } });
  const residual = pipeline("residual"), update = pipeline("update");
  const group0 = device.createBindGroup({
    layout: layout0,
    entries: [P, X, Y, A, W, Bias, Rho, Idx].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const group1 = device.createBindGroup({
    layout: layout1,
    entries: [{ binding: 0, resource: { buffer: Slots, size: 4 } }],
  });
  const orders = minibatch ? [new BatchOrder(n, optimizer.seed)] : [];
  if (minibatch && B > 1) {
    // SGD draws its order from the seed; an ensemble would share one order, so the executor never batches SGD
    // runs (two_layer's batch key). Refuse rather than silently give every run the first run's order.
    throw new Error("webgpu engine: SGD ensembles must be opened one network at a time");
  }
  const [gr, gu] = [grid(B * count), grid(B * m)];

  const submit = (steps: number) => {
    if (minibatch) {
      const idx = new Int32Array(new ArrayBuffer(steps * count * 4));
      for (let s = 0; s < steps; s++) orders[0].fill(idx.subarray(s * count, (s + 1) * count));
      device.queue.writeBuffer(Idx, 0, new Uint32Array(idx.buffer));
    }
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setBindGroup(0, group0);
    for (let s = 0; s < steps; s++) {
      pass.setBindGroup(1, group1, [s * SLOT_STRIDE]);
      pass.setPipeline(residual);
      pass.dispatchWorkgroups(gr[0], gr[1]);
      pass.setPipeline(update);
      pass.dispatchWorkgroups(gu[0], gu[1]);
    }
    pass.end();
    device.queue.submit([enc.finish()]);
  };

  const readBack = async (buf: GPUBuffer, len: number): Promise<Float32Array> => {
    const staging = device.createBuffer({ size: len * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const enc = device.createCommandEncoder();
    enc.copyBufferToBuffer(buf, 0, staging, 0, len * 4);
    device.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(staging.getMappedRange().slice(0));
    staging.unmap();
    staging.destroy();
    return out;
  };

  return {
    async advance(steps: number) {
      for (let done = 0; done < steps; done += STEPS_PER_SUBMIT) submit(Math.min(STEPS_PER_SUBMIT, steps - done));
      await device.queue.onSubmittedWorkDone();
    },
    async read() {
      const [a, w, b] = await Promise.all([
        readBack(A, B * m),
        readBack(W, B * m * d),
        bias ? readBack(Bias, B * m) : Promise.resolve(undefined),
      ]);
      return nets.map((_, r): Net => {
        const net: Net = {
          a: Float64Array.from(a.subarray(r * m, (r + 1) * m)),
          W: Float64Array.from(w.subarray(r * m * d, (r + 1) * m * d)),
        };
        if (b) net.b = Float64Array.from(b.subarray(r * m, (r + 1) * m));
        return net;
      });
    },
    dispose() {
      for (const buf of [X, Y, A, W, Bias, Rho, Idx, P, Slots]) buf.destroy();
    },
  };
}

/** The `webgpu` engine (float32 ensembles); loads the device on first use. */
export const webGpuEngine: Engine = {
  id: engineIds["webgpu"],
  supports: (problem) =>
    (problem.optimizer.kind === "gd" || problem.optimizer.kind === "sgd") && problem.data.d <= MAX_D,
  open,
};

/** The engine, after checking that an adapter exists (so `--engine webgpu` fails early with a clear message). */
export async function loadWebGpuEngine(): Promise<Engine> {
  await gpu();
  return webGpuEngine;
}

/** The adapter this process uses, in words (for provenance and `bench`). */
export async function webGpuAdapter(): Promise<string> {
  return adapterDescription((await gpu()).adapter);
}
