/**
 * The system BLAS through Deno's FFI (`Deno.dlopen` of Debian's OpenBLAS, `cblas_sgemm`), one thread: the two
 * matrix products of a step (Z = X·Wᵀ and ∇W = Gᵀ·X), timed alone. It is the ceiling a BLAS-backed engine could
 * reach (its element-wise part and the loss come on top), measured by `deno task bench` to decide whether such an
 * engine is worth shipping. Needs `--allow-ffi`; says why when the library or the permission is missing.
 *
 * @example
 * ```ts ignore
 * import { openBlas } from "./blas_ffi.ts";
 * const blas = openBlas();
 * if (typeof blas !== "string") console.log(blas.core, blas.rate({ name: "L", d: 50, m: 1000, n: 1000 }, 0.5));
 * ```
 * @module
 */
import type { BenchCase } from "./cases.ts";

/** The BLAS peer: its kernel name and a timer of the step's two sgemm calls (products per second). */
export interface BlasPeer {
  library: string;
  core: string;
  rate(c: BenchCase, seconds: number): number;
}

const SYMBOLS = {
  cblas_sgemm: {
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "f32",
      "buffer",
      "i32",
      "buffer",
      "i32",
      "f32",
      "buffer",
      "i32",
    ],
    result: "void",
  },
  openblas_set_num_threads: { parameters: ["i32"], result: "void" },
  openblas_get_corename: { parameters: [], result: "pointer" },
} as const;

/** Opens the system OpenBLAS (one thread), or returns why it cannot. */
export function openBlas(library = "libopenblas.so.0"): BlasPeer | string {
  let lib: Deno.DynamicLibrary<typeof SYMBOLS>;
  try {
    lib = Deno.dlopen(library, SYMBOLS);
  } catch (e) {
    return `${library} not loadable (${e instanceof Error ? e.message.split("\n")[0] : e}; ` +
      "apt-get install -y libopenblas0-pthread, and run with --allow-ffi)";
  }
  lib.symbols.openblas_set_num_threads(1);
  const p = lib.symbols.openblas_get_corename();
  const core = p ? new Deno.UnsafePointerView(p).getCString() : "?";
  const buffers = new Map<string, Float32Array[]>();
  const ROW = 101, N = 111, T = 112;
  return {
    library,
    core,
    rate({ d, m, n, name }: BenchCase, seconds: number): number {
      if (!buffers.has(name)) {
        const fill = (len: number) => Float32Array.from({ length: len }, (_, i) => Math.sin(i) * 0.1);
        buffers.set(name, [fill(n * d), fill(m * d), fill(n * m), fill(n * m), fill(m * d)]);
      }
      const [X, W, Z, G, gW] = buffers.get(name)!;
      const step = () => {
        lib.symbols.cblas_sgemm(ROW, N, T, n, m, d, 1, X, d, W, d, 0, Z, m);
        lib.symbols.cblas_sgemm(ROW, T, N, m, d, n, 1, G, m, X, d, 0, gW, d);
      };
      let k = 1, t = 0;
      for (;;) {
        const t0 = performance.now();
        for (let i = 0; i < k; i++) step();
        t = (performance.now() - t0) / 1000;
        if (t >= seconds / 2) break;
        k = Math.ceil(k * Math.min(8, seconds / Math.max(t, 1e-6)));
      }
      return k / t;
    },
  };
}
