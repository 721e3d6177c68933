package mlptrainer.coordinator;

import mlptrainer.rpc.gen.JobRequest;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;

/**
 * Builds the wire form of a job's status. Its nodes are those offered the job's tasks, with the
 * job's own counts and each node's current state.
 */
final class WireStatus {
    private WireStatus() {
    }

    static JobStatus of(JobRun run, NodeRegistry registry) {
        JobProgress p = run.progress();
        JobSpec spec = run.spec();
        JobStatus s = new JobStatus(run.id(), run.state(), p.round(), spec.rounds(), p.tasksDone(), p.tasksTotal(),
                p.rejections(), p.retries(), p.failedNodes(), p.rounds(), run.elapsedMs(), p.running(),
                registry.stats(run.nodeCounters().snapshot(), System.nanoTime()));
        if (run.state() == JobState.SUCCEEDED) {
            s.setFinal_error(run.finalError());
        }
        if (run.failure() != null) {
            s.setError(run.failure());
        }
        JobRequest request = new JobRequest(spec.dir(), spec.rounds(), spec.epochs(), spec.h(), spec.k(), spec.eta());
        request.setSettings(spec.settings());
        s.setRequest(request);
        JobRun.TrainedModel m = run.model();
        if (m != null) {
            s.setBest_round(m.bestRound());
            s.setBest_error(m.bestError());
        }
        return s;
    }
}
