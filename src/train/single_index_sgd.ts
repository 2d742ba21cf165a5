/**
 * The `single_index_sgd` task: online SGD of paper 4's network f(x) = (1/m) Σᵢ aᵢ σ(⟨uᵢ, x⟩) with uᵢ on the unit
 * sphere, on fresh samples x ~ N(0, I_d), y = φ(⟨w*, x⟩) (w* = e₁), first-layer step η, second-layer step η/ε.
 *
 * σ and φ are given by their normalised Hermite coefficients (`src/analysis/hermite.ts`). Per-neuron gradients
 * carry the mean-field factor m, so step k is at flow time t = kη of the mean-field ODE (`meanfield_ode.ts`):
 *   aᵢ ← aᵢ + (η/ε)(y − f) σ(zᵢ),   uᵢ ← normalise(uᵢ + η (y − f) aᵢ σ'(zᵢ)(x − zᵢ uᵢ)),   zᵢ = ⟨uᵢ, x⟩:
 * the spherical (Riemannian) gradient, then a retraction onto the sphere. The risk recorded is the exact
 * population risk of the current weights, R = ½‖φ‖² − (1/m) Σᵢ aᵢ V(sᵢ) + (1/2m²) Σᵢⱼ aᵢ aⱼ U(⟨uᵢ, uⱼ⟩), with
 * V(s) = Σ φ_k σ_k s^k and U(ρ) = Σ σ_k² ρ^k (no sampling noise in the measurement).
 *
 * @example
 * ```ts
 * import { singleIndexSgdTask } from "./single_index_sgd.ts";
 * import { f64Engine } from "./engines/f64.ts";
 * const spec = { task: "single_index_sgd", d: 10, m: 20, phi: [0, 1], sigma: [0, 1], eps: 0.1, lr: 0.01,
 *   steps: 200, initScaleA: 1, seed: 0 };
 * const [res] = await singleIndexSgdTask.run([{ ...spec }], { engine: f64Engine, progress: () => {} });
 * console.log((res.risk as number[]).length > 2); // true
 * ```
 * @module
 */
import { hermiteSeries, powerSeries } from "../analysis/hermite.ts";
import { int, list, num, type Schema } from "../core/schema.ts";
import type { JsonObject, RunSpec } from "../core/types.ts";
import { initialNetwork, paddedCoefficients } from "./meanfield_ode.ts";
import { rng } from "./rng.ts";
import { checkpoints } from "./schedule.ts";
import type { Task } from "./task.ts";
import { divergedStatus } from "../core/divergence.ts";

/** The fields of a `single_index_sgd` run. */
export const singleIndexSgdSchema: Schema = {
  d: int({ min: 2, doc: "input dimension" }),
  m: int({ min: 1, doc: "width" }),
  phi: list(num(), { nonEmpty: true, doc: "target link's normalised Hermite coefficients φ_0, …, φ_K" }),
  sigma: list(num(), { nonEmpty: true, doc: "activation's normalised Hermite coefficients σ_0, …, σ_K" }),
  eps: num({ positive: true, doc: "second-layer step = lr/eps" }),
  lr: num({ positive: true, doc: "first-layer step η (flow time t = step·η)" }),
  steps: int({ min: 1, doc: "online SGD steps (one fresh sample each)" }),
  initScaleA: num({ min: 0, doc: "aᵢ(0) ~ N(0, initScaleA²); uᵢ(0) uniform on the sphere" }),
  seed: int({ min: 0, doc: "seed of the initialisation and of the samples" }),
  perDecade: int({ min: 0, default: 10, doc: "log-spaced checkpoints per decade of steps" }),
  linear: int({ min: 0, default: 40, doc: "evenly spaced checkpoints" }),
};

/** Rounds to 10 significant digits. */
const compact = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(10)) : x);

/** The exact population risk of the network (a, U) for the target φ(⟨e₁, x⟩) (Mehler's formula). */
export function populationRisk(
  a: Float64Array,
  U: Float64Array,
  m: number,
  d: number,
  phi: readonly number[],
  sigma: readonly number[],
): number {
  const V = phi.map((p, k) => p * sigma[k]), Uc = sigma.map((s) => s * s);
  let risk = 0.5 * phi.reduce((t, p) => t + p * p, 0);
  let cross = 0, self = 0;
  for (let i = 0; i < m; i++) {
    risk -= a[i] * powerSeries(V, U[i * d]) / m;
    self += a[i] * a[i] * powerSeries(Uc, 1);
    for (let j = i + 1; j < m; j++) {
      let rho = 0;
      for (let l = 0; l < d; l++) rho += U[i * d + l] * U[j * d + l];
      cross += a[i] * a[j] * powerSeries(Uc, rho);
    }
  }
  return risk + (self + 2 * cross) / (2 * m * m);
}

/** Runs one spec. */
export function runSingleIndexSgd(spec: RunSpec, progress: (steps: number) => void = () => {}): JsonObject {
  const d = spec.d as number, m = spec.m as number, eps = spec.eps as number, lr = spec.lr as number;
  const steps = spec.steps as number;
  const { phi, sigma } = paddedCoefficients(spec);
  const K = phi.length - 1;
  const act = hermiteSeries(sigma), link = hermiteSeries(phi);
  const { a, U } = initialNetwork(m, d, spec.initScaleA as number, spec.seed as number);
  const data = rng(spec.seed as number, "data");
  const schedule = checkpoints(steps, { perDecade: spec.perDecade as number, linear: spec.linear as number });
  const out = {
    step: [] as number[],
    t: [] as number[],
    risk: [] as number[],
    riskMf: [] as number[],
    rmsS: [] as number[],
    maxAbsA: [] as number[],
  };
  const errors: Record<string, number[]> = {};
  for (let k = 0; k <= K; k++) if (phi[k] !== 0 || sigma[k] !== 0) errors[String(k)] = [];
  /** Records checkpoint `step`; false (and nothing recorded) when a weight or the risk is no longer finite. */
  const record = (step: number): boolean => {
    const M = new Float64Array(K + 1);
    let s2 = 0, maxA = 0;
    for (let i = 0; i < m; i++) {
      const s = U[i * d];
      let p = a[i];
      for (let k = 0; k <= K; k++) M[k] += p / m, p *= s;
      s2 += s * s;
      maxA = Math.max(maxA, Math.abs(a[i]));
    }
    let riskMf = 0;
    for (let k = 0; k <= K; k++) riskMf += 0.5 * (phi[k] - sigma[k] * M[k]) ** 2;
    const risk = populationRisk(a, U, m, d, phi, sigma);
    const row = [risk, riskMf, s2, maxA, ...M];
    if (!row.every(Number.isFinite) || !a.every(Number.isFinite) || !U.every(Number.isFinite)) return false;
    for (const k of Object.keys(errors)) errors[k].push(compact(phi[+k] - sigma[+k] * M[+k]));
    out.step.push(step);
    out.t.push(compact(step * lr));
    out.risk.push(compact(risk));
    out.riskMf.push(compact(riskMf));
    out.rmsS.push(compact(Math.sqrt(s2 / m)));
    out.maxAbsA.push(compact(maxA));
    return true;
  };
  let divergedAt = -1;
  const x = new Float64Array(d), z = new Float64Array(m), sz = new Float64Array(m);
  let at = 0;
  for (const target of schedule) {
    for (; at < target; at++) {
      for (let l = 0; l < d; l++) x[l] = data.normal();
      const y = link.value(x[0]);
      let f = 0;
      for (let i = 0; i < m; i++) {
        let zi = 0;
        for (let l = 0; l < d; l++) zi += U[i * d + l] * x[l];
        z[i] = zi;
        sz[i] = act.value(zi);
        f += a[i] * sz[i];
      }
      const res = y - f / m;
      for (let i = 0; i < m; i++) {
        const zi = z[i], g = lr * res * a[i] * act.derivative(zi);
        a[i] += (lr / eps) * res * sz[i];
        let n2 = 0;
        for (let l = 0; l < d; l++) {
          const u = U[i * d + l] + g * (x[l] - zi * U[i * d + l]);
          U[i * d + l] = u;
          n2 += u * u;
        }
        const inv = 1 / Math.sqrt(n2);
        for (let l = 0; l < d; l++) U[i * d + l] *= inv;
      }
    }
    progress(target - (out.step.length ? out.step[out.step.length - 1] : 0));
    if (!record(target)) {
      divergedAt = target; // divergence is a result: keep the finite prefix, store nothing non-finite
      break;
    }
  }
  const res: JsonObject = {
    ...out,
    errors,
    R0: out.risk.length ? out.risk[0] : null,
    stop: divergedAt >= 0 ? divergedStatus(divergedAt) : "steps",
  };
  if (divergedAt >= 0) res.divergedAt = divergedAt;
  return res;
}

/** The `single_index_sgd` task (float64, plain loops). */
export const singleIndexSgdTask: Task = {
  name: "single_index_sgd",
  version: "1",
  engines: "f64",
  schema: singleIndexSgdSchema,
  cost: (spec) => spec.steps as number,
  work: (spec) => (spec.steps as number) * (spec.m as number) * ((spec.d as number) + 2),
  run(specs, ctx) {
    return Promise.resolve(specs.map((spec) => runSingleIndexSgd(spec, ctx.progress)));
  },
};
