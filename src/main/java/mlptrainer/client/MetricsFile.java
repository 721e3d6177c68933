package mlptrainer.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import mlptrainer.rpc.gen.JobRequest;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.NodeStat;
import mlptrainer.rpc.gen.RoundStat;

/**
 * Writes a finished job's figures as JSON (format "mlp-trainer-metrics" version 2, documented in
 * docs/using.md): the request, the final and best errors, every round's statistics and the
 * counters of every node offered the job's tasks (the job's own counts), with the names the
 * coordinator's status uses. Numbers are written exactly as the coordinator reported them.
 */
public final class MetricsFile {
    /** The value of the "format" field. */
    public static final String FORMAT = "mlp-trainer-metrics";
    /**
     * The value of the "version" field; raised when a field changes meaning or goes away. 2: "nodes"
     * counts the job's own attempts (in version 1 it counted every job since the coordinator started).
     */
    public static final int VERSION = 2;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MetricsFile() {
    }

    /** @throws IOException when the file cannot be written */
    public static void write(JobStatus s, Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), toJson(s));
    }

    /** The JSON tree written by {@link #write}. */
    public static ObjectNode toJson(JobStatus s) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT).put("version", VERSION);
        root.put("job_id", s.getJob_id()).put("state", s.getState().name());
        if (s.isSetRequest()) {
            root.set("request", request(s.getRequest()));
        }
        root.put("final_error", s.isSetFinal_error() ? s.getFinal_error() : null);
        if (s.isSetBest_round()) {
            root.put("best_round", s.getBest_round()).put("best_error", s.getBest_error());
        }
        root.put("elapsed_ms", s.getElapsed_ms()).put("rejections", s.getRejections()).put("retries", s.getRetries());
        ArrayNode failed = root.putArray("failed_nodes");
        s.getFailed_nodes().forEach(failed::add);
        ArrayNode rounds = root.putArray("rounds");
        s.getRounds_done().forEach(r -> rounds.add(round(r)));
        ArrayNode nodes = root.putArray("nodes");
        s.getNodes().forEach(n -> nodes.add(node(n)));
        return root;
    }

    private static ObjectNode request(JobRequest r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("dir", r.getDir()).put("rounds", r.getRounds()).put("epochs", r.getEpochs()).put("h", r.getH())
                .put("k", r.getK()).put("eta", r.getEta());
        ObjectNode settings = o.putObject("settings");
        if (r.isSetSettings()) {
            r.getSettings().forEach(settings::put);
        }
        return o;
    }

    private static ObjectNode round(RoundStat r) {
        return MAPPER.createObjectNode().put("round", r.getRound()).put("validation_error", r.getValidation_error())
                .put("mean_training_error", r.getMean_training_error()).put("elapsed_ms", r.getElapsed_ms())
                .put("epochs_run", r.getEpochs_run());
    }

    private static ObjectNode node(NodeStat n) {
        ObjectNode o = MAPPER.createObjectNode().put("node", n.getNode()).put("up", n.isUp())
                .put("tasks_accepted", n.getTasks_accepted()).put("tasks_rejected", n.getTasks_rejected())
                .put("tasks_failed", n.getTasks_failed()).put("busy_ms", n.getBusy_ms());
        return o.put("last_error", n.isSetLast_error() ? n.getLast_error() : null);
    }
}
