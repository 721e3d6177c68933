package mlptrainer.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import mlptrainer.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summary, the metrics file and the progress lines of one status with every field set, byte
 * for byte as the client wrote them when its views read the wire types directly (the files under
 * src/test/resources/mlptrainer/client were written by that code; metrics.json was rewritten for
 * version 3 of the metrics file, with the run's provenance).
 */
class ClientOutputsTest {
    @TempDir
    Path tmp;

    private static String expected(String name) throws IOException {
        try (InputStream in = ClientOutputsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\n", System.lineSeparator());
        }
    }

    private static JobSnapshot finished() {
        return WireMapping.job(WireMappingTest.finishedStatus());
    }

    @Test
    void theSummaryIsUnchanged() throws IOException {
        StringWriter text = new StringWriter();
        RunSummary.print(finished(), new PrintWriter(text));
        assertEquals(expected("summary.txt"), text.toString());
    }

    @Test
    void theMetricsFileIsUnchanged() throws IOException {
        Path file = tmp.resolve("m.json");
        RunProvenance run = new RunProvenance("127.0.0.1:9090", "accurate", Instant.parse("2026-12-06T21:00:00Z"));
        run.roundReceived(1, Instant.parse("2026-12-06T21:00:00.500Z"));
        MetricsFile.write(finished(), run, Instant.parse("2026-12-06T21:00:01.250Z"), file);
        String written = Files.readString(file).replace(Version.get(), "VERSION");
        assertEquals(expected("metrics.json"), written);
    }

    @Test
    void theRoundLinesAreUnchanged() throws IOException {
        StringWriter text = new StringWriter();
        JobSnapshot s = finished();
        try (PlainProgress view = new PlainProgress(new PrintWriter(text))) {
            s.roundsDone().forEach(r -> view.roundDone(r, s.rounds()));
        }
        assertEquals(expected("plain-progress.txt"), text.toString());
    }
}
