package mlptrainer.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import mlptrainer.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics file's typed settings and provenance, and the per-round CSV of --log-rounds. */
class RunRecordsTest {
    private static final Instant START = Instant.parse("2026-12-06T21:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void settingsAreWrittenAsTheJsonValuesTheyReadAs() {
        assertTrue(MetricsFile.typed("true").isBoolean() && MetricsFile.typed("true").booleanValue());
        assertTrue(MetricsFile.typed("false").isBoolean() && !MetricsFile.typed("false").booleanValue());
        assertTrue(MetricsFile.typed("32").isIntegralNumber());
        assertEquals(32, MetricsFile.typed("32").longValue());
        assertEquals("0.0005", MetricsFile.typed("0.0005").decimalValue().toPlainString());
        assertEquals(-1.5e-3, MetricsFile.typed("-1.5e-3").doubleValue());
        for (String text : List.of("adam", "NaN", "Infinity", "01", "1.", ".5", "True", "0x10", "1_000", "")) {
            assertTrue(MetricsFile.typed(text).isTextual(), text);
            assertEquals(text, MetricsFile.typed(text).textValue());
        }
        // beyond a long: still a number, exactly as typed
        assertEquals("123456789012345678901234567890", MetricsFile.typed("123456789012345678901234567890")
                .decimalValue().toPlainString());
    }

    @Test
    void theFileSaysWhereWhenAndWithWhatVersionTheRunRan() {
        JobSnapshot s = WireMapping.job(WireMappingTest.finishedStatus());
        RunProvenance run = new RunProvenance("coord.example:9090", null, START);
        RoundResult first = s.roundsDone().get(0);
        run.roundReceived(first.round(), START.plusSeconds(2));
        run.roundReceived(first.round(), START.plusSeconds(3)); // a later report of the same round does not count
        JsonNode json = MetricsFile.toJson(s, run, START.plusSeconds(9));
        assertEquals(3, json.get("version").asInt());
        assertEquals(Version.get(), json.get("software_version").asText());
        assertEquals("coord.example:9090", json.get("coordinator").asText());
        assertTrue(json.get("preset").isNull(), "no --preset given");
        assertEquals(START, Instant.parse(json.get("started_at").asText()));
        assertEquals(START.plusSeconds(9), Instant.parse(json.get("finished_at").asText()));
        JsonNode rounds = json.get("rounds");
        assertEquals(START.plusSeconds(2), Instant.parse(rounds.get(0).get("ended_at").asText()));
        assertTrue(rounds.get(1).get("ended_at").isNull(), "a round the client never saw end has no time");
    }

    @Test
    void eachRoundAppendsOneLineAtOnceAndTheHeaderOnlyToANewFile() throws Exception {
        Path csv = tmp.resolve("rounds.csv");
        RunProvenance run = new RunProvenance("h:1", null, START);
        Recording view = new Recording();
        Clock clock = Clock.fixed(START.plusMillis(1500), ZoneOffset.UTC);
        try (RoundLog log = new RoundLog(view, run, csv, clock)) {
            log.roundDone(new RoundResult(1, 0.25, 0.375, 120, 50), 2);
            assertEquals(List.of(RoundLog.HEADER, "1,0.25,0.375,120,50,2026-12-06T21:00:01.500Z"),
                    Files.readAllLines(csv), "written as the round ends, not at the end");
        }
        try (RoundLog again = new RoundLog(new Recording(), run, csv, clock)) {
            again.roundDone(new RoundResult(2, 0.123456789012345, 0.2, 90, 50), 2);
        }
        List<String> lines = Files.readAllLines(csv);
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("2,0.123456789012345,0.2,90,50,2026-12-06T21:00:01.500Z", lines.get(2));
        assertEquals(List.of(1), view.rounds, "the view behind it still shows the round");
        assertEquals(START.plusMillis(1500), run.roundReceivedAt(1).orElseThrow());
    }

    @Test
    void aFileThatCannotBeWrittenStopsTheLogNotTheRun() {
        Path notAFile = tmp; // a directory: every append fails
        RunProvenance run = new RunProvenance("h:1", null, START);
        Recording view = new Recording();
        try (RoundLog log = new RoundLog(view, run, notAFile)) {
            log.roundDone(new RoundResult(1, 0.5, 0.5, 1, 1), 2);
            log.roundDone(new RoundResult(2, 0.4, 0.4, 1, 1), 2);
        }
        assertEquals(List.of(1, 2), view.rounds);
        assertTrue(run.roundReceivedAt(2).isPresent());
        assertFalse(Files.isRegularFile(notAFile));
    }

    /** A view that remembers the rounds it was shown. */
    private static final class Recording implements ProgressView {
        final List<Integer> rounds = new ArrayList<>();

        @Override
        public void status(JobSnapshot status) {
        }

        @Override
        public void roundDone(RoundResult round, int rounds) {
            this.rounds.add(round.round());
        }

        @Override
        public void close() {
        }
    }
}
