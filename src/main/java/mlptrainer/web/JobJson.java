package mlptrainer.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.TreeMap;
import mlptrainer.Version;
import mlptrainer.client.MetricsFile;
import mlptrainer.client.RunProvenance;
import mlptrainer.client.WireMapping;
import mlptrainer.coordinator.CoordinatorView;
import mlptrainer.coordinator.JobRun;
import mlptrainer.coordinator.NodeView;
import mlptrainer.coordinator.RunState;
import mlptrainer.coordinator.TaskAttempt;
import mlptrainer.rpc.gen.JobRequest;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.RoundStat;

/**
 * The dashboard API's JSON bodies (docs/http-api.md), built from what the coordinator's
 * {@code job_status} reports, so the API and the Thrift status never disagree. Field names are
 * those of the client's metrics file. Stateless and thread-safe.
 */
final class JobJson {
    /** The most task attempts one answer carries; the page asks again from where it stopped. */
    static final int MAX_ATTEMPTS_PER_ANSWER = 2000;
    /** Rounds the estimate of the time left averages over. */
    private static final int ETA_ROUNDS = 5;

    private JobJson() {
    }

    /** {@code /api/cluster}: the coordinator's version and every node. */
    static ObjectNode cluster(CoordinatorView view) {
        ObjectNode root = Exchanges.JSON.createObjectNode().put("version", Version.get());
        ArrayNode nodes = root.putArray("nodes");
        for (NodeView n : view.nodes()) {
            nodes.add(node(n));
        }
        long running = view.jobs().stream().filter(j -> j.state() == RunState.RUNNING).count();
        return root.put("jobs_running", running).put("jobs_kept", view.jobs().size());
    }

    private static ObjectNode node(NodeView n) {
        return Exchanges.JSON.createObjectNode().put("node", n.address()).put("listed", n.listed())
                .put("joined", n.joined()).put("up", n.up()).put("down_reason", n.reason()).put("slots", n.slots())
                .put("busy_slots", n.busySlots()).put("tasks_accepted", n.accepted())
                .put("tasks_rejected", n.rejected()).put("tasks_failed", n.failed()).put("busy_ms", n.busyMs())
                .put("shards_shipped", n.shardsShipped()).put("last_error", n.lastError())
                .put("version", n.version()).put("protocol", n.protocol());
    }

    /** {@code /api/jobs}: every job kept, newest first, without rounds and attempts. */
    static ObjectNode jobs(CoordinatorView view) {
        ObjectNode root = Exchanges.JSON.createObjectNode();
        ArrayNode jobs = root.putArray("jobs");
        List<JobRun> all = view.jobs();
        for (int i = all.size() - 1; i >= 0; i--) {
            jobs.add(summary(all.get(i), view.status(all.get(i))));
        }
        return root;
    }

    /**
     * {@code /api/jobs/ID}: the summary, every round, the running tasks, the job's counts per node,
     * and the task attempts from {@code attemptsFrom} on (at most {@link #MAX_ATTEMPTS_PER_ANSWER}).
     *
     * @param version the job's progress version read before its status, for the next long poll
     */
    static ObjectNode job(JobRun run, JobStatus status, long version, int attemptsFrom) {
        ObjectNode o = summary(run, status).put("version", version);
        ArrayNode rounds = o.putArray("rounds_done");
        for (RoundStat r : status.getRounds_done()) {
            rounds.add(Exchanges.JSON.createObjectNode().put("round", r.getRound())
                    .put("validation_error", r.getValidation_error())
                    .put("mean_training_error", r.getMean_training_error()).put("elapsed_ms", r.getElapsed_ms())
                    .put("epochs_run", r.getEpochs_run()));
        }
        ArrayNode running = o.putArray("running");
        status.getRunning().forEach(a -> running.add(Exchanges.JSON.createObjectNode().put("shard", a.getShard())
                .put("node", a.getNode())));
        o.set("nodes", metrics(run, status, "").get("nodes"));
        attempts(o, run, attemptsFrom);
        return o;
    }

    /**
     * @param coordinator how the file names the coordinator ("host:port")
     * @return the job's metrics in the client's --metrics format, as of now
     */
    static ObjectNode metrics(JobRun run, JobStatus status, String coordinator) {
        RunProvenance provenance = new RunProvenance(coordinator, null, Instant.ofEpochMilli(run.startedAtMs()));
        return MetricsFile.toJson(WireMapping.job(status), provenance, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private static void attempts(ObjectNode o, JobRun run, int from) {
        List<TaskAttempt> all = run.progress().attempts();
        int start = Math.min(Math.max(0, from), all.size());
        int end = Math.min(all.size(), start + MAX_ATTEMPTS_PER_ANSWER);
        o.put("attempts_from", start).put("attempts_next", end).put("attempts_total", all.size())
                .put("attempts_dropped", run.progress().attemptsDropped());
        ArrayNode out = o.putArray("attempts");
        for (TaskAttempt a : all.subList(start, end)) {
            out.add(Exchanges.JSON.createObjectNode().put("round", a.round()).put("shard", a.shard())
                    .put("node", a.node()).put("start_ms", a.startMs()).put("duration_ms", a.durationMs())
                    .put("outcome", a.outcome().name()).put("detail", a.detail()));
        }
    }

    private static ObjectNode summary(JobRun run, JobStatus s) {
        ObjectNode o = Exchanges.JSON.createObjectNode().put("id", run.id()).put("state", s.getState().name());
        o.set("request", request(s.getRequest()));
        o.put("round", s.getRound()).put("rounds", s.getRounds()).put("tasks_done", s.getTasks_done())
                .put("tasks_total", s.getTasks_total()).put("rejections", s.getRejections())
                .put("retries", s.getRetries());
        List<RoundStat> rounds = s.getRounds_done();
        RoundStat last = rounds.isEmpty() ? null : rounds.get(rounds.size() - 1);
        o.put("last_error", last == null ? null : last.getValidation_error());
        o.put("best_round", s.isSetBest_round() ? s.getBest_round() : null);
        o.put("best_error", s.isSetBest_error() ? s.getBest_error() : null);
        o.put("final_error", s.isSetFinal_error() ? s.getFinal_error() : null);
        o.put("error", s.getError());
        o.put("started_at_ms", run.startedAtMs()).put("elapsed_ms", s.getElapsed_ms());
        o.put("eta_ms", run.state() == RunState.RUNNING ? timeLeftMs(rounds, s.getRounds()) : null);
        return o;
    }

    /** @return the mean of the last rounds' times the rounds left, or null before the first round ends */
    static Long timeLeftMs(List<RoundStat> done, int rounds) {
        if (done.isEmpty()) {
            return null;
        }
        List<RoundStat> recent = done.subList(Math.max(0, done.size() - ETA_ROUNDS), done.size());
        double mean = recent.stream().mapToLong(RoundStat::getElapsed_ms).average().orElse(0);
        int left = rounds - done.get(done.size() - 1).getRound();
        return Math.round(mean * Math.max(0, left));
    }

    private static ObjectNode request(JobRequest r) {
        ObjectNode o = Exchanges.JSON.createObjectNode().put("dir", r.getDir()).put("rounds", r.getRounds())
                .put("epochs", r.getEpochs()).put("h", r.getH()).put("k", r.getK()).put("eta", r.getEta());
        ObjectNode settings = o.putObject("settings");
        if (r.isSetSettings()) {
            new TreeMap<>(r.getSettings()).forEach(settings::put);
        }
        return o;
    }
}
