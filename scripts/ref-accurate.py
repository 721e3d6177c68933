#!/usr/bin/env python3
"""The `accurate` recipe in numpy, a yardstick for the Java trainer's `--preset accurate` (README):
the same algorithm, not the same random numbers, so errors agree to within noise, not to the bit.

  * inputs standardised by each feature's mean and population standard deviation over all training
    shards (1 for a constant feature); the validation rows get the same transform;
  * He initialisation (normal, std sqrt(2 / fan_in), bias rows 0); one hidden ReLU layer, softmax output;
  * each round, every shard trains from the global weights for EPOCHS epochs of mini-batch momentum SGD
    (batches of 32 in a fresh random order each epoch, the gradient of the batch's mean cross-entropy,
    momentum 0.9 with a buffer fresh for each task, decoupled weight decay 0.0005 sparing the bias rows);
    the learning rate of round r is the cosine schedule ETA * (1 + cos(pi r / ROUNDS)) / 2;
  * the global weights move by the mean of the shards' deltas; the validation error is the argmax error.

usage: ref-accurate.py DIR ROUNDS EPOCHS H ETA [K]
prints one line per round and, last, 'reference: final validation error E wall_s T'.
Time it with OPENBLAS_NUM_THREADS=1 (and OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE unset) to compare with one
JVM thread per node.
"""
import glob
import math
import os
import re
import sys
import time

import numpy as np

BATCH, MOMENTUM, DECAY = 32, 0.9, 0.0005


def read(path):
    a = np.loadtxt(path, delimiter=',', dtype=np.float64, ndmin=2)
    return a[:, :-1], a[:, -1].astype(np.int64)


def shard_number(path):
    m = re.search(r'(\d+)\.txt$', path)
    return int(m.group(1)) if m else 0


def forward(X, W, V):
    A = X @ W[1:] + W[0]
    Z = np.maximum(A, 0)
    O = Z @ V[1:] + V[0]
    O -= O.max(axis=1, keepdims=True)
    E = np.exp(O)
    return A, Z, E / E.sum(axis=1, keepdims=True)


def step(X, labels, W, V, bw, bv, lr):
    A, Z, Y = forward(X, W, V)
    D = Y
    D[np.arange(len(labels)), labels] -= 1
    D /= len(labels)
    gV = np.vstack([D.sum(axis=0), Z.T @ D])
    G = (D @ V[1:].T) * (A > 0)
    gW = np.vstack([G.sum(axis=0), X.T @ G])
    for w, b, g in ((W, bw, gW), (V, bv, gV)):
        b *= MOMENTUM
        b += g
        decay = DECAY * w
        decay[0] = 0
        w -= lr * (b + decay)


def train(X, labels, W, V, lr, epochs, rng):
    W, V = W.copy(), V.copy()
    bw, bv = np.zeros_like(W), np.zeros_like(V)
    for _ in range(epochs):
        order = rng.permutation(len(labels))
        for start in range(0, len(order), BATCH):
            rows = order[start:start + BATCH]
            step(X[rows], labels[rows], W, V, bw, bv, lr)
    return W, V


def main():
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    d, rounds, epochs, h, eta = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    k = int(sys.argv[6]) if len(sys.argv) > 6 else 26
    t0 = time.time()
    files = sorted(glob.glob(os.path.join(d, 'train_letters*.txt')), key=shard_number)
    shards = [read(f) for f in files]
    Xv, lv = read(os.path.join(d, 'validate_letters.txt'))
    everything = np.vstack([X for X, _ in shards])
    mean, scale = everything.mean(axis=0), everything.std(axis=0)
    scale[scale == 0] = 1
    shards = [((X - mean) / scale, labels) for X, labels in shards]
    Xv = (Xv - mean) / scale
    rng = np.random.default_rng(0)
    dim = shards[0][0].shape[1]
    W = np.vstack([np.zeros((1, h)), rng.normal(0, math.sqrt(2 / dim), (dim, h))])
    V = np.vstack([np.zeros((1, k)), rng.normal(0, math.sqrt(2 / h), (h, k))])
    err = float('nan')
    for r in range(rounds):
        lr = eta * 0.5 * (1 + math.cos(math.pi * r / rounds))
        dW, dV = np.zeros_like(W), np.zeros_like(V)
        for X, labels in shards:
            W2, V2 = train(X, labels, W, V, lr, epochs, rng)
            dW += W2 - W
            dV += V2 - V
        W, V = W + dW / len(shards), V + dV / len(shards)
        err = float(np.mean(forward(Xv, W, V)[2].argmax(axis=1) != lv))
        print(f'round {r + 1}/{rounds}: validation error {err:.4f}', flush=True)
    print(f'reference: final validation error {err:.4f} wall_s {time.time() - t0:.2f}')


if __name__ == '__main__':
    main()
