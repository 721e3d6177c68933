package mlptrainer.client;

import java.util.Map;
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
    private final RpcConnection<Coordinator.Client> connection;
    private final String token;

    private CoordinatorClient(RpcConnection<Coordinator.Client> connection, String token) {
        this.connection = connection;
        this.token = token;
    }

    /** @throws TException when the coordinator cannot be reached */
    public static CoordinatorClient connect(String host, int port, String token) throws TException {
        return connect(host, port, new Security(AuthToken.of(token), null));
    }

    /** Connects with credentials: the token goes with every call; TLS when {@code security.tls()} is set. */
    public static CoordinatorClient connect(String host, int port, Security security) throws TException {
        return new CoordinatorClient(RpcConnection.open(host, port, 5_000, REPLY_TIMEOUT_MS, RpcLimits.forClient(),
                security.tls(), Coordinator.Client::new), security.token().presented());
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
        return connection.client().start_job(r);
    }

    /** @return the job's status once it changed, or after {@link #POLL_WAIT_MS} */
    public JobStatus awaitStatus(String jobId) throws TException {
        return connection.client().job_status(jobId, POLL_WAIT_MS, token);
    }

    public JobModel model(String jobId) throws TException {
        return connection.client().job_model(jobId, token);
    }

    public CoordinatorStatus status() throws TException {
        return connection.client().status(token);
    }

    /** The original's blocking call, for coordinators that only speak it. */
    public double trainBlocking(String dir, int rounds, int epochs, int h, int k, double eta) throws TException {
        // the original's call answers only when the whole job has ended: no bound on the wait
        connection.setReadTimeout(0);
        try {
            return connection.client().train(dir, rounds, epochs, h, k, eta);
        } finally {
            connection.setReadTimeout(REPLY_TIMEOUT_MS);
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
