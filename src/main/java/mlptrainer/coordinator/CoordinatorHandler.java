package mlptrainer.coordinator;

import java.util.Arrays;
import java.util.Map;
import mlptrainer.data.DataException;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.RpcServer;
import mlptrainer.rpc.WireWeights;
import mlptrainer.rpc.gen.Coordinator;
import mlptrainer.rpc.gen.CoordinatorStatus;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.JobFailed;
import mlptrainer.rpc.gen.JobModel;
import mlptrainer.rpc.gen.JobRequest;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.Unauthorized;
import mlptrainer.rpc.gen.UnknownJob;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.TProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's Thrift face: turns wire types into a {@link JobSpec}, delegates to the
 * {@link JobManager} and turns results back. The original's {@code train} blocks and reports a
 * failure as a TApplicationException carrying the message; the new calls use declared exceptions.
 * Thread-safe.
 */
public final class CoordinatorHandler implements Coordinator.Iface {
    private static final int MAX_STATUS_WAIT_MS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorHandler.class);
    private final JobManager jobs;
    private final long leaseMs;
    private final AuthToken token;
    /** Refused joins and leaves, logged once per call, peer and minute. */
    static final String NO_JOINS = "this coordinator takes no joins or leaves: it has no cluster token; list the "
            + "node in its node list, or give both the same --token-file";

    CoordinatorHandler(JobManager jobs, long leaseMs, AuthToken token) {
        this.jobs = jobs;
        this.leaseMs = leaseMs;
        this.token = token;
        if (!token.required()) {
            LOG.info("coordinator: no cluster token, so nodes cannot join or leave: only the listed nodes take part");
        }
    }

    /** @return what an {@link RpcServer} serves: the Coordinator service's calls, sent here */
    TProcessor processor() {
        return new Coordinator.Processor<>(this);
    }

    private void checkToken(String presented, String call) throws Unauthorized {
        if (!token.accepts(presented)) {
            String reason = presented == null || presented.isEmpty() ? "no token" : "wrong token";
            RpcServer.logRefusal(LOG, call, reason);
            throw new Unauthorized(reason + ": this coordinator requires the cluster's token (--token-file)");
        }
    }

    @Override
    public double train(String dir, int rounds, int epochs, int h, int k, double eta) throws TException {
        if (token.required()) {
            RpcServer.logRefusal(LOG, "train", "the original's call carries no token");
            throw new TApplicationException(TApplicationException.INTERNAL_ERROR,
                    "this coordinator requires a token, which the original's train call cannot carry");
        }
        JobRun run;
        try {
            run = jobs.startOriginal(JobSpec.course(dir, rounds, epochs, h, k, eta));
        } catch (IllegalArgumentException | DataException e) {
            throw new TApplicationException(TApplicationException.INTERNAL_ERROR, "bad request: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            // the caller hears why, and this connection's thread serves on
            LOG.error("train: out of memory starting a job for {}: {}", RpcServer.currentPeer(), e.getMessage());
            throw new TApplicationException(TApplicationException.INTERNAL_ERROR,
                    Failures.describe(e, "the coordinator starting the job"));
        }
        try {
            run.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TApplicationException(TApplicationException.INTERNAL_ERROR, "coordinator shutting down");
        }
        if (run.state() != RunState.SUCCEEDED) {
            throw new TApplicationException(TApplicationException.INTERNAL_ERROR, "job " + run.id() + " failed: "
                    + run.failure());
        }
        return run.finalError();
    }

    @Override
    public String start_job(JobRequest r) throws InvalidRequest, Unauthorized {
        checkToken(r.getAuth_token(), "start_job");
        try {
            JobSpec spec = new JobSpec(r.getDir(), r.getRounds(), r.getEpochs(), r.getH(), r.getK(), r.getEta(),
                    r.isSetSettings() ? r.getSettings() : Map.of(), r.isSetResume() && r.isResume());
            return jobs.start(spec).id();
        } catch (IllegalArgumentException | DataException e) {
            throw new InvalidRequest(e.getMessage());
        }
    }

    @Override
    public JobStatus job_status(String jobId, int waitMs, String authToken) throws TException {
        checkToken(authToken, "job_status");
        JobRun run = find(jobId);
        long seen = run.progress().version();
        if (waitMs > 0 && run.state() == RunState.RUNNING) {
            try {
                run.progress().awaitChange(seen, Math.min(waitMs, MAX_STATUS_WAIT_MS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return WireStatus.of(run, jobs.registry());
    }

    @Override
    public JobModel job_model(String jobId, String authToken) throws TException {
        checkToken(authToken, "job_model");
        JobRun run = find(jobId);
        JobRun.TrainedModel m;
        try {
            m = jobs.model(run);
        } catch (FinishedModels.ModelGoneException e) {
            throw new JobFailed(e.getMessage());
        }
        if (run.state() == RunState.FAILED && m == null) {
            throw new JobFailed("job " + jobId + " failed before its first round ended: " + run.failure());
        }
        if (m == null) {
            throw new JobFailed("job " + jobId + " has no model yet: no round has ended");
        }
        JobModel out = new JobModel(WireWeights.toWire(m.last()), m.last().inputs(), m.last().hidden(),
                m.last().classes(), run.spec().settings());
        out.setBest(WireWeights.toWire(m.best()));
        if (m.featureMean() != null && m.featureScale() != null) {
            // a saved model must carry the standardisation it was trained with, or it predicts on the wrong scale
            out.setFeature_mean(Arrays.stream(m.featureMean()).boxed().toList());
            out.setFeature_scale(Arrays.stream(m.featureScale()).boxed().toList());
        }
        if (run.dataset() != null) {
            out.setDataset_fingerprint(run.dataset().fingerprint());
            out.setLabel_names(run.dataset().labelNames());
        }
        return out;
    }

    @Override
    public void cancel_job(String jobId, String authToken) throws TException {
        checkToken(authToken, "cancel_job");
        if (find(jobId).cancel()) {
            LOG.info("job {}: cancel asked by {}", jobId, RpcServer.currentPeer());
        }
    }

    @Override
    public String job_trace(String jobId, String authToken) throws TException {
        checkToken(authToken, "job_trace");
        try {
            return jobs.trace(find(jobId));
        } catch (IllegalArgumentException e) {
            throw new TApplicationException(TApplicationException.INTERNAL_ERROR, e.getMessage());
        }
    }

    @Override
    public CoordinatorStatus status(String authToken) throws Unauthorized {
        checkToken(authToken, "status");
        return WireStatus.of(jobs.all(), jobs.registry());
    }

    @Override
    public int heartbeat(String host, int port, String authToken) throws InvalidRequest, Unauthorized {
        checkMembershipToken(authToken, "heartbeat");
        try {
            jobs.registry().join(new NodeAddress(host, port), sourceAddress(), leaseMs, System.nanoTime());
            return (int) leaseMs;
        } catch (IllegalArgumentException | IllegalStateException e) {
            String why = "join refused: " + e.getMessage();
            logRefusal("heartbeat", why);
            throw new InvalidRequest(why);
        }
    }

    @Override
    public void leave(String host, int port, String authToken) throws Unauthorized {
        checkMembershipToken(authToken, "leave");
        NodeAddress node;
        try {
            node = new NodeAddress(host, port);
        } catch (IllegalArgumentException e) {
            throw refuseLeave("leave refused: " + e.getMessage());
        }
        String source = sourceAddress();
        switch (jobs.registry().leave(node, source, System.nanoTime())) {
            case LEFT -> LOG.info("leave: node {} left", node);
            case BACKING_OFF -> LOG.info("leave: listed node {} left; it is tried again after a back-off", node);
            case NOT_JOINED -> throw refuseLeave("leave refused: no node joined as " + node
                    + " (a listed node cannot be sent away)");
            case OTHER_SOURCE -> throw refuseLeave("leave refused: only node " + node
                    + " itself may leave, from the address it joined from, not " + source);
        }
    }

    /**
     * Membership changes take the cluster's token; without one configured, anyone could join
     * (and be sent tasks and data) or send a listed node away, so no change is taken at all.
     */
    private void checkMembershipToken(String presented, String call) throws Unauthorized {
        if (!token.required()) {
            logRefusal(call, NO_JOINS);
            throw new Unauthorized(NO_JOINS);
        }
        checkToken(presented, call);
    }

    private Unauthorized refuseLeave(String why) {
        logRefusal("leave", why);
        return new Unauthorized(why);
    }

    private static void logRefusal(String call, String why) {
        RpcServer.logRefusal(LOG, call, why);
    }

    /** @return the IP address of the caller: a node's heartbeats each come from a new port */
    private static String sourceAddress() {
        return RpcServer.currentPeerAddress();
    }

    private JobRun find(String jobId) throws UnknownJob {
        JobRun run = jobs.get(jobId);
        if (run == null) {
            throw new UnknownJob("no job with id '" + jobId + "' (the coordinator keeps the last jobs since it started)");
        }
        return run;
    }
}
