package mlptrainer.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.RoundStat;
import org.junit.jupiter.api.Test;

/** The bar fits the terminal, and its time left is the whole job's, with fake widths, clocks and statuses. */
class BarFitAndTimeLeftTest {
    /** A running job of {@code rounds} rounds whose ended rounds took these times, {@code elapsedMs} in all. */
    private static JobSnapshot job(int rounds, long elapsedMs, int tasksDone, long... roundMs) {
        List<RoundStat> ended = new ArrayList<>();
        for (int i = 0; i < roundMs.length; i++) {
            ended.add(new RoundStat(i + 1, 0.5, 0.5, roundMs[i], 1));
        }
        return WireMapping.job(new JobStatus("1", JobState.RUNNING, roundMs.length, rounds, tasksDone, 4, 0, 0,
                List.of(), ended, elapsedMs, List.of(), List.of()));
    }

    @Test
    void columnsComeFromColumnsThenTheTerminalThenDefaultTo80() {
        assertEquals(60, BarProgress.columns(Map.of("COLUMNS", "60"), () -> 200));
        assertEquals(132, BarProgress.columns(Map.of("COLUMNS", "wide"), () -> 132));
        assertEquals(132, BarProgress.columns(Map.of(), () -> 132));
        assertEquals(80, BarProgress.columns(Map.of(), () -> 0));
        assertEquals(80, BarProgress.columns(Map.of("COLUMNS", "3"), () -> {
            throw new IllegalStateException("no terminal");
        }));
    }

    @Test
    void everyDrawnLineFitsAnEightyColumnTerminal() {
        StringWriter text = new StringWriter();
        AtomicLong clock = new AtomicLong();
        try (BarProgress view = new BarProgress(new PrintWriter(text), 80, clock::get)) {
            for (int done = 0; done <= 4; done++) {
                clock.addAndGet(1_000);
                view.status(job(100, 5_000 + done * 1_000L, done, 5_000));
            }
            view.roundDone(WireMapping.round(new RoundStat(2, 0.25, 0.5, 4_000, 4)), 100);
        }
        String out = text.toString();
        assertTrue(out.contains("round 2/100") && out.contains(" tasks"), "the bar was drawn: " + out);
        for (String drawn : out.split("[\r\n]")) {
            assertTrue(drawn.length() < 80, drawn.length() + " columns: '" + drawn + "'");
        }
    }

    @Test
    void theTimeLeftIsTheRoundsStillToRunTimesTheMeanRoundTime() {
        // 3 of 10 rounds ended in 2, 4 and 3 s (mean 3 s); the fourth has run 1 s: 2 s + 6 x 3 s left
        assertEquals(OptionalLong.of(20_000), JobTimeLeft.millisLeft(job(10, 10_000, 1, 2_000, 4_000, 3_000)));
        // a round running longer than the mean adds nothing for itself
        assertEquals(OptionalLong.of(18_000), JobTimeLeft.millisLeft(job(10, 14_000, 1, 2_000, 4_000, 3_000)));
        // before any round ended: the first round from its share of tasks done (1 of 4 in 2 s: 8 s a round)
        assertEquals(OptionalLong.of(6_000 + 4 * 8_000), JobTimeLeft.millisLeft(job(5, 2_000, 1)));
        assertEquals(OptionalLong.empty(), JobTimeLeft.millisLeft(job(5, 2_000, 0)));
    }

    @Test
    void theEstimateIsRefinedAsRoundsEndAndCountsDownBetweenStatuses() {
        AtomicLong clock = new AtomicLong(1_000_000);
        JobTimeLeft left = new JobTimeLeft(clock::get);
        assertEquals(Optional.empty(), left.now());

        left.update(job(4, 2_000, 0, 2_000));
        assertEquals(Optional.of(Duration.ofMillis(6_000)), left.now());
        clock.addAndGet(1_500);
        assertEquals(Optional.of(Duration.ofMillis(4_500)), left.now());

        left.update(job(4, 6_000, 0, 2_000, 4_000));
        assertEquals(Optional.of(Duration.ofMillis(6_000)), left.now(), "mean now 3 s, 2 rounds to go");
        clock.addAndGet(60_000);
        assertEquals(Optional.of(Duration.ZERO), left.now(), "never below nothing");
    }
}
