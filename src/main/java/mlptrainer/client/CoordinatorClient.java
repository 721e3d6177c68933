package mlptrainer.client;

import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.RpcConnection;
import mlptrainer.rpc.Security;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.gen.Coordinator;
import mlptrainer.rpc.gen.CoordinatorStatus;
import mlptrainer.rpc.gen.JobModel;
import mlptrainer.rpc.gen.JobRequest;
import mlptrainer.rpc.gen.JobStatus;
import org.apache.thrift.TException;
import org.apache.thrift.transport.TTransportException;

/**
 * A connection to a coordinator with the calls the client makes, in the wire types (tests and the
 * status command use them as they are; {@link CoordinatorSession} gives the client's own). Not
 * thread-safe (one call at a time, like the connection under it).
 */
public final class CoordinatorClient implements AutoCloseable {
    /** Status calls wait up to this long for news, in milliseconds. */
    public static final int POLL_WAIT_MS = 2_000;
    /** A coordinator that does not answer a call within this long is taken as gone, in milliseconds. */
    static final int REPLY_TIMEOUT_MS = POLL_WAIT_MS + 30_000;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private final String host;
    private final int port;
    private final Security security;
    private final String token;
    private RpcConnection<Coordinator.Client> connection;
    /** Whether a call on the current connection has been answered (then it was surely let in). */
    private boolean answered;

    private CoordinatorClient(String host, int port, Security security) throws TException {
        this.host = host;
        this.port = port;
        this.security = security;
        this.token = security.token().presented();
        this.connection = open();
    }

    private RpcConnection<Coordinator.Client> open() throws TException {
        return RpcConnection.open(host, port, CONNECT_TIMEOUT_MS, REPLY_TIMEOUT_MS, RpcLimits.forClient(),
                security.tls(), Coordinator.Client::new);
    }

    private interface Call<T> {
        T on(RpcConnection<Coordinator.Client> connection) throws TException;
    }

    /**
     * Makes a call. A coordinator whose connection table is full may close a new connection before
     * it has read a first call, to make room ("connection reset"): that call was never served, so
     * it is made again on a new connection, until the connect timeout has passed. Only before the
     * connection's first answer: a connection dropped later is an error the caller sees.
     */
    private <T> T call(Call<T> call) throws TException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS);
        for (long pauseMs = 10; ; pauseMs = Math.min(500, pauseMs * 2)) {
            try {
                T result = call.on(connection);
                answered = true;
                return result;
            } catch (TTransportException e) {
                if (answered || !droppedUnread(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                connection.close();
                RpcConnection.pauseBeforeRetry(pauseMs);
                connection = open();
            }
        }
    }

    /** The server closed the connection (end of stream or a reset), as opposed to a timeout. */
    private static boolean droppedUnread(TTransportException e) {
        return e.getType() == TTransportException.END_OF_FILE || e.getCause() instanceof SocketException;
    }

    /** @throws TException when the coordinator cannot be reached */
    public static CoordinatorClient connect(String host, int port, String token) throws TException {
        return connect(host, port, new Security(AuthToken.of(token), null));
    }

    /** Connects with credentials: the token goes with every call; TLS when {@code security.tls()} is set. */
    public static CoordinatorClient connect(String host, int port, Security security) throws TException {
        return new CoordinatorClient(host, port, security);
    }

    /** Starts a job; returns its id. */
    public String startJob(String dir, int rounds, int epochs, int h, int k, double eta, Map<String, String> settings)
            throws TException {
        return startJob(dir, rounds, epochs, h, k, eta, settings, false);
    }

    /** Starts a job, resuming it from the coordinator's checkpoint when {@code resume} and one matches. */
    public String startJob(String dir, int rounds, int epochs, int h, int k, double eta, Map<String, String> settings,
            boolean resume) throws TException {
        return startJob(new TrainingRequest(dir, rounds, epochs, h, k, eta, settings), resume);
    }

    /** Starts a job, resuming it from the coordinator's checkpoint when {@code resume} and one matches. */
    public String startJob(TrainingRequest request, boolean resume) throws TException {
        JobRequest r = WireMapping.toWire(request, resume);
        r.setAuth_token(token);
        return call(c -> c.client().start_job(r));
    }

    /** @return the job's status once it changed, or after {@link #POLL_WAIT_MS} */
    public JobStatus awaitStatus(String jobId) throws TException {
        return call(c -> c.client().job_status(jobId, POLL_WAIT_MS, token));
    }

    /** @return the job's status now, without waiting for a change */
    public JobStatus status(String jobId) throws TException {
        return call(c -> c.client().job_status(jobId, 0, token));
    }

    /** Asks the coordinator to cancel the job; it ends as CANCELLED soon after (an ended job stays as it ended). */
    public void cancel(String jobId) throws TException {
        call(c -> {
            c.client().cancel_job(jobId, token);
            return null;
        });
    }

    /** @return the job's task attempts as Chrome trace JSON (see Coordinator.job_trace) */
    public String trace(String jobId) throws TException {
        return call(c -> c.client().job_trace(jobId, token));
    }

    public JobModel model(String jobId) throws TException {
        return call(c -> c.client().job_model(jobId, token));
    }

    public CoordinatorStatus status() throws TException {
        return call(c -> c.client().status(token));
    }

    /** The original's blocking call, for coordinators that only speak it. */
    public double trainBlocking(String dir, int rounds, int epochs, int h, int k, double eta) throws TException {
        // the original's call answers only when the whole job has ended: no bound on the wait
        return call(c -> {
            c.setReadTimeout(0);
            try {
                return c.client().train(dir, rounds, epochs, h, k, eta);
            } finally {
                c.setReadTimeout(REPLY_TIMEOUT_MS);
            }
        });
    }

    @Override
    public void close() {
        connection.close();
    }
}
