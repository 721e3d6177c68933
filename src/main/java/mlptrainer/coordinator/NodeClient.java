package mlptrainer.coordinator;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import mlptrainer.LogLimiter;
import mlptrainer.data.DataException;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.RpcConnection;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.Security;
import mlptrainer.rpc.TaskCodec;
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
 * Runs one attempt of a task on one node over a pooled connection: the coordinator's one link to
 * its nodes' RPC. Asks a node what it speaks ({@code describe}) on every new connection, and keeps
 * its answer as the node's {@link NodeReport}; a node that does not know the call is one of the
 * original's and gets {@code train_with_weights}. Tasks become requests, and replies results,
 * through {@link TaskCodec} only. Never throws an exception: every outcome is an {@link AttemptResult}
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
    /** Told of the bytes sent and received; the coordinator's observer, shared by its jobs. */
    final CoordinatorEvents events;

    NodeClient(int connectTimeoutMs, RpcLimits limits, Security security) {
        this(connectTimeoutMs, limits, security, CoordinatorEvents.NONE);
    }

    NodeClient(int connectTimeoutMs, RpcLimits limits, Security security, CoordinatorEvents events) {
        this.connectTimeoutMs = connectTimeoutMs;
        this.limits = limits;
        this.security = security;
        this.events = events;
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

    /**
     * A node's idle connections, each asked what the node speaks when it was opened. Thread-safe:
     * synchronises on itself.
     */
    static final class Pool {
        /**
         * Pooled connections idle longer than this are closed instead of reused: a node closes a
         * connection idle for 10 minutes ({@code ServerOptions}' default), and a task sent on such a
         * connection would fail and count against the node. Half that, for clock and timing slack.
         */
        static final long MAX_IDLE_NANOS = 5L * 60 * 1_000_000_000L;
        private final Deque<Pooled> idle = new ArrayDeque<>();

        /** A pooled connection and when it went idle ({@link System#nanoTime}). */
        private record Pooled(RpcConnection<ComputeNode.Client> connection, long idleSinceNanos) {
        }

        /**
         * @param nowNanos {@link System#nanoTime} now
         * @return an idle connection that has not been idle longer than {@link #MAX_IDLE_NANOS}, or
         *         null when a new one must be opened; staler ones are closed on the way
         */
        synchronized RpcConnection<ComputeNode.Client> borrow(long nowNanos) {
            Pooled p;
            while ((p = idle.pollFirst()) != null) {
                if (nowNanos - p.idleSinceNanos() <= MAX_IDLE_NANOS) {
                    return p.connection();
                }
                p.connection().close();
            }
            return null;
        }

        /** Keeps a connection that served its call cleanly, for the next task; it is idle from {@code nowNanos}. */
        synchronized void giveBack(RpcConnection<ComputeNode.Client> c, long nowNanos) {
            idle.addFirst(new Pooled(c, nowNanos));
        }

        /** Closes the idle connections: after a failure they may be stale. */
        synchronized void closeAll() {
            idle.forEach(p -> p.connection().close());
            idle.clear();
        }
    }

    /** Holds the connection of an attempt in progress, so a timeout can close it from another thread. */
    static final class Call {
        private final String cancelKey;
        private final long extraBudgetMs;
        private volatile RpcConnection<ComputeNode.Client> connection;
        private volatile boolean aborted;
        private volatile boolean withdrawn;

        /** An attempt stopped on its node by its task's own cancel key, or by none. */
        Call() {
            this(null);
        }

        /**
         * @param cancelKey the key this attempt's request carries instead of its task's: a cancel sent
         *                  for this attempt then never stops a later attempt of the same task on the
         *                  same node (null: the task's key)
         */
        Call(String cancelKey) {
            this(cancelKey, 0);
        }

        /**
         * @param extraBudgetMs milliseconds added to the task's work budget on the node (when it has one):
         *                      the budget counts from the task's arrival, and a task sent to wait
         *                      behind another must not use it up waiting
         */
        Call(String cancelKey, long extraBudgetMs) {
            this.cancelKey = cancelKey;
            this.extraBudgetMs = extraBudgetMs;
        }

        /** @return the cancel key this attempt's request carries, or null when its task's */
        String cancelKey() {
            return cancelKey;
        }

        private TaskRequest keyed(TaskRequest r) {
            if (extraBudgetMs > 0 && r.isSetBudget_ms()) {
                r.setBudget_ms(r.getBudget_ms() + extraBudgetMs);
            }
            return cancelKey == null ? r : r.setCancel_key(cancelKey);
        }

        /** The job no longer needs this attempt (it failed or was cancelled): not the node's fault. */
        void withdraw() {
            withdrawn = true;
            abort();
        }

        boolean withdrawn() {
            return withdrawn;
        }

        /**
         * @return whether a connection to the node was opened for this attempt; false when the node
         *         could not be reached at all (refused, unreachable, not admitted), so the task was
         *         never sent to it
         */
        boolean reachedNode() {
            return connection != null;
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
            AttemptResult result = send(node, conn, plan, call, start);
            node.connections().giveBack(conn, System.nanoTime());
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
            node.connections().giveBack(conn, System.nanoTime());
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
        return whyNotReachedAhead(node).isEmpty();
    }

    /**
     * {@link #connectAhead}, saying why the node was not reached.
     *
     * @return empty when the node is known now (reached here or before), else why it was not reached
     */
    Optional<String> whyNotReachedAhead(NodeHandle node) {
        if (node.report.protocol() != NodeReport.Protocol.UNKNOWN) {
            return Optional.empty();
        }
        Call call = new Call();
        try {
            node.connections().giveBack(openAndAsk(node, connectTimeoutMs, call), System.nanoTime());
            return Optional.empty();
        } catch (TException | RuntimeException e) {
            LOG.debug("node {}: not reached ahead of a job: {}", node, e.getMessage());
            return Optional.of(describe(e, call));
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
        RpcConnection<ComputeNode.Client> conn = node.connections().borrow(System.nanoTime());
        if (conn == null) {
            return openAndAsk(node, readTimeoutMs, call);
        }
        conn.setReadTimeout(readTimeoutMs);
        return conn;
    }

    private void learnProtocol(NodeHandle node, RpcConnection<ComputeNode.Client> conn) throws TException {
        try {
            NodeReport report = reportOf(conn.client().describe(token()));
            node.report = report;
            LOG.debug("node {}: version {}, {} slot(s)", node, report.version(), report.slots());
        } catch (TApplicationException e) {
            if (e.getType() != TApplicationException.UNKNOWN_METHOD) {
                throw e;
            }
            if (node.report.protocol() != NodeReport.Protocol.LEGACY) {
                LOG.info("node {}: speaks the original protocol only (train_with_weights)", node);
            }
            node.report = NodeReport.LEGACY;
        }
    }

    private static NodeReport reportOf(NodeInfo info) {
        Set<String> settings = info.getSupported_settings() == null ? Set.of() : info.getSupported_settings();
        return new NodeReport(NodeReport.Protocol.CURRENT, info.getVersion(), info.getSlots(), settings,
                info.isShard_shipping(), info.isPacked_weights());
    }

    private AttemptResult send(NodeHandle node, RpcConnection<ComputeNode.Client> conn, TaskPlan plan, Call call,
            long start) throws TException {
        TaskCodec.Task task = plan.task();
        NodeReport report = node.report;
        if (report.protocol() == NodeReport.Protocol.CURRENT) {
            String unsupported = report.unsupported(task.settings().keySet());
            if (unsupported != null) {
                return AttemptResult.failed(AttemptResult.Kind.INELIGIBLE, "does not support the settings "
                        + unsupported + " (version " + report.version() + ")", millisSince(start));
            }
            return outcome(TaskCodec.reply(runTaskShipping(node, conn, plan, report.packedWeights(), call), task),
                    start);
        }
        if (needsCurrent(plan)) {
            return AttemptResult.failed(AttemptResult.Kind.INELIGIBLE,
                    "speaks only the original protocol, which cannot carry this job's settings", millisSince(start));
        }
        shipped(CoordinatorEvents.Payload.WEIGHTS_SENT, task.start().weights());
        TrainResult res = conn.client().train_with_weights(task.trainingFile(), TaskCodec.originalWeights(task), 0.0,
                task.classes(), task.hidden(), task.eta(), task.epochs(), task.policy());
        return outcome(TaskCodec.reply(res, task), start);
    }

    private AttemptResult outcome(TaskCodec.Reply reply, long start) {
        if (!reply.accepted()) {
            return AttemptResult.failed(AttemptResult.Kind.REJECTED, "rejected", millisSince(start));
        }
        shipped(CoordinatorEvents.Payload.DELTAS_RECEIVED, reply.deltas());
        return accepted(reply.deltas(), reply.trainingError(), reply.epochsRun(), start);
    }

    /** Counts a set of weights as 8 bytes a value: what they take on the wire, packed. */
    private void shipped(CoordinatorEvents.Payload payload, MlpWeights weights) {
        if (weights != null) {
            events.bytesShipped(payload, 8L * (weights.w().length + weights.v().length));
        }
    }

    /** @return true when the task uses something only run_task carries: settings, or the cluster's token */
    private boolean needsCurrent(TaskPlan plan) {
        return !plan.task().settings().isEmpty() || !token().isEmpty();
    }

    /**
     * @return false when the node is known to be unable to run the task: one of the original's
     *         nodes, or one that did not list the task's settings (unknown nodes may: they are asked)
     */
    boolean mayRun(NodeHandle node, TaskPlan plan) {
        if (!needsCurrent(plan)) {
            return true;
        }
        NodeReport report = node.report;
        return switch (report.protocol()) {
            case LEGACY -> false;
            case CURRENT -> report.unsupported(plan.task().settings().keySet()) == null;
            case UNKNOWN -> true;
        };
    }

    /** Sends the task by hash; when the node lacks that version, sends it again with the shard's bytes. */
    private TaskResult runTaskShipping(NodeHandle node, RpcConnection<ComputeNode.Client> conn, TaskPlan plan,
            boolean packed, Call call) throws TException {
        try {
            shipped(CoordinatorEvents.Payload.WEIGHTS_SENT, plan.task().start().weights());
            return conn.client().run_task(call.keyed(TaskCodec.request(plan.task(), packed, token())));
        } catch (ShardMissing e) {
            requireAdmitted(node, "sent shard data");
            LOG.debug("node {}: lacks {} ({}); shipping it", node, plan.trainingFile(), e.getSha256());
            try {
                byte[] shard = plan.shardBytes().read();
                shipped(CoordinatorEvents.Payload.WEIGHTS_SENT, plan.task().start().weights());
                events.bytesShipped(CoordinatorEvents.Payload.SHARD_SENT, shard.length);
                node.shardShipped();
                return conn.client().run_task(call.keyed(TaskCodec.request(plan.task(), packed, token(), shard)));
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
        if (keys.isEmpty() || node.report.protocol() == NodeReport.Protocol.LEGACY) {
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
        if (root instanceof ConnectException) {
            return "connection refused";
        }
        if (root instanceof SocketTimeoutException) {
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
