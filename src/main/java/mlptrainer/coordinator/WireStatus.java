package mlptrainer.coordinator;

import java.util.ArrayList;
import java.util.List;
import mlptrainer.Version;
import mlptrainer.rpc.gen.Assignment;
import mlptrainer.rpc.gen.CoordinatorStatus;
import mlptrainer.rpc.gen.JobRequest;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.NodeStat;
import mlptrainer.rpc.gen.RoundStat;

/**
 * The one place the coordinator's status figures become their wire forms: a job's status (its
 * nodes are those offered the job's tasks, with the job's own counts and each node's current
 * state), a node's state and a round's figures. Stateless.
 */
final class WireStatus {
    private WireStatus() {
    }

    static JobStatus of(JobRun run, NodeRegistry registry) {
        JobProgress p = run.progress();
        JobSpec spec = run.spec();
        JobStatus s = new JobStatus(run.id(), state(run.state()), p.round(), spec.rounds(), p.tasksDone(),
                p.tasksTotal(), p.rejections(), p.retries(), p.failedNodes(), rounds(p.rounds()), run.elapsedMs(),
                running(p), nodes(registry.stats(run.nodeCounters().snapshot(), System.nanoTime())));
        if (run.state() == RunState.SUCCEEDED) {
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

    /** The coordinator's status: every job's, and every node's counts across all jobs. */
    static CoordinatorStatus of(List<JobRun> runs, NodeRegistry registry) {
        List<JobStatus> statuses = new ArrayList<>();
        runs.forEach(run -> statuses.add(of(run, registry)));
        // each job lists its own counts per node; the coordinator's list counts every job's
        return new CoordinatorStatus(Version.get(), nodes(registry.stats(System.nanoTime())), statuses);
    }

    static JobState state(RunState state) {
        return switch (state) {
            case RUNNING -> JobState.RUNNING;
            case SUCCEEDED -> JobState.SUCCEEDED;
            case FAILED -> JobState.FAILED;
            case CANCELLED -> JobState.CANCELLED;
        };
    }

    static List<NodeStat> nodes(List<NodeState> nodes) {
        List<NodeStat> out = new ArrayList<>(nodes.size());
        for (NodeState n : nodes) {
            NodeCounts c = n.counts();
            NodeStat s = new NodeStat(n.node(), n.up(), c.accepted(), c.rejected(), c.failed(), c.busyMs());
            if (n.lastError() != null) {
                s.setLast_error(n.lastError());
            }
            out.add(s);
        }
        return out;
    }

    private static List<RoundStat> rounds(List<RoundResult> rounds) {
        List<RoundStat> out = new ArrayList<>(rounds.size());
        rounds.forEach(r -> out.add(new RoundStat(r.round(), r.validationError(), r.meanTrainingError(),
                r.elapsedMs(), r.epochsRun())));
        return out;
    }

    private static List<Assignment> running(JobProgress p) {
        List<Assignment> out = new ArrayList<>();
        p.running().forEach((shard, node) -> out.add(new Assignment(shard, node)));
        return out;
    }
}
