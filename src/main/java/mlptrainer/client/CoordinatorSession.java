package mlptrainer.client;

import java.util.List;
import java.util.Optional;
import mlptrainer.rpc.gen.CoordinatorStatus;
import mlptrainer.rpc.gen.UnknownJob;
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

    /** @return the job's status now; a job the coordinator does not have is a REFUSED failure ("no job 42 on ...") */
    public JobSnapshot jobNow(String jobId) throws ClientFailure {
        try {
            return WireMapping.job(client.status(jobId));
        } catch (TException e) {
            throw jobFailure(e, jobId);
        }
    }

    /** Asks the coordinator to cancel the job (an ended job stays as it ended). */
    public void cancel(String jobId) throws ClientFailure {
        try {
            client.cancel(jobId);
        } catch (TException e) {
            throw jobFailure(e, jobId);
        }
    }

    /** @return the job's task attempts as Chrome trace JSON */
    public String trace(String jobId) throws ClientFailure {
        try {
            return client.trace(jobId);
        } catch (TApplicationException e) {
            if (e.getType() == TApplicationException.UNKNOWN_METHOD) {
                throw new ClientFailure(ClientFailure.Kind.FAILED, "the coordinator at " + address
                        + " cannot send traces (an older version); drop --trace", e);
            }
            throw new ClientFailure(ClientFailure.Kind.FAILED, "cannot fetch job " + jobId + "'s trace: "
                    + e.getMessage(), e);
        } catch (TException e) {
            throw jobFailure(e, jobId);
        }
    }

    /** @return every job the coordinator keeps, oldest first */
    public List<JobSnapshot> jobs() throws ClientFailure {
        try {
            CoordinatorStatus s = client.status();
            return s.getJobs() == null ? List.of() : s.getJobs().stream().map(WireMapping::job).toList();
        } catch (TException e) {
            throw WireMapping.failure(e, address);
        }
    }

    private ClientFailure jobFailure(TException e, String jobId) {
        if (e instanceof UnknownJob) {
            return new ClientFailure(ClientFailure.Kind.REFUSED, "no job " + jobId + " on " + address, e);
        }
        return WireMapping.failure(e, address);
    }

    /** @return "host:port" of the coordinator */
    public String address() {
        return address;
    }

    @Override
    public void close() {
        client.close();
    }
}
