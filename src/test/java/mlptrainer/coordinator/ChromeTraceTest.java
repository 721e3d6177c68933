package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChromeTraceTest {
    @Test
    void oneTrackPerNodeAndOneCompleteEventPerAttemptInMicrosecondsFromTheFirst() throws Exception {
        List<TaskAttempt> attempts = List.of(
                new TaskAttempt(1, 1, "a:1", 1_000, 40, TaskAttempt.Outcome.ACCEPTED, ""),
                new TaskAttempt(1, 2, "b:2", 1_005, 7, TaskAttempt.Outcome.FAILED, "reset"),
                new TaskAttempt(2, 1, "a:1", 1_050, 0, TaskAttempt.Outcome.REJECTED, "busy"));
        JsonNode events = new ObjectMapper().readTree(ChromeTrace.json("7", attempts)).get("traceEvents");
        assertEquals(6, events.size()); // process name, 2 thread names, 3 attempts
        assertEquals("node a:1", events.get(1).get("args").get("name").asText());
        JsonNode second = events.get(4);
        assertEquals("X", second.get("ph").asText());
        assertEquals(2, second.get("tid").asInt());
        assertEquals(5_000, second.get("ts").asLong());
        assertEquals(7_000, second.get("dur").asLong());
        assertEquals("reset", second.get("args").get("detail").asText());
        JsonNode third = events.get(5);
        assertEquals(1, third.get("tid").asInt());
        assertEquals(50_000, third.get("ts").asLong());
        assertEquals(1_000, third.get("dur").asLong(), "a zero-length attempt still shows");
        assertEquals("rejected", third.get("cat").asText());
    }
}
