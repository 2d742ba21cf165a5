"""PyTorch peer of bench/gpu_ensemble.ts: the same ensemble GD step in float32 with batched matmuls (bmm).

B networks f_r(x) = sum_k a_rk relu(w_rk . x) of the S shape (d 10, m 100, n 200), square loss, one shared data
set, a hand-written in-place step (no autograd), on CUDA when available, else CPU. Prints one JSON line:
{"device": ..., "torch": ..., "run_steps_per_s": {B: median}}. Needs only torch.

  python3 bench/torch_ensemble.py --sizes 1,64,512,4096 --reps 5
"""
import argparse
import json
import time

import torch


def rate(B, d, m, n, dev, reps, seconds):
    g = torch.Generator(device="cpu").manual_seed(0)
    X = torch.randn(n, d, generator=g).to(dev)
    y = torch.relu(X @ (torch.ones(d) / d ** 0.5).to(dev))
    W = (torch.randn(B, m, d, generator=g) / d ** 0.5).to(dev)
    a = (torch.randn(B, m, 1, generator=g) / m ** 0.5).to(dev)
    Xb = X.expand(B, n, d)
    XT = X.t().contiguous().expand(B, d, n)
    lr = 0.01

    def step(k):
        for _ in range(k):
            Z = torch.bmm(Xb, W.transpose(1, 2))          # B x n x m
            H = torch.relu(Z)
            r = (torch.bmm(H, a).squeeze(2) - y) / n      # B x n
            ga = torch.bmm(H.transpose(1, 2), r.unsqueeze(2))
            G = r.unsqueeze(2) * a.transpose(1, 2) * (Z > 0)
            gW = torch.bmm(G.transpose(1, 2), Xb)         # B x m x d
            W.sub_(lr * gW)
            a.sub_(lr * ga)
        if dev.type == "cuda":
            torch.cuda.synchronize()

    def timed(k):
        t0 = time.perf_counter()
        step(k)
        return time.perf_counter() - t0

    k = 8
    t = timed(k)
    while t < seconds / 2:
        k = int(k * min(8, seconds / max(t, 1e-6))) + 1
        t = timed(k)
    rates = sorted(B * k / timed(k) for _ in range(reps))
    return rates[len(rates) // 2]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", default="1,64,512,4096")
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--seconds", type=float, default=1.0)
    a = p.parse_args()
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    out = {int(B): rate(int(B), 10, 100, 200, dev, a.reps, a.seconds) for B in a.sizes.split(",")}
    name = torch.cuda.get_device_name(0) if dev.type == "cuda" else "cpu"
    print(json.dumps({"device": name, "torch": torch.__version__, "run_steps_per_s": out}))


if __name__ == "__main__":
    main()
