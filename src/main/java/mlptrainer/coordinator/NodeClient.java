package mlptrainer.coordinator;

import java.util.List;
import java.util.UUID;
import mlptrainer.LogLimiter;
import mlptrainer.data.DataException;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.RpcConnection;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.Security;
import mlptrainer.rpc.WireWeights;
import mlptrainer.rpc.gen.CancellableComputeNode;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.NodeInfo;
import mlptrainer.rpc.gen.ShardMissing;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.TaskResult;
import mlptrainer.rpc.gen.TrainResult;
import mlptrainer.rpc.gen.Unauthorized;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.transport.TTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt of a task on one node over a pooled connection. Asks a node once what it
 * speaks ({@code describe}); a node that does not know the call is one of the original's and gets
 * {@code train_with_weights}. Never throws an exception: every outcome is an {@link AttemptResult}
 * (an Error, such as running out of memory, is the caller's to handle). Asks nodes to stop tasks the
 * coordinator no longer waits for ({@link #cancelTasks}). Thread-safe: each call uses its own
 * connection.
 */
final class NodeClient {
    private static final Logger LOG = LoggerFactory.getLogger(NodeClient.class);
    private final int connectTimeoutMs;
    private final RpcLimits limits;
    private final Security security;
    /** Starts every cancel key: random, so that keys differ between coordinators and restarts and cannot be guessed. */
    private final String instanceKey = UUID.randomUUID().toString();
    /** A node that cannot be reached to stop its tasks is told once a minute at most. */
    private final LogLimiter cancelFailures = new LogLimiter(60_000, 256);
    /** For tests only: see {@link FaultHooks}. */
    final FaultHooks faults = new FaultHooks();

    NodeClient(int connectTimeoutMs, RpcLimits limits, Security security) {
        this.connectTimeoutMs = connectTimeoutMs;
        this.limits = limits;
        this.security = security;
    }

    /** @return the token to put in task requests ("" when none) */
    String token() {
        return security.token().presented();
    }

    /**
     * @param shard 0-based
     * @return the TaskRequest.cancel_key of a job's task: unique to this coordinator instance, the
     *         job, the round and the shard (under 100 characters)
     */
    String cancelKey(String jobId, int round, int shard) {
        return instanceKey + " job " + jobId + " round " + round + " shard " + (shard + 1);
    }

    /** Holds the connection of an attempt in progress, so a timeout can close it from another thread. */
    static final class Call {
        private volatile RpcConnection<ComputeNode.Client> connection;
        private volatile boolean aborted;
        private volatile boolean withdrawn;

        /** The job no longer needs this attempt (it failed or was cancelled): not the node's fault. */
        void withdraw() {
            withdrawn = true;
            abort();
        }

        boolean withdrawn() {
            return withdrawn;
        }

        /** The attempt took too long: close its connection so the waiting call returns. */
        void abort() {
            aborted = true;
            RpcConnection<ComputeNode.Client> c = connection;
            if (c != null) {
                c.close();
            }
        }
    }

    AttemptResult run(NodeHandle node, TaskPlan plan, int readTimeoutMs, Call call) {
        faults.inAttempt.run();
        long start = System.nanoTime();
        RpcConnection<ComputeNode.Client> conn = null;
        try {
            conn = connection(node, readTimeoutMs, call);
            call.connection = conn;
            if (call.aborted) {
                throw new TTransportException("aborted");
            }
            AttemptResult result = send(node, conn, plan, start);
            node.returnConnection(conn, System.nanoTime());
            conn = null;
            return result;
        } catch (TApplicationException e) {
            return keepAndFail(node, conn, AttemptResult.Kind.NODE_ERROR, e.getMessage(), start);
        } catch (InvalidRequest e) {
            return keepAndFail(node, conn, AttemptResult.Kind.NODE_ERROR, e.getMessage(), start);
        } catch (ShardMissing e) {
            return keepAndFail(node, conn, AttemptResult.Kind.NODE_ERROR, "lacks the shard even after shipping: "
                    + e.getMessage(), start);
        } catch (Unauthorized e) {
            return keepAndFail(node, conn, AttemptResult.Kind.NODE_ERROR, "unauthorized: " + e.getMessage(), start);
        } catch (IllegalArgumentException e) {
            return keepAndFail(node, conn, AttemptResult.Kind.BAD_RESULT, "bad deltas: " + e.getMessage(), start);
        } catch (TException | RuntimeException e) {
            closeQuietly(conn);
            node.closeIdleConnections();
            return AttemptResult.failed(AttemptResult.Kind.TRANSPORT_ERROR, describe(e, call), millisSince(start));
        }
    }

    private AttemptResult keepAndFail(NodeHandle node, RpcConnection<ComputeNode.Client> conn,
            AttemptResult.Kind kind, String message, long start) {
        if (conn != null) {
            node.returnConnection(conn, System.nanoTime());
        }
        return AttemptResult.failed(kind, message, millisSince(start));
    }

    /**
     * Opens a connection to a node not reached yet and learns what it speaks, pooling the
     * connection for the node's first task, so that a job's first round does not wait for it;
     * quiet when the node does not answer (the job reaches it as usual).
     *
     * @return whether the node is known now (reached here or before)
     */
    boolean connectAhead(NodeHandle node) {
        if (node.protocol != NodeHandle.Protocol.UNKNOWN) {
            return true;
        }
        try {
            node.returnConnection(openAndAsk(node, connectTimeoutMs, new Call()), System.nanoTime());
            return true;
        } catch (TException | RuntimeException e) {
            LOG.debug("node {}: not reached ahead of a job: {}", node, e.getMessage());
            return false;
        }
    }

    /**
     * A new connection, on which the node is asked what it speaks; closed again when that fails.
     * The call holds it from the start, so that an abort closes it while the node is asked.
     */
    private RpcConnection<ComputeNode.Client> openAndAsk(NodeHandle node, int readTimeoutMs, Call call)
            throws TException {
        requireAdmitted(node, "connected to");
        RpcConnection<ComputeNode.Client> conn = RpcConnection.open(node.address().host(), node.address().port(),
                connectTimeoutMs, readTimeoutMs, limits, security.tls(), ComputeNode.Client::new);
        call.connection = conn;
        try {
            if (call.aborted) {
                throw new TTransportException("aborted");
            }
            learnProtocol(node, conn);
            return conn;
        } catch (TException | RuntimeException e) {
            closeQuietly(conn);
            throw e;
        }
    }

    /**
     * A pooled connection, whose node answered describe when it was opened, or a new one, on which
     * the node is asked again: the process behind the address may have been restarted with
     * another version since (one that does not read packed weights, or knows other settings).
     */
    private RpcConnection<ComputeNode.Client> connection(NodeHandle node, int readTimeoutMs, Call call)
            throws TException {
        RpcConnection<ComputeNode.Client> conn = node.borrowConnection(System.nanoTime());
        if (conn == null) {
            return openAndAsk(node, readTimeoutMs, call);
        }
        conn.setReadTimeout(readTimeoutMs);
        return conn;
    }

    private void learnProtocol(NodeHandle node, RpcConnection<ComputeNode.Client> conn) throws TException {
        try {
            NodeInfo info = conn.client().describe(token());
            node.info = info;
            node.protocol = NodeHandle.Protocol.CURRENT;
            LOG.debug("node {}: version {}, {} slot(s)", node, info.getVersion(), info.getSlots());
        } catch (TApplicationException e) {
            if (e.getType() != TApplicationException.UNKNOWN_METHOD) {
                throw e;
            }
            node.info = null;
            if (node.protocol != NodeHandle.Protocol.LEGACY) {
                LOG.info("node {}: speaks the original protocol only (train_with_weights)", node);
            }
            node.protocol = NodeHandle.Protocol.LEGACY;
        }
    }

    private AttemptResult send(NodeHandle node, RpcConnection<ComputeNode.Client> conn, TaskPlan plan, long start)
            throws TException {
        TaskRequest r = plan.request();
        if (node.protocol == NodeHandle.Protocol.CURRENT) {
            String unsupported = unsupportedSettings(node, r);
            if (unsupported != null) {
                return AttemptResult.failed(AttemptResult.Kind.INELIGIBLE, "does not support the settings "
                        + unsupported + " (version " + node.info.getVersion() + ")", millisSince(start));
            }
            TaskResult res = runTaskShipping(node, conn, plan, readsPacked(node));
            if (!res.isAccepted()) {
                return AttemptResult.failed(AttemptResult.Kind.REJECTED, "rejected", millisSince(start));
            }
            return accepted(deltasOf(res, plan.inputs(), r), res.getTraining_error(), res.getEpochs_run(), start);
        }
        if (plan.needsCurrent()) {
            return AttemptResult.failed(AttemptResult.Kind.INELIGIBLE,
                    "speaks only the original protocol, which cannot carry this job's settings", millisSince(start));
        }
        TrainResult res = conn.client().train_with_weights(r.getTraining_file(), r.getInitial_weights(), 0.0,
                r.getK(), r.getH(), r.getEta(), r.getEpochs(), r.getScheduling_policy());
        if (!res.isAccepted()) {
            return AttemptResult.failed(AttemptResult.Kind.REJECTED, "rejected", millisSince(start));
        }
        return accepted(sameInputs(WireWeights.fromWire(res.getWeights(), r.getH(), r.getK()), plan.inputs()),
                res.getTraining_error(), 0, start);
    }

    /**
     * @param d the task's input features, which the deltas must have too
     * @return the result's deltas, in the form the node sent them
     * @throws IllegalArgumentException when they are malformed or of another shape than the task's
     */
    static MlpWeights deltasOf(TaskResult res, int d, TaskRequest r) {
        MlpWeights deltas = res.isSetDeltas_packed()
                ? WireWeights.unpack(res.bufferForDeltas_packed(), r.getH(), r.getK())
                : WireWeights.fromWire(res.getDeltas(), r.getH(), r.getK());
        return sameInputs(deltas, d);
    }

    /** The wire forms say h and k; d is only implied by the size, so a reply of another d is caught here. */
    private static MlpWeights sameInputs(MlpWeights deltas, int d) {
        if (deltas.inputs() != d) {
            throw new IllegalArgumentException("the deltas are for d=" + deltas.inputs() + " inputs, the task's weights d="
                    + d);
        }
        return deltas;
    }

    /** @return true when the node said it reads packed weights (they skip boxing every value twice a task) */
    private static boolean readsPacked(NodeHandle node) {
        NodeInfo info = node.info;
        return info != null && info.isPacked_weights();
    }

    /**
     * @return false when the node is known to be unable to run the task: one of the original's
     *         nodes, or one that did not list the task's settings (unknown nodes may: they are asked)
     */
    static boolean mayRun(NodeHandle node, TaskPlan plan) {
        if (!plan.needsCurrent()) {
            return true;
        }
        return switch (node.protocol) {
            case LEGACY -> false;
            case CURRENT -> unsupportedSettings(node, plan.request()) == null;
            case UNKNOWN -> true;
        };
    }

    /** @return the settings the node did not say it understands, or null when it knows them all */
    private static String unsupportedSettings(NodeHandle node, TaskRequest r) {
        if (!r.isSetSettings() || node.info == null) {
            return null;
        }
        java.util.Set<String> missing = new java.util.TreeSet<>(r.getSettings().keySet());
        missing.removeAll(node.info.getSupported_settings());
        return missing.isEmpty() ? null : missing.toString();
    }

    /** Sends the task by hash; when the node lacks that version, sends it again with the shard's bytes. */
    private static TaskResult runTaskShipping(NodeHandle node, RpcConnection<ComputeNode.Client> conn, TaskPlan plan,
            boolean packed) throws TException {
        try {
            return conn.client().run_task(plan.request(packed));
        } catch (ShardMissing e) {
            requireAdmitted(node, "sent shard data");
            LOG.debug("node {}: lacks {} ({}); shipping it", node, plan.trainingFile(), e.getSha256());
            try {
                return conn.client().run_task(plan.withBytes(packed));
            } catch (DataException d) {
                throw new TApplicationException(TApplicationException.INTERNAL_ERROR, d.getMessage());
            }
        }
    }

    /**
     * The coordinator connects to, and ships shards to, only the nodes its operator listed and
     * those that joined with the cluster's token: never an address that anyone else named.
     */
    private static void requireAdmitted(NodeHandle node, String what) throws TApplicationException {
        if (!node.admitted) {
            throw new TApplicationException(TApplicationException.INTERNAL_ERROR, "node " + node
                    + " is neither listed nor joined with the cluster's token: not " + what);
        }
    }

    /**
     * Asks the node to stop the tasks of these cancel keys, on a new connection (a task's own is
     * busy or closed), with the token and TLS of every call. Blocks up to the connect timeout to
     * connect and again for the reply: run it off the job's thread. Quiet when the node cannot be
     * reached or does not know the call (the original's nodes, older versions of ours): their tasks
     * run on, within their work budget where the node reads it.
     *
     * @param why for the log: "round 3/15 cancelled"
     */
    void cancelTasks(NodeHandle node, List<String> keys, String why) {
        if (keys.isEmpty() || node.protocol == NodeHandle.Protocol.LEGACY) {
            return;
        }
        try (RpcConnection<CancellableComputeNode.Client> conn = RpcConnection.open(node.address().host(),
                node.address().port(), connectTimeoutMs, connectTimeoutMs, limits, security.tls(),
                CancellableComputeNode.Client::new)) {
            int stopping = 0;
            for (String key : keys) {
                stopping += conn.client().cancel_tasks(key, token());
            }
            LOG.debug("{}: node {} stops {} of the {} task(s) asked", why, node, stopping, keys.size());
        } catch (TApplicationException e) {
            if (e.getType() == TApplicationException.UNKNOWN_METHOD) {
                LOG.debug("{}: node {} cannot stop tasks (a version without cancel_tasks)", why, node);
            } else {
                cancelFailed(node, keys.size(), why, e.getMessage());
            }
        } catch (TException | RuntimeException e) {
            cancelFailed(node, keys.size(), why, e.getMessage());
        }
    }

    private void cancelFailed(NodeHandle node, int tasks, String why, String error) {
        long skipped = cancelFailures.admit(node.toString());
        if (skipped >= 0) {
            LOG.info("{}: could not ask node {} to stop {} task(s): {}; they stop at their work budget{}", why, node,
                    tasks, error, LogLimiter.suppressed(skipped));
        }
    }

    private static AttemptResult accepted(MlpWeights deltas, double error, int epochs, long start) {
        if (!Double.isFinite(error)) {
            throw new IllegalArgumentException("training error is " + error);
        }
        return AttemptResult.accepted(deltas, error, epochs, millisSince(start));
    }

    private static String describe(Exception e, Call call) {
        if (call.withdrawn) {
            return "withdrawn: the job no longer needs it";
        }
        if (call.aborted) {
            return "no reply within the task timeout";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        if (root instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (root instanceof java.net.SocketTimeoutException) {
            return "no reply within the timeout";
        }
        return msg == null || msg.isBlank() ? root.getClass().getSimpleName() : msg;
    }

    private static void closeQuietly(RpcConnection<ComputeNode.Client> conn) {
        if (conn != null) {
            conn.close();
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
