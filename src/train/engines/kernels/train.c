/*
 * One optimiser step (full-batch GD or SGD on a given minibatch) of the two-layer network
 *   f(x) = (1/alpha) sum_k a_k sigma(w_k . x + b_k),
 * for an ensemble of R networks sharing one dataset, in WebAssembly SIMD128.
 * Built twice from this file: REAL = float (4 lanes) and REAL = double (2 lanes); see build.sh.
 *
 * Layout (chosen so every inner loop runs over the hidden units k, the contiguous axis):
 *   X[n][d] inputs, y[n] targets, Wt[R][d][mp] first layer transposed (mp = m padded to a multiple of CH,
 *   padded units have a = w = b = 0 and stay 0), a[R][mp], b[R][mp].
 * Samples are processed in tiles of TILE (32) samples: the forward pass of a tile runs unit chunk by unit chunk
 * (outer) over the tile's blocks of 4 samples (inner), so a chunk's slice of Wt (d x CH) is read from L1 TILE/4
 * times instead of streamed from L2 once per block; the loss derivatives of the tile follow, then the backward
 * pass, again chunk-outer, so the chunk's slice of the W-gradient stays in L1 while the tile's blocks add into it.
 * Each load of Wt / load-store of the gradient serves 4 samples (register blocking).
 * The float32 build multiplies-adds with relaxed-SIMD madd (fused where the CPU has FMA) and evaluates tanh with
 * a clamped rational approximation (max abs error 2.7e-7, relative 2.7e-7 below |z| = 1: tests/engines_test.ts); the float64 build
 * uses separate multiply and add and the exact tanh below, in the same order as before (bit-identical).
 * No libc: exp/expm1/tanh are written here.
 */
#ifdef F64
typedef double real;
typedef double vec __attribute__((vector_size(16)));
typedef long long ivec __attribute__((vector_size(16)));
typedef unsigned long long ubits;
#define LANES 2
#define SPLAT(x) ((vec){(x), (x)})
#define ISPLAT(x) ((ivec){(x), (x)})
#define EXP_BIAS 1023
#define MANT_BITS 52
#define MAGIC 6755399441055744.0 /* 1.5 * 2^52: adding it rounds to an integer held in the low bits */
#define TANH_CLAMP 19.1
#else
typedef float real;
typedef float vec __attribute__((vector_size(16)));
typedef int ivec __attribute__((vector_size(16)));
typedef unsigned int ubits;
#define LANES 4
#define SPLAT(x) ((vec){(x), (x), (x), (x)})
#define ISPLAT(x) ((ivec){(x), (x), (x), (x)})
#define EXP_BIAS 127
#define MANT_BITS 23
#define MAGIC 12582912.0f /* 1.5 * 2^23 */
#define TANH_CLAMP 9.0f
#endif
#define CH (2 * LANES) /* hidden units per register block */
#define BLOCK 4        /* samples per register block */
#define TILE 32        /* samples per tile (a multiple of BLOCK) */
#if defined(F64) || !defined(__wasm_relaxed_simd__)
#define MADD(x, y, acc) ((acc) + (x) * (y))
#else
#define MADD(x, y, acc) __builtin_wasm_relaxed_madd_f32x4((x), (y), (acc))
#endif

enum { RELU = 0, TANH = 1, XTANH = 2 };
enum { SQUARE = 0, LOGISTIC = 1, EXPONENTIAL = 2 };

static inline vec vload(const real *p) { return *(const vec *)p; }
static inline void vstore(real *p, vec v) { *(vec *)p = v; }
static inline vec vselect(ivec mask, vec a, vec b) { return (vec)(((ivec)a & mask) | ((ivec)b & ~mask)); }

/* exp(u) - 1 for u >= 0, accurate in relative terms near 0 (Taylor) and elsewhere via 2^n e^r. */
__attribute__((unused)) static inline vec vexpm1(vec u) {
  const real ln2hi = (real)0.693145751953125, ln2lo = (real)1.42860682030941723212e-6;
  const real log2e = (real)1.4426950408889634;
  /* small branch: u + u^2/2! + ... (|u| < 0.35) */
  vec s = SPLAT((real)(1.0 / 39916800.0));
#ifdef F64
  s = s * u + SPLAT(1.0 / 3628800.0); s = s * u + SPLAT(1.0 / 362880.0); s = s * u + SPLAT(1.0 / 40320.0);
  s = s * u + SPLAT(1.0 / 5040.0);
#else
  s = SPLAT(1.0f / 5040.0f);
#endif
  s = s * u + SPLAT((real)(1.0 / 720.0)); s = s * u + SPLAT((real)(1.0 / 120.0)); s = s * u + SPLAT((real)(1.0 / 24.0));
  s = s * u + SPLAT((real)(1.0 / 6.0)); s = s * u + SPLAT((real)0.5); s = s * u * u + u;
  /* big branch: e^u = 2^n e^r, r = u - n ln2 in [-0.35, 0.35] */
  vec t = u * SPLAT(log2e) + SPLAT(MAGIC);
  vec n = t - SPLAT(MAGIC);
  ivec ni = (ivec)t - (ivec)SPLAT(MAGIC);
  vec r = u - n * SPLAT(ln2hi) - n * SPLAT(ln2lo);
  vec p = SPLAT((real)(1.0 / 39916800.0));
#ifdef F64
  p = p * r + SPLAT(1.0 / 3628800.0); p = p * r + SPLAT(1.0 / 362880.0); p = p * r + SPLAT(1.0 / 40320.0);
  p = p * r + SPLAT(1.0 / 5040.0);
#else
  p = SPLAT(1.0f / 5040.0f);
#endif
  p = p * r + SPLAT((real)(1.0 / 720.0)); p = p * r + SPLAT((real)(1.0 / 120.0)); p = p * r + SPLAT((real)(1.0 / 24.0));
  p = p * r + SPLAT((real)(1.0 / 6.0)); p = p * r + SPLAT((real)0.5); p = p * r * r + r + SPLAT((real)1);
  vec scale = (vec)((ni + ISPLAT(EXP_BIAS)) << MANT_BITS);
  vec big = p * scale - SPLAT((real)1);
  return vselect(u < SPLAT((real)0.35), s, big);
}

/* tanh(z) = sign(z) em / (em + 2), em = expm1(2|z|): no cancellation for tiny z. */
__attribute__((unused)) static inline vec vtanh(vec z) {
  const ivec signbit = (ivec)SPLAT((real)-0.0);
  vec az = (vec)((ivec)z & ~signbit);
  az = vselect(az > SPLAT(TANH_CLAMP), SPLAT(TANH_CLAMP), az);
  vec em = vexpm1(az + az);
  vec t = em / (em + SPLAT((real)2));
  return (vec)((ivec)t | ((ivec)z & signbit));
}

/* Scalar exp for the loss derivatives (|x| clamped to the range of double). */
static double sexp(double x) {
  if (x > 709.0) x = 709.0;
  if (x < -708.0) x = -708.0;
  double t = x * 1.4426950408889634 + 6755399441055744.0;
  double n = t - 6755399441055744.0;
  long long ni = *(long long *)&t - *(const long long *)&(double){6755399441055744.0};
  double r = x - n * 0.693145751953125 - n * 1.42860682030941723212e-6;
  double p = 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0; p = p * r + 1.0 / 362880.0; p = p * r + 1.0 / 40320.0; p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0; p = p * r + 1.0 / 120.0; p = p * r + 1.0 / 24.0; p = p * r + 1.0 / 6.0;
  p = p * r + 0.5; p = p * r * r + r + 1.0;
  long long bits = (ni + 1023) << 52;
  return p * *(double *)&bits;
}

/* d loss / d f at one sample (network.ts sampleLossDerivative). */
static double lossDerivative(int loss, double f, double y) {
  if (loss == SQUARE) return f - y;
  if (loss == LOGISTIC) {
    double u = -y * f;
    if (u > 0) return -y / (1 + sexp(-u));
    double e = sexp(u);
    return -y * e / (1 + e);
  }
  return -y * sexp(-y * f);
}

#ifndef F64
/* tanh(z) for float32: z P(z^2) / Q(z^2) on z clamped to [-c, c] (the rational approximation of Eigen's
 * generic_fast_tanh_float), z itself below 4e-4 where tanh(z) = z in float32. */
static inline vec vtanhFast(vec z) {
  const ivec signbit = (ivec)SPLAT(-0.0f);
  vec az = (vec)((ivec)z & ~signbit);
  const vec c = SPLAT(7.99881172180175781f);
  vec x = vselect(z > c, c, vselect(z < -c, -c, z));
  vec x2 = x * x;
  vec p = SPLAT(-2.76076847742355e-16f);
  p = MADD(p, x2, SPLAT(2.00018790482477e-13f));
  p = MADD(p, x2, SPLAT(-8.60467152213735e-11f));
  p = MADD(p, x2, SPLAT(5.12229709037114e-08f));
  p = MADD(p, x2, SPLAT(1.48572235717979e-05f));
  p = MADD(p, x2, SPLAT(6.37261928875436e-04f));
  p = MADD(p, x2, SPLAT(4.89352455891786e-03f));
  vec q = SPLAT(1.19825839466702e-06f);
  q = MADD(q, x2, SPLAT(1.18534705686654e-04f));
  q = MADD(q, x2, SPLAT(2.26843463243900e-03f));
  q = MADD(q, x2, SPLAT(4.89352518554385e-03f));
  return vselect(az < SPLAT(0.0004f), z, (x * p) / q);
}
#define VTANH vtanhFast
#else
#define VTANH vtanh
#endif

/* s = sigma(z), ds = sigma'(z) for one vector of pre-activations. */
static inline void activate(int act, vec z, vec *s, vec *ds) {
  if (act == RELU) {
    ivec pos = z > SPLAT((real)0);
    *s = vselect(pos, z, SPLAT((real)0));
    *ds = (vec)(pos & (ivec)SPLAT((real)1));
  } else {
    vec t = VTANH(z);
    vec dt = SPLAT((real)1) - t * t;
    if (act == TANH) *s = t, *ds = dt;
    else *s = z * t, *ds = t + z * dt;
  }
}

static inline real hsum(vec v) {
  real s = 0;
  for (int l = 0; l < LANES; l++) s += v[l];
  return s;
}

/* Gradient of one network over `count` samples (indices idx, or 0..count-1 when idx is 0), added into
 * gWt/ga/gb (zeroed here); S and D are work buffers of TILE*mp reals. */
static void gradient(int total, int d, int mp, int act, int loss, int bias, real invAlpha, const real *X,
                     const real *y, const int *idx, int count, const real *Wt, const real *a, const real *b, real *gWt,
                     real *ga, real *gb, real *S, real *D) {
  for (int q = 0; q < d * mp; q++) gWt[q] = 0;
  for (int k = 0; k < mp; k++) ga[k] = 0, gb[k] = 0;
  const double scale = (double)invAlpha / total; /* total = batch size; count = the samples done here */
  for (int t0 = 0; t0 < count; t0 += TILE) {
    const int inTile = count - t0 < TILE ? count - t0 : TILE, blocks = (inTile + BLOCK - 1) / BLOCK;
    int ii[TILE];
    for (int s = 0; s < blocks * BLOCK; s++) {
      int t = t0 + (s < inTile ? s : inTile - 1); /* padded slots repeat the last sample, with r = 0 */
      ii[s] = idx ? idx[t] : t;
    }
    vec O[TILE];
    for (int s = 0; s < TILE; s++) O[s] = SPLAT((real)0);
    /* forward: z = W x + b, s = sigma(z), out = sum_k a_k s_k (eq. of network.ts predict); chunk-outer */
    for (int c = 0; c < mp; c += CH) {
      const vec a0 = vload(a + c), a1 = vload(a + c + LANES);
      for (int bl = 0; bl < blocks; bl++) {
        const int s0 = bl * BLOCK;
        const real *x0 = X + ii[s0] * d, *x1 = X + ii[s0 + 1] * d, *x2 = X + ii[s0 + 2] * d,
                   *x3 = X + ii[s0 + 3] * d;
        vec z00, z01, z10, z11, z20, z21, z30, z31;
        if (bias) {
          z00 = z10 = z20 = z30 = vload(b + c);
          z01 = z11 = z21 = z31 = vload(b + c + LANES);
        } else {
          z00 = z01 = z10 = z11 = z20 = z21 = z30 = z31 = SPLAT((real)0);
        }
        const real *w = Wt + c;
        for (int j = 0; j < d; j++, w += mp) {
          vec w0 = vload(w), w1 = vload(w + LANES), xv;
          xv = SPLAT(x0[j]); z00 = MADD(xv, w0, z00); z01 = MADD(xv, w1, z01);
          xv = SPLAT(x1[j]); z10 = MADD(xv, w0, z10); z11 = MADD(xv, w1, z11);
          xv = SPLAT(x2[j]); z20 = MADD(xv, w0, z20); z21 = MADD(xv, w1, z21);
          xv = SPLAT(x3[j]); z30 = MADD(xv, w0, z30); z31 = MADD(xv, w1, z31);
        }
        vec sv, dv;
#define ACT(zv, s, half, av)                                       \
  activate(act, zv, &sv, &dv);                                     \
  vstore(S + (s0 + s) * mp + c + (half) * LANES, sv);              \
  vstore(D + (s0 + s) * mp + c + (half) * LANES, dv);              \
  O[s0 + s] = MADD(av, sv, O[s0 + s]);
        ACT(z00, 0, 0, a0) ACT(z01, 0, 1, a1)
        ACT(z10, 1, 0, a0) ACT(z11, 1, 1, a1)
        ACT(z20, 2, 0, a0) ACT(z21, 2, 1, a1)
        ACT(z30, 3, 0, a0) ACT(z31, 3, 1, a1)
#undef ACT
      }
    }
    /* r_i = (1/alpha)(1/B) dl/df (network.ts gradient); padded slots get r = 0 */
    real r[TILE];
    for (int s = 0; s < blocks * BLOCK; s++) {
      r[s] = s < inTile ? (real)(lossDerivative(loss, (double)hsum(O[s]) * invAlpha, y[ii[s]]) * scale) : 0;
    }
    /* backward: da_k += r s_k, g_k = r a_k s'_k, db_k += g_k, dw_k += g_k x; chunk-outer, so the chunk's
     * gradient slice (d x CH) stays in L1 across the tile's blocks */
    for (int c = 0; c < mp; c += CH) {
      real *gw0 = gWt + c;
      for (int bl = 0; bl < blocks; bl++) {
        const int s0 = bl * BLOCK;
        const real *x0 = X + ii[s0] * d, *x1 = X + ii[s0 + 1] * d, *x2 = X + ii[s0 + 2] * d,
                   *x3 = X + ii[s0 + 3] * d;
        const real *Sb = S + s0 * mp, *Db = D + s0 * mp;
        vec r0 = SPLAT(r[s0]), r1 = SPLAT(r[s0 + 1]), r2 = SPLAT(r[s0 + 2]), r3 = SPLAT(r[s0 + 3]);
        vec g00, g01, g10, g11, g20, g21, g30, g31;
        for (int h = 0; h < 2; h++) {
          int o = c + h * LANES;
          vec av = vload(a + o);
          vec gav = MADD(r3, vload(Sb + 3 * mp + o),
                         MADD(r2, vload(Sb + 2 * mp + o), MADD(r1, vload(Sb + mp + o), MADD(r0, vload(Sb + o), vload(ga + o)))));
          vstore(ga + o, gav);
          vec q0 = r0 * av * vload(Db + o), q1 = r1 * av * vload(Db + mp + o);
          vec q2 = r2 * av * vload(Db + 2 * mp + o), q3 = r3 * av * vload(Db + 3 * mp + o);
          vstore(gb + o, vload(gb + o) + q0 + q1 + q2 + q3);
          if (h == 0) g00 = q0, g10 = q1, g20 = q2, g30 = q3;
          else g01 = q0, g11 = q1, g21 = q2, g31 = q3;
        }
        real *gw = gw0;
        for (int j = 0; j < d; j++, gw += mp) {
          vec x0v = SPLAT(x0[j]), x1v = SPLAT(x1[j]), x2v = SPLAT(x2[j]), x3v = SPLAT(x3[j]);
          vstore(gw, MADD(x3v, g30, MADD(x2v, g20, MADD(x1v, g10, MADD(x0v, g00, vload(gw))))));
          vstore(gw + LANES, MADD(x3v, g31, MADD(x2v, g21, MADD(x1v, g11, MADD(x0v, g01, vload(gw + LANES))))));
        }
      }
    }
  }
}

/* Trains R networks for `steps` steps each. idx: 0 for full batch (count = n), else steps*count sample indices
 * shared by every network (one minibatch order per ensemble, as the f64 engine). work: (d+2)*mp + 2*TILE*mp. */
__attribute__((export_name("train"))) void train(int R, int steps, int n, int d, int mp, int act, int loss, int bias,
                                                 real invAlpha, real lrW, real lrA, const real *X, const real *y,
                                                 const int *idx, int count, real *Wt, real *a, real *b, real *work) {
  real *gWt = work, *ga = gWt + d * mp, *gb = ga + mp, *S = gb + mp, *D = S + TILE * mp;
  const vec lw = SPLAT(lrW), la = SPLAT(lrA);
  for (int r = 0; r < R; r++) {
    real *W = Wt + r * d * mp, *ar = a + r * mp, *br = b + r * mp;
    for (int t = 0; t < steps; t++) {
      (void)n;
      gradient(count, d, mp, act, loss, bias, invAlpha, X, y, idx ? idx + t * count : 0, count, W, ar, br, gWt, ga,
               gb, S, D);
      for (int q = 0; q < d * mp; q += LANES) vstore(W + q, vload(W + q) - lw * vload(gWt + q));
      for (int k = 0; k < mp; k += LANES) vstore(ar + k, vload(ar + k) - la * vload(ga + k));
      if (bias)
        for (int k = 0; k < mp; k += LANES) vstore(br + k, vload(br + k) - lw * vload(gb + k));
    }
  }
}

/* Data-parallel steps (several workers, one network): the gradient of one network over `count` of the batch's
 * `total` samples (idx, or first..first+count-1 when idx is 0), into g = [gWt | ga | gb]; work: 2*TILE*mp. */
__attribute__((export_name("gradient_part"))) void gradient_part(int total, int d, int mp, int act, int loss, int bias,
                                                                 real invAlpha, const real *X, const real *y,
                                                                 const int *idx, int count, const real *Wt,
                                                                 const real *a, const real *b, real *g, real *work) {
  gradient(total, d, mp, act, loss, bias, invAlpha, X, y, idx, count, Wt, a, b, g, g + d * mp, g + (d + 1) * mp, work,
           work + TILE * mp);
}

/* The update from two partial gradients, summed in a fixed order (g0 + g1) so every worker computes identical
 * weights. */
__attribute__((export_name("apply_sum"))) void apply_sum(int d, int mp, int bias, real lrW, real lrA, real *Wt, real *a,
                                                         real *b, const real *g0, const real *g1) {
  const vec lw = SPLAT(lrW), la = SPLAT(lrA);
  for (int q = 0; q < d * mp; q += LANES) vstore(Wt + q, vload(Wt + q) - lw * (vload(g0 + q) + vload(g1 + q)));
  g0 += d * mp, g1 += d * mp;
  for (int k = 0; k < mp; k += LANES) vstore(a + k, vload(a + k) - la * (vload(g0 + k) + vload(g1 + k)));
  g0 += mp, g1 += mp;
  if (bias)
    for (int k = 0; k < mp; k += LANES) vstore(b + k, vload(b + k) - lw * (vload(g0 + k) + vload(g1 + k)));
}

/* sigma and sigma' of `count` pre-activations (count a multiple of LANES), with the kernel's own arithmetic: lets
 * tests measure the float32 tanh approximation's error. */
__attribute__((export_name("activate_n"))) void activate_n(int act, const real *z, real *s, real *ds, int count) {
  for (int i = 0; i < count; i += LANES) {
    vec sv, dv;
    activate(act, vload(z + i), &sv, &dv);
    vstore(s + i, sv);
    vstore(ds + i, dv);
  }
}
