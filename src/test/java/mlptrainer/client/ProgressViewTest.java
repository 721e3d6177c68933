package mlptrainer.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.RoundStat;
import org.junit.jupiter.api.Test;

class ProgressViewTest {
    private static JobSnapshot running(int round, int done) {
        return WireMapping.job(new JobStatus("1", JobState.RUNNING, round, 2, done, 3, 0, 0, List.of(), List.of(), 10L,
                List.of(), List.of()));
    }

    @Test
    void plainPrintsOneLinePerRoundAndNothingElse() {
        StringWriter text = new StringWriter();
        try (PlainProgress view = new PlainProgress(new PrintWriter(text))) {
            view.status(running(0, 1));
            view.roundDone(WireMapping.round(new RoundStat(1, 0.25, 0.5, 812, 4)), 2);
            view.status(running(1, 2));
        }
        assertEquals("round 1/2: validation error 0.2500, mean training error 0.5000, 812 ms"
                + System.lineSeparator(), text.toString());
    }

    @Test
    void barEndsWithTheRoundsPlainLine() {
        StringWriter text = new StringWriter();
        try (BarProgress view = new BarProgress(new PrintWriter(text))) {
            view.status(running(0, 1));
            view.status(running(0, 3));
            view.roundDone(WireMapping.round(new RoundStat(1, 0.25, 0.5, 812, 4)), 2);
            view.status(running(1, 3));
        }
        String out = text.toString();
        assertTrue(out.contains("round 1/2"), out);
        assertTrue(!out.contains("round 2/2"), "no bar from the finished round's counters: " + out);
        assertTrue(out.strip().endsWith("round 1/2: validation error 0.2500, mean training error 0.5000, 812 ms"),
                out);
    }
}
