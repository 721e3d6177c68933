"""A compute node in plain Python (no numpy) that speaks only the original's call, train_with_weights.

Implements the course algorithm for small shards: full-batch gradient steps, early stop when the
loss changes by at most 0.2. Prints its port on the first line, then serves until killed.
Run with PYTHONPATH set to Python generated from thrift/trainer.thrift; paths resolve against the cwd.
"""
import logging
import math

from thrift.Thrift import TApplicationException
from thrift.protocol import TBinaryProtocol
from thrift.server import TServer
from thrift.transport import TSocket, TTransport

from mlptrainer_rpc import ComputeNode
from mlptrainer_rpc.ttypes import TrainResult, Weights


def load(path):
    xs, ys = [], []
    with open(path) as f:
        for line in f:
            if line.strip():
                fields = [int(v) for v in line.strip().split(",")]
                xs.append([float(v) for v in fields[:-1]])
                ys.append(fields[-1])
    return xs, ys


def forward(xs, W, V, h, k):
    A, Z, Y = [], [], []
    for x in xs:
        a = [W[0][j] + sum(x[i] * W[i + 1][j] for i in range(len(x))) for j in range(h)]
        z = [max(0.0, v) for v in a]
        o = [V[0][c] + sum(z[j] * V[j + 1][c] for j in range(h)) for c in range(k)]
        m = max(o)
        e = [math.exp(v - m) for v in o]
        s = sum(e)
        A.append(a)
        Z.append(z)
        Y.append([v / s for v in e])
    return A, Z, Y


def loss(Y, ys):
    return -sum(math.log(Y[n][ys[n]] + 1e-6) for n in range(len(ys)))


class Handler:
    def describe(self, auth_token):
        raise TApplicationException(TApplicationException.UNKNOWN_METHOD, "describe")

    def run_task(self, request):
        raise TApplicationException(TApplicationException.UNKNOWN_METHOD, "run_task")

    def train_with_weights(self, training_file, initial, load_probability, k, h, eta, epochs, policy):
        xs, ys = load(training_file)
        d, n = len(xs[0]), len(ys)
        W = [list(r) for r in initial.W]
        V = [list(r) for r in initial.V]
        A, Z, Y = forward(xs, W, V, h, k)
        before = loss(Y, ys)
        for _ in range(epochs):
            D = [[(1.0 if c == ys[r] else 0.0) - Y[r][c] for c in range(k)] for r in range(n)]
            Z1 = [[1.0] + Z[r] for r in range(n)]
            X1 = [[1.0] + xs[r] for r in range(n)]
            G = [[sum(D[r][c] * V[j + 1][c] for c in range(k)) * (1.0 if A[r][j] >= 0 else 0.0)
                  for j in range(h)] for r in range(n)]
            V = [[V[j][c] + eta * sum(Z1[r][j] * D[r][c] for r in range(n)) for c in range(k)] for j in range(h + 1)]
            W = [[W[i][j] + eta * sum(X1[r][i] * G[r][j] for r in range(n)) for j in range(h)] for i in range(d + 1)]
            A, Z, Y = forward(xs, W, V, h, k)
            after = loss(Y, ys)
            stop = abs(before - after) <= 0.2
            before = after
            if stop:
                break
        wrong = sum(1 for r in range(n) if max(range(k), key=lambda c: Y[r][c]) != ys[r])
        deltas = Weights([[V[j][c] - initial.V[j][c] for c in range(k)] for j in range(h + 1)],
                         [[W[i][j] - initial.W[i][j] for j in range(h)] for i in range(d + 1)])
        return TrainResult(True, wrong / n, deltas)


class BoundOnce(TSocket.TServerSocket):
    """Binds in the constructor's caller (to learn port 0's choice); serve() must not bind again."""

    def listen(self):
        if self.handle is None:
            super().listen()


if __name__ == "__main__":
    # python-thrift logs every TApplicationException a handler raises; describe/run_task raise one by design
    logging.basicConfig(level=logging.CRITICAL)
    socket = BoundOnce(host="127.0.0.1", port=0)
    socket.listen()
    print(socket.handle.getsockname()[1], flush=True)
    TServer.TThreadedServer(ComputeNode.Processor(Handler()), socket, TTransport.TBufferedTransportFactory(),
                            TBinaryProtocol.TBinaryProtocolFactory(), daemon=True).serve()
