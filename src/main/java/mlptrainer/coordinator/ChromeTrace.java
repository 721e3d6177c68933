package mlptrainer.coordinator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mlptrainer.Untrusted;

/**
 * A job's task attempts as Chrome trace events (the JSON object form: {@code {"traceEvents": [...]}}),
 * which Perfetto and chrome://tracing open: one track ("thread") per node, named after it, and one
 * complete event ("ph":"X") per attempt, named by round and shard, its category the outcome. Times
 * are microseconds since the job's first attempt. Pure; thread-safe.
 */
public final class ChromeTrace {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int PID = 1;

    private ChromeTrace() {
    }

    /** @return the trace of {@code attempts} for the job {@code jobId}, as UTF-8 JSON text */
    public static String json(String jobId, List<TaskAttempt> attempts) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode events = root.putArray("traceEvents");
        events.add(metadata("process_name", 0, "job " + jobId));
        Map<String, Integer> tracks = new LinkedHashMap<>();
        long origin = attempts.stream().mapToLong(TaskAttempt::startMs).min().orElse(0);
        for (TaskAttempt a : attempts) {
            Integer track = tracks.get(a.node());
            if (track == null) {
                track = tracks.size() + 1;
                tracks.put(a.node(), track);
                events.add(metadata("thread_name", track, "node " + a.node()));
            }
            events.add(event(a, track, origin));
        }
        root.put("displayTimeUnit", "ms");
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static ObjectNode metadata(String name, int tid, String value) {
        ObjectNode o = MAPPER.createObjectNode().put("name", name).put("ph", "M").put("pid", PID).put("tid", tid);
        o.putObject("args").put("name", value);
        return o;
    }

    private static ObjectNode event(TaskAttempt a, int track, long originMs) {
        ObjectNode o = MAPPER.createObjectNode().put("name", "round " + a.round() + " shard " + a.shard())
                .put("cat", a.outcome().name().toLowerCase()).put("ph", "X").put("pid", PID).put("tid", track)
                .put("ts", (a.startMs() - originMs) * 1000L).put("dur", Math.max(1, a.durationMs()) * 1000L);
        ObjectNode args = o.putObject("args").put("outcome", a.outcome().name()).put("round", a.round())
                .put("shard", a.shard());
        if (!a.detail().isEmpty()) {
            args.put("detail", Untrusted.shown(a.detail())); // bounds an event: a node chooses its error text
        }
        return o;
    }
}
