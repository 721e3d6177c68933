package mlptrainer.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

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
    public static void write(JobSnapshot s, Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), toJson(s));
    }

    /** The JSON tree written by {@link #write}. */
    public static ObjectNode toJson(JobSnapshot s) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT).put("version", VERSION);
        root.put("job_id", s.jobId()).put("state", s.phase().name());
        s.request().ifPresent(r -> root.set("request", request(r)));
        root.put("final_error", s.finalError().isPresent() ? Double.valueOf(s.finalError().getAsDouble()) : null);
        s.best().ifPresent(b -> root.put("best_round", b.round()).put("best_error", b.validationError()));
        root.put("elapsed_ms", s.elapsedMs()).put("rejections", s.rejections()).put("retries", s.retries());
        ArrayNode failed = root.putArray("failed_nodes");
        s.failedNodes().forEach(failed::add);
        ArrayNode rounds = root.putArray("rounds");
        s.roundsDone().forEach(r -> rounds.add(round(r)));
        ArrayNode nodes = root.putArray("nodes");
        s.nodes().forEach(n -> nodes.add(node(n)));
        return root;
    }

    private static ObjectNode request(TrainingRequest r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("dir", r.dir()).put("rounds", r.rounds()).put("epochs", r.epochs()).put("h", r.h()).put("k", r.k())
                .put("eta", r.eta());
        ObjectNode settings = o.putObject("settings");
        r.settings().forEach(settings::put);
        return o;
    }

    private static ObjectNode round(RoundResult r) {
        return MAPPER.createObjectNode().put("round", r.round()).put("validation_error", r.validationError())
                .put("mean_training_error", r.meanTrainingError()).put("elapsed_ms", r.elapsedMs())
                .put("epochs_run", r.epochsRun());
    }

    private static ObjectNode node(NodeCounts n) {
        ObjectNode o = MAPPER.createObjectNode().put("node", n.node()).put("up", n.up())
                .put("tasks_accepted", n.tasksAccepted()).put("tasks_rejected", n.tasksRejected())
                .put("tasks_failed", n.tasksFailed()).put("busy_ms", n.busyMs());
        return o.put("last_error", n.lastError().orElse(null));
    }
}
