package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import mlptrainer.SizeLimits;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.data.DataRoot;
import mlptrainer.data.DatasetCache;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.Security;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace a job_trace call sends is bounded: a node's long error text is shown shortened, a
 * trace longer than the bound keeps its first attempts and says so, a trace the heap cannot
 * build is refused with the figures, and one of megabytes reaches the client.
 */
class JobTraceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 1000;
    @TempDir
    Path root;

    private JobManager jobs(long heapBytes) {
        DataRoot dataRoot = new DataRoot(root);
        return new JobManager(new CoordinatorContext(null, SchedulingPolicy.of(1, 0), new NodeClient(1_000,
                RpcLimits.forNodeReplies(TestCluster.MAX_HIDDEN), Security.NONE), null, SchedulerOptions.DEFAULTS,
                dataRoot, new DatasetCache(dataRoot, 8), TestCluster.MAX_HIDDEN, null,
                new MemoryBudget(heapBytes, 0), null));
    }

    private static JobRun runWithAttempts(String detail) {
        JobRun run = new JobRun("7", JobSpec.course("data", 100, 1, 2, 3, 0.1));
        for (int i = 0; i < ATTEMPTS; i++) {
            run.progress().attemptEnded(new TaskAttempt(i / 10 + 1, i % 10 + 1, "127.0.0.1:" + (9000 + i % 3),
                    1_000_000L + i, 5, TaskAttempt.Outcome.FAILED, detail));
        }
        return run;
    }

    private static int completeEvents(JsonNode trace) {
        int n = 0;
        for (JsonNode e : trace.get("traceEvents")) {
            n += "X".equals(e.get("ph").asText()) ? 1 : 0;
        }
        return n;
    }

    @Test
    void aTraceWithinTheBoundHasEveryAttemptAndShortensLongDetails() throws Exception {
        JsonNode trace = JSON.readTree(jobs(1L << 30).trace(runWithAttempts("x".repeat(10_000)), 1L << 30));
        assertEquals(ATTEMPTS, completeEvents(trace));
        String detail = trace.get("traceEvents").get(2).get("args").get("detail").asText();
        assertTrue(detail.length() < 300 && detail.endsWith("(10000 chars)"), detail);
    }

    @Test
    void aLongerTraceKeepsItsFirstAttemptsWithinTheBoundAndSaysSo() throws Exception {
        JobRun run = runWithAttempts("refused");
        JobManager jobs = jobs(1L << 30);
        int full = jobs.trace(run, Long.MAX_VALUE).getBytes(StandardCharsets.UTF_8).length;
        String bounded = jobs.trace(run, full / 3);
        assertTrue(bounded.getBytes(StandardCharsets.UTF_8).length <= full / 3);
        JsonNode trace = JSON.readTree(bounded);
        int kept = completeEvents(trace);
        assertTrue(kept > 0 && kept < ATTEMPTS / 3, kept + " attempts");
        assertEquals("job 7 (its first " + kept + " of " + ATTEMPTS + " task attempts)",
                trace.get("traceEvents").get(0).get("args").get("name").asText());
        assertEquals(1, trace.get("traceEvents").get(2).get("args").get("round").asInt(), "the first attempts");
    }

    /** A trace of megabytes crosses the wire: the client reads replies beyond the 1 MiB other strings get. */
    @Test
    void aTraceOfMegabytesReachesTheClient() throws Exception {
        try (TestCluster cluster = TestCluster.withData(root); CoordinatorServer c = cluster.nodes(1).coordinator(1);
                CoordinatorClient client = cluster.client()) {
            String id = client.startJob(TestCluster.DIR, 100_000, 1, 5, 3, 0.001, Map.of());
            JobRun run = c.jobs().get(id);
            for (int i = 0; i < 3 * ATTEMPTS; i++) {
                run.progress().attemptEnded(new TaskAttempt(1, 1, "127.0.0.1:1", 1_000_000L + i, 5,
                        TaskAttempt.Outcome.FAILED, "y".repeat(400)));
            }
            String trace = client.trace(id);
            assertTrue(trace.length() > SizeLimits.FIELDS_BYTES, trace.length() + " chars");
            assertTrue(completeEvents(JSON.readTree(trace)) >= 3 * ATTEMPTS);
            client.cancel(id);
        }
    }

    @Test
    void aTraceTheHeapCannotBuildIsRefusedWithTheFigures() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> jobs(MemoryBudget.SERVER_BYTES + (1 << 20)).trace(runWithAttempts(""), Long.MAX_VALUE));
        assertTrue(e.getMessage().startsWith("job 7's trace of 1000 task attempts needs about 2.0 MB;"),
                e.getMessage());
    }
}
