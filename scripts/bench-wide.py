#!/usr/bin/env python3
"""One epoch of mini-batch SGD on wide data with numpy, as the Java MiniBatchTrainer does it.

The data are WideData.synthetic's (src/jmh/java/mlptrainer/bench/WideData.java): 8,000 rows of
784 pixel-like values and 10 classes, made by the same integer arithmetic. Per batch: forward
(ReLU hidden layer, softmax output), backward, one SGD step on the batch's mean loss; after the
epoch, the course loss and error on the whole shard, as a task ends. Rows are visited in a
seeded random order (numpy's, not Java's: the timing, not the trajectory, is compared).

usage: bench-wide.py [--rows N] [--repeat R] [--warmup W] BATCH:H [BATCH:H ...]
prints one line per configuration and repeat, after W untimed epochs (as the Java side, WideEpoch):
"wide-numpy: batch=B h=H seconds=S cpu=C gflops=G loss=L error=E", C the process's CPU seconds,
G counting the products over the inputs only
"""
import argparse
import time

import numpy as np

FEATURES = 784
CLASSES = 10


def pixel(i, j, label):
    """WideData.pixel, element-wise over numpy int64 arrays."""
    h = (i * 2654435761 + j * 40503 + label * 9973) & 0xFFFFFFFF
    noise = (h >> 13) % 64
    stroke = (j * 7 + label * 13 + (j // 28) * label) % 10 < 3
    lit = np.minimum(255, 150 + (j * 31 + label * 57) % 60 + noise)
    dark = np.where(noise < 4, noise * 16, 0)
    return np.where(stroke, lit, dark)


def synthetic(rows):
    i = np.arange(rows, dtype=np.int64)[:, None]
    j = np.arange(FEATURES, dtype=np.int64)[None, :]
    labels = (7 * np.arange(rows, dtype=np.int64) + 3) % CLASSES
    x = pixel(i, j, labels[:, None]) / 255.0
    return x, labels


def he_init(d, h, k, rng):
    w = np.zeros((d + 1, h))
    v = np.zeros((h + 1, k))
    w[1:] = rng.standard_normal((d, h)) * np.sqrt(2.0 / d)
    v[1:] = rng.standard_normal((h, k)) * np.sqrt(2.0 / h)
    return w, v


def forward(x, w, v):
    a = x @ w[1:] + w[0]
    z = np.maximum(a, 0.0)
    o = z @ v[1:] + v[0]
    o -= o.max(axis=1, keepdims=True)
    y = np.exp(o)
    y /= y.sum(axis=1, keepdims=True)
    return a, z, y


def epoch(x, labels, w, v, batch, eta, rng):
    n = x.shape[0]
    order = rng.permutation(n)
    for start in range(0, n, batch):
        idx = order[start:start + batch]
        xb = x[idx]
        a, z, y = forward(xb, w, v)
        dlt = -y
        dlt[np.arange(len(idx)), labels[idx]] += 1.0   # R - Y
        g = (dlt @ v[1:].T) * (a >= 0)
        scale = eta / len(idx)                          # SGD on the batch's mean loss
        v[0] += scale * dlt.sum(axis=0)
        v[1:] += scale * (z.T @ dlt)
        w[0] += scale * g.sum(axis=0)
        w[1:] += scale * (xb.T @ g)
    _, _, y = forward(x, w, v)
    loss = -np.log(y[np.arange(n), labels] + 1e-6).sum()
    error = float(np.mean(y.argmax(axis=1) != labels))
    return loss, error


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=8000)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--eta", type=float, default=0.05)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("configs", nargs="+", help="BATCH:H, e.g. 32:256")
    args = p.parse_args()
    x, labels = synthetic(args.rows)
    for _ in range(args.repeat):
        for config in args.configs:
            batch, h = (int(s) for s in config.split(":"))
            for _ in range(args.warmup):
                rng = np.random.default_rng(42)
                w, v = he_init(FEATURES, h, CLASSES, rng)
                epoch(x, labels, w, v, batch, args.eta, rng)
            rng = np.random.default_rng(42)
            w, v = he_init(FEATURES, h, CLASSES, rng)
            start = time.perf_counter()
            cpu_start = time.process_time()
            loss, error = epoch(x, labels, w, v, batch, args.eta, rng)
            seconds = time.perf_counter() - start
            cpu = time.process_time() - cpu_start
            gflops = 3.0 * 2 * x.shape[0] * FEATURES * h / seconds / 1e9
            print(f"wide-numpy: batch={batch} h={h} seconds={seconds:.3f} cpu={cpu:.3f} gflops={gflops:.1f} loss={loss:.6f} "
                  f"error={error:.4f}", flush=True)


if __name__ == "__main__":
    main()
