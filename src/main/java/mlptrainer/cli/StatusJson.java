package mlptrainer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mlptrainer.rpc.gen.CoordinatorStatus;
import mlptrainer.rpc.gen.JobRequest;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.NodeStat;

/**
 * {@code status --json}: a coordinator's status as one JSON object (format "mlp-trainer-status",
 * version 1): {@code coordinator} ("host:port"), {@code version}, {@code nodes} (each node's counts
 * across all jobs) and {@code jobs} (each job's state, request, rounds done, best and last
 * validation error, elapsed time; errors as the coordinator sent them, with full precision).
 * Absent values are omitted. Stateless.
 */
final class StatusJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StatusJson() {
    }

    static String of(CoordinatorStatus s, String address) {
        ObjectNode root = MAPPER.createObjectNode().put("format", "mlp-trainer-status").put("version", 1)
                .put("coordinator", address).put("coordinator_version", s.getVersion());
        ArrayNode nodes = root.putArray("nodes");
        if (s.getNodes() != null) {
            s.getNodes().forEach(n -> nodes.add(node(n)));
        }
        ArrayNode jobs = root.putArray("jobs");
        if (s.getJobs() != null) {
            s.getJobs().forEach(j -> jobs.add(job(j)));
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static ObjectNode node(NodeStat n) {
        ObjectNode o = MAPPER.createObjectNode().put("node", n.getNode()).put("up", n.isUp())
                .put("tasks_accepted", n.getTasks_accepted()).put("tasks_rejected", n.getTasks_rejected())
                .put("tasks_failed", n.getTasks_failed()).put("busy_ms", n.getBusy_ms());
        return n.isSetLast_error() ? o.put("last_error", n.getLast_error()) : o;
    }

    private static ObjectNode job(JobStatus j) {
        ObjectNode o = MAPPER.createObjectNode().put("job_id", j.getJob_id())
                .put("state", j.getState() == null ? "UNKNOWN" : j.getState().name()).put("rounds_done", j.getRound())
                .put("rounds", j.getRounds()).put("elapsed_ms", j.getElapsed_ms());
        if (j.isSetRequest()) {
            o.set("request", request(j.getRequest()));
        }
        if (j.isSetBest_round()) {
            o.put("best_round", j.getBest_round()).put("best_error", j.getBest_error());
        }
        if (j.getRounds_done() != null && !j.getRounds_done().isEmpty()) {
            o.put("last_error", j.getRounds_done().get(j.getRounds_done().size() - 1).getValidation_error());
        }
        if (j.isSetFinal_error()) {
            o.put("final_error", j.getFinal_error());
        }
        if (j.isSetError()) {
            o.put("error", j.getError());
        }
        return o;
    }

    private static ObjectNode request(JobRequest r) {
        ObjectNode o = MAPPER.createObjectNode().put("dir", r.getDir()).put("rounds", r.getRounds())
                .put("epochs", r.getEpochs()).put("h", r.getH()).put("k", r.getK()).put("eta", r.getEta());
        ObjectNode settings = o.putObject("settings");
        if (r.isSetSettings()) {
            r.getSettings().forEach(settings::put);
        }
        return o;
    }
}
