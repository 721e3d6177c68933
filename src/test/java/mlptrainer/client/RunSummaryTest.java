package mlptrainer.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.NodeStat;
import org.junit.jupiter.api.Test;

class RunSummaryTest {
    private static String summary(List<NodeStat> nodes) {
        JobStatus s = new JobStatus("2", JobState.FAILED, 0, 3, 0, 4, 0, 0, List.of(), List.of(), 10L, List.of(),
                nodes);
        StringWriter text = new StringWriter();
        RunSummary.print(WireMapping.job(s), new PrintWriter(text));
        return text.toString();
    }

    @Test
    void printsOneRowPerNodeTheJobReports() {
        NodeStat down = new NodeStat("127.0.0.1:9092", false, 0, 1, 2, 0);
        down.setLast_error("connection refused");
        String out = summary(List.of(new NodeStat("127.0.0.1:9091", true, 12, 0, 0, 340), down));
        assertTrue(out.contains("127.0.0.1:9091           yes        12         0       0         340"), out);
        assertTrue(out.contains("127.0.0.1:9092            no         0         1       2           0"
                + "  last error: connection refused"), out);
    }

    @Test
    void saysSoWhenNoNodeWasOfferedATaskOfTheJob() {
        String out = summary(List.of());
        assertTrue(out.contains("no compute node was offered a task of this job"), out);
        assertFalse(out.contains("accepted"), out);
    }
}
