"""Serving peer of bench/main.ts: a strong user's full-batch GD step of f(x) = sum_k a_k sigma(w_k . x), square
loss, in numpy (float32 or float64) or PyTorch CPU (float32), one BLAS thread, timed on request.

The pinned OpenBLAS kernel (OPENBLAS_CORETYPE) is unset for this process alone, before numpy or torch loads
its BLAS; the BLAS library actually loaded and its kernel are reported. W is stored d x m (no transposed
copies), every temporary is preallocated (out= / in-place), and for numpy the faster of this and the textbook
formulation (`numpy_plain`) is kept. torch is imported only with --lib torch (Debian's python3-torch, where
`import torch` works; with libopenblas0-pthread installed, else it falls back to the reference BLAS).

Protocol: one JSON request per stdin line, one JSON reply per stdout line.
  {"info": true}                                       -> {"lib", "version", "blas", "coretype", "pinned"}
  {"d":10,"m":100,"n":200,"act":"relu","dtype":"float32","seconds":0.5}  -> {"steps_per_s": x}
  {"sweep":32,"batch":8,"d":10,"m":100,"n":200,"steps":500} -> {"run_steps_per_s": x}  (torch: runs batched, bmm)

  printf '{"info":true}\\n' | python3 bench/step_peer.py --lib numpy
"""
import json
import os
import sys
import time

PINNED = os.environ.pop("OPENBLAS_CORETYPE", None)  # unset for the peer alone
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

LIB = sys.argv[sys.argv.index("--lib") + 1] if "--lib" in sys.argv else "numpy"
if LIB == "torch":
    import torch

    torch.set_num_threads(1)
import numpy as np  # noqa: E402


def blas_info():
    """The BLAS shared library mapped into this process and, for OpenBLAS, its kernel (corename)."""
    np.ones((64, 64), np.float32) @ np.ones((64, 64), np.float32)
    if LIB == "torch":
        torch.mm(torch.ones(64, 64), torch.ones(64, 64))
    paths = []
    try:
        with open("/proc/self/maps") as f:
            for ln in f:
                p = ln.split()[-1] if len(ln.split()) >= 6 else ""
                if ("blas" in p.lower() or "mkl" in p.lower()) and p not in paths:
                    paths.append(p)
    except OSError:
        pass
    core = None
    for p in paths:
        try:
            import ctypes

            lib = ctypes.CDLL(p)
            names = ("openblas_get_corename", "scipy_openblas_get_corename64_", "scipy_openblas_get_corename")
            fn = next((getattr(lib, n) for n in names if hasattr(lib, n)), None)
            if fn is not None:
                fn.restype = ctypes.c_char_p
                core = fn().decode()
                break
        except OSError:
            continue
    try:
        import threadpoolctl  # noqa: F401

        tp = [f"{i['internal_api']} {i.get('version')} {i['num_threads']}t" for i in threadpoolctl.threadpool_info()]
    except ImportError:
        tp = None
    return {"blas": [os.path.basename(p) for p in paths], "coretype": core, "threadpoolctl": tp}


def make(d, m, n, dtype, seed):
    """The teacher task of cases.ts in spirit: y = relu(u . x), student at 1/sqrt(fan-in) scale; W as d x m."""
    g = np.random.default_rng(seed)
    X = g.standard_normal((n, d)).astype(dtype)
    u = g.standard_normal(d)
    y = np.maximum(X @ (u / np.linalg.norm(u)).astype(dtype), 0).astype(dtype)
    Wt = (g.standard_normal((d, m)) / np.sqrt(d)).astype(dtype)
    a = (g.standard_normal(m) / np.sqrt(m)).astype(dtype)
    return X, y, Wt, a


def numpy_prealloc(X, y, Wt, a, act, lr):
    n, d = X.shape
    m = Wt.shape[1]
    dt = X.dtype
    Z, H, G = np.empty((n, m), dt), np.empty((n, m), dt), np.empty((n, m), dt)
    mask, r, ga, gWt = np.empty((n, m), bool), np.empty(n, dt), np.empty(m, dt), np.empty((d, m), dt)
    XT = np.ascontiguousarray(X.T)
    inv_n, lr = dt.type(1.0 / n), dt.type(lr)

    def step():
        np.matmul(X, Wt, out=Z)
        if act == "relu":
            np.maximum(Z, 0, out=H)
        else:
            np.tanh(Z, out=H)
        np.matmul(H, a, out=r)
        np.subtract(r, y, out=r)
        np.multiply(r, inv_n, out=r)
        np.matmul(r, H, out=ga)
        if act == "relu":
            np.greater(Z, 0, out=mask)
            np.multiply(r[:, None], a, out=G)
            np.multiply(G, mask, out=G)
        else:
            np.multiply(H, H, out=G)
            np.subtract(1, G, out=G)
            np.multiply(G, r[:, None], out=G)
            np.multiply(G, a, out=G)
        np.matmul(XT, G, out=gWt)
        np.multiply(gWt, lr, out=gWt)
        np.subtract(Wt, gWt, out=Wt)
        np.multiply(ga, lr, out=ga)
        np.subtract(a, ga, out=a)

    return step


def numpy_plain(X, y, Wt, a, act, lr):
    n = X.shape[0]
    lr = X.dtype.type(lr)

    def step():
        Z = X @ Wt
        H = np.maximum(Z, 0) if act == "relu" else np.tanh(Z)
        r = (H @ a - y) / n
        ga = H.T @ r
        G = np.outer(r, a) * ((Z > 0) if act == "relu" else (1 - H * H))
        Wt[...] -= lr * (X.T @ G)
        a[...] -= lr * ga

    return step


def torch_step(X, y, Wt, a, act, lr):
    X, y, Wt, a = (torch.from_numpy(np.array(v, np.float32)) for v in (X, y, Wt, a))
    n, d = X.shape
    m = Wt.shape[1]
    Z, H, G = torch.empty(n, m), torch.empty(n, m), torch.empty(n, m)
    mask, r, ga, gWt = torch.empty(n, m, dtype=torch.bool), torch.empty(n), torch.empty(m), torch.empty(d, m)
    XT = X.t().contiguous()

    def step():
        torch.mm(X, Wt, out=Z)
        if act == "relu":
            torch.clamp_min(Z, 0, out=H)
        else:
            torch.tanh(Z, out=H)
        torch.mv(H, a, out=r)
        r.sub_(y).mul_(1.0 / n)
        torch.mv(H.t(), r, out=ga)
        if act == "relu":
            torch.gt(Z, 0, out=mask)
            torch.mul(r[:, None], a, out=G)
            G.mul_(mask)
        else:
            torch.mul(H, H, out=G)
            G.neg_().add_(1).mul_(r[:, None]).mul_(a)
        torch.mm(XT, G, out=gWt)
        Wt.sub_(gWt, alpha=lr)
        a.sub_(ga, alpha=lr)

    return step


def torch_batched(B, d, m, n):
    """B runs of the S shape stepped together with bmm (one shared data set), in place."""
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n, d, generator=g)
    y = torch.relu(X @ (torch.ones(d) / d**0.5))
    Wt = torch.randn(B, d, m, generator=g) / d**0.5
    a = torch.randn(B, m, 1, generator=g) / m**0.5
    Xb, XTb = X.expand(B, n, d), X.t().contiguous().expand(B, d, n)
    Z, H, G = torch.empty(B, n, m), torch.empty(B, n, m), torch.empty(B, n, m)
    r, ga, gWt = torch.empty(B, n, 1), torch.empty(B, m, 1), torch.empty(B, d, m)
    mask = torch.empty(B, n, m, dtype=torch.bool)

    def step():
        torch.bmm(Xb, Wt, out=Z)
        torch.clamp_min(Z, 0, out=H)
        torch.bmm(H, a, out=r)
        r.sub_(y[None, :, None]).mul_(1.0 / n)
        torch.bmm(H.transpose(1, 2), r, out=ga)
        torch.gt(Z, 0, out=mask)
        torch.mul(r, a.transpose(1, 2), out=G)
        G.mul_(mask)
        torch.bmm(XTb, G, out=gWt)
        Wt.sub_(gWt, alpha=0.01)
        a.sub_(ga, alpha=0.01)

    return step


def timed(step, k):
    t0 = time.perf_counter()
    for _ in range(k):
        step()
    return time.perf_counter() - t0


def calibrate(step, seconds):
    k = 1
    t = timed(step, k)
    while t < seconds / 2:
        k = int(k * min(8, seconds / max(t, 1e-6))) + 1
        t = timed(step, k)
    return k


steps = {}


def serve(req):
    if req.get("info"):
        version = torch.__version__ if LIB == "torch" else np.__version__
        return {"lib": LIB, "version": version, "pinned": PINNED, "python": sys.executable, **blas_info()}
    d, m, n = req["d"], req["m"], req["n"]
    if "sweep" in req:
        # `sweep` runs in groups of `batch` (one bmm step per group), one group after another
        B = req.get("batch", req["sweep"])
        key = ("sweep", B, d, m, n)
        if key not in steps:
            steps[key] = torch_batched(B, d, m, n)
            steps[key]()
        groups = -(-req["sweep"] // B)
        t = sum(timed(steps[key], req["steps"]) for _ in range(groups))
        return {"run_steps_per_s": req["sweep"] * req["steps"] / t}
    key = (d, m, n, req["act"], req["dtype"])
    if key not in steps:
        made = []
        builders = [torch_step] if LIB == "torch" else [numpy_prealloc, numpy_plain]
        for build in builders:
            X, y, Wt, a = make(d, m, n, np.dtype(req["dtype"]), 0)
            step = build(X, y, Wt, a, req["act"], 0.01)
            k = calibrate(step, 0.3)
            made.append((k / timed(step, k), step))
        steps[key] = [max(made, key=lambda t: t[0])[1], None]
    entry = steps[key]
    if entry[1] is None:
        entry[1] = calibrate(entry[0], req["seconds"])
    return {"steps_per_s": entry[1] / timed(entry[0], entry[1])}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            out = serve(json.loads(line))
        except Exception as e:  # reported to bench/main.ts, which prints it
            out = {"error": f"{type(e).__name__}: {e}"}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
