package mlptrainer.coordinator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mlptrainer.Version;
import mlptrainer.data.DataException;
import mlptrainer.rpc.WireWeights;
import mlptrainer.rpc.gen.Coordinator;
import mlptrainer.rpc.gen.CoordinatorStatus;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.JobFailed;
import mlptrainer.rpc.gen.JobModel;
import mlptrainer.rpc.gen.JobRequest;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.UnknownJob;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.RpcServer;
import mlptrainer.rpc.gen.Unauthorized;

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

    CoordinatorHandler(JobManager jobs, long leaseMs, AuthToken token) {
        this.jobs = jobs;
        this.leaseMs = leaseMs;
        this.token = token;
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
            LOG.warn("train: refused a call from {}: the original's call carries no token", RpcServer.currentPeer());
            throw new TApplicationException(TApplicationException.INTERNAL_ERROR,
                    "this coordinator requires a token, which the original's train call cannot carry");
        }
        JobRun run;
        try {
            run = jobs.start(JobSpec.course(dir, rounds, epochs, h, k, eta));
        } catch (IllegalArgumentException | DataException e) {
            throw new TApplicationException(TApplicationException.INTERNAL_ERROR, "bad request: " + e.getMessage());
        }
        try {
            run.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TApplicationException(TApplicationException.INTERNAL_ERROR, "coordinator shutting down");
        }
        if (run.state() != JobState.SUCCEEDED) {
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
        if (waitMs > 0 && run.state() == JobState.RUNNING) {
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
        JobRun.TrainedModel m = run.model();
        if (run.state() == JobState.FAILED && m == null) {
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
            out.setFeature_mean(java.util.Arrays.stream(m.featureMean()).boxed().toList());
            out.setFeature_scale(java.util.Arrays.stream(m.featureScale()).boxed().toList());
        }
        return out;
    }

    @Override
    public void cancel_job(String jobId, String authToken) throws TException {
        checkToken(authToken, "cancel_job");
        find(jobId).cancel();
    }

    @Override
    public CoordinatorStatus status(String authToken) throws Unauthorized {
        checkToken(authToken, "status");
        List<JobStatus> statuses = new ArrayList<>();
        jobs.all().forEach(run -> statuses.add(WireStatus.of(run, jobs.registry())));
        // each job lists its own counts per node; the coordinator's list counts every job's
        return new CoordinatorStatus(Version.get(), jobs.registry().stats(System.nanoTime()), statuses);
    }

    @Override
    public int heartbeat(String host, int port, String authToken) throws InvalidRequest, Unauthorized {
        checkToken(authToken, "heartbeat");
        try {
            jobs.registry().heartbeat(new NodeAddress(host, port), leaseMs, System.nanoTime());
            return (int) leaseMs;
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(e.getMessage());
        }
    }

    @Override
    public void leave(String host, int port, String authToken) throws Unauthorized {
        checkToken(authToken, "leave");
        try {
            jobs.registry().leave(new NodeAddress(host, port));
        } catch (IllegalArgumentException e) {
            // an address that was never valid was never registered: nothing to do
        }
    }

    private JobRun find(String jobId) throws UnknownJob {
        JobRun run = jobs.get(jobId);
        if (run == null) {
            throw new UnknownJob("no job with id '" + jobId + "' (the coordinator keeps the last jobs since it started)");
        }
        return run;
    }
}
