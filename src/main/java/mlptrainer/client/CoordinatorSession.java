package mlptrainer.client;

import java.util.Optional;
import mlptrainer.rpc.Security;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.transport.TTransportException;

/**
 * The client's calls to a coordinator in its own terms: requests, {@link JobSnapshot}s and
 * {@link TrainedModels} in, every failure a {@link ClientFailure} with the line the user sees.
 * Not thread-safe (one call at a time, like the connection under it).
 */
public final class CoordinatorSession implements AutoCloseable {
    private final CoordinatorClient client;
    private final String address;

    private CoordinatorSession(CoordinatorClient client, String address) {
        this.client = client;
        this.address = address;
    }

    /** Connects; the token goes with every call, TLS when {@code security.tls()} is set. */
    public static CoordinatorSession open(String host, int port, Security security) throws ClientFailure {
        String address = host + ":" + port;
        try {
            return new CoordinatorSession(CoordinatorClient.connect(host, port, security), address);
        } catch (TTransportException e) {
            throw new ClientFailure(ClientFailure.Kind.UNREACHABLE, "cannot reach the coordinator at " + address
                    + " (" + e.getMessage() + "); is it running?", e);
        } catch (TException e) {
            throw new ClientFailure(ClientFailure.Kind.UNREACHABLE, "cannot reach the coordinator: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Starts a job, resuming it from the coordinator's checkpoint when {@code resume} and one matches.
     *
     * @return the job's id, or empty when the coordinator is one of the original's, which only has
     *         the blocking call, and the request needs nothing beyond it (no settings)
     */
    public Optional<String> startJob(TrainingRequest request, boolean resume) throws ClientFailure {
        try {
            return Optional.of(client.startJob(request, resume));
        } catch (TApplicationException e) {
            if (e.getType() == TApplicationException.UNKNOWN_METHOD && request.settings().isEmpty()) {
                return Optional.empty();
            }
            throw WireMapping.failure(e, address);
        } catch (TException e) {
            throw WireMapping.failure(e, address);
        }
    }

    /** The original's blocking call: trains and returns the final validation error, with no bound on the wait. */
    public double trainBlocking(TrainingRequest r) throws ClientFailure {
        try {
            return client.trainBlocking(r.dir(), r.rounds(), r.epochs(), r.h(), r.originalK(), r.eta());
        } catch (TException e) {
            throw WireMapping.failure(e, address);
        }
    }

    /** @return the job's status once it changed, or after {@link CoordinatorClient#POLL_WAIT_MS} */
    public JobSnapshot awaitJob(String jobId) throws ClientFailure {
        try {
            return WireMapping.job(client.awaitStatus(jobId));
        } catch (TException e) {
            throw WireMapping.failure(e, address);
        }
    }

    /** A finished job's models; a job the coordinator no longer has, or that failed, is a FAILED failure. */
    public TrainedModels models(String jobId) throws ClientFailure {
        try {
            return WireMapping.models(client.model(jobId));
        } catch (TException e) {
            throw WireMapping.modelFailure(e, address);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
