package mlptrainer.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import mlptrainer.Version;

/**
 * Writes a finished job's figures as JSON (format "mlp-trainer-metrics" version 3, documented in
 * docs/using.md): the software version, the coordinator, the preset, when the run started and
 * finished, the request with its settings as typed values, the final and best errors, every
 * round's statistics with when it reached the client, and the counters of every node offered the
 * job's tasks (the job's own counts), with the names the coordinator's status uses. Numbers are
 * written exactly as the coordinator reported them; times are ISO-8601 UTC.
 */
public final class MetricsFile {
    /** The value of the "format" field. */
    public static final String FORMAT = "mlp-trainer-metrics";
    /**
     * The value of the "version" field; raised when a field changes meaning or goes away. 3: settings
     * are typed JSON values (strings before); 2: "nodes" counts the job's own attempts (in version 1
     * it counted every job since the coordinator started).
     */
    public static final int VERSION = 3;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** A JSON number, as RFC 8259 spells it: what a setting's value must look like to be written as one. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final Pattern JSON_INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,17})");

    private MetricsFile() {
    }

    /**
     * Writes the file, finished now.
     *
     * @throws IOException when the file cannot be written
     */
    public static void write(JobSnapshot s, RunProvenance run, Path file) throws IOException {
        write(s, run, Instant.now().truncatedTo(ChronoUnit.MILLIS), file);
    }

    /** As above, for a run that finished at {@code finishedAt}. */
    static void write(JobSnapshot s, RunProvenance run, Instant finishedAt, Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), toJson(s, run, finishedAt));
    }

    /** The JSON tree written by {@link #write}, for a run that finished at {@code finishedAt}. */
    public static ObjectNode toJson(JobSnapshot s, RunProvenance run, Instant finishedAt) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT).put("version", VERSION);
        root.put("software_version", Version.get()).put("coordinator", run.coordinator())
                .put("preset", run.preset().orElse(null));
        root.put("started_at", run.startedAt().toString()).put("finished_at", finishedAt.toString());
        root.put("job_id", s.jobId()).put("state", s.phase().name());
        s.request().ifPresent(r -> root.set("request", request(r)));
        root.put("final_error", s.finalError().isPresent() ? Double.valueOf(s.finalError().getAsDouble()) : null);
        s.best().ifPresent(b -> root.put("best_round", b.round()).put("best_error", b.validationError()));
        root.put("elapsed_ms", s.elapsedMs()).put("rejections", s.rejections()).put("retries", s.retries());
        ArrayNode failed = root.putArray("failed_nodes");
        s.failedNodes().forEach(failed::add);
        ArrayNode rounds = root.putArray("rounds");
        s.roundsDone().forEach(r -> rounds.add(round(r).put("ended_at",
                run.roundReceivedAt(r.round()).map(Instant::toString).orElse(null))));
        ArrayNode nodes = root.putArray("nodes");
        s.nodes().forEach(n -> nodes.add(node(n)));
        return root;
    }

    private static ObjectNode request(TrainingRequest r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("dir", r.dir()).put("rounds", r.rounds()).put("epochs", r.epochs()).put("h", r.h()).put("k", r.k())
                .put("eta", r.eta());
        ObjectNode settings = o.putObject("settings");
        r.settings().forEach((name, value) -> settings.set(name, typed(value)));
        return o;
    }

    /**
     * A setting's value as the JSON value it reads as: true and false as booleans, a JSON number as
     * a number (an integer as one, others exactly as typed), anything else as a string.
     */
    static JsonNode typed(String value) {
        JsonNodeFactory json = MAPPER.getNodeFactory();
        if ("true".equals(value) || "false".equals(value)) {
            return json.booleanNode(Boolean.parseBoolean(value));
        }
        if (JSON_INTEGER.matcher(value).matches()) {
            return json.numberNode(Long.parseLong(value));
        }
        if (JSON_NUMBER.matcher(value).matches()) {
            return json.numberNode(new BigDecimal(value));
        }
        return json.textNode(value);
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
