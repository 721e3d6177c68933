package mlptrainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import mlptrainer.Version;
import mlptrainer.client.RoundLog;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's --log-rounds CSV and --metrics JSON of a real job on an in-process cluster agree. */
class ClientRunRecordsTest {
    private static final int ROUNDS = 3;

    @TempDir
    Path tmp;
    private TestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.withData(tmp).nodes(2);
        cluster.coordinator(1);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void theCsvHasALinePerRoundAndTheJsonTheRunsProvenanceAndTypedSettings() throws Exception {
        Path csv = tmp.resolve("rounds.csv");
        Path json = tmp.resolve("metrics.json");
        Instant before = Instant.now();
        String coordinator = TestCluster.HOST + ":" + cluster.coordinatorPort();
        CliRun run = CliRun.of(new ClientCommand(), TestCluster.HOST, Integer.toString(cluster.coordinatorPort()),
                TestCluster.DIR, Integer.toString(ROUNDS), "5", "5", "0.01", "--k", "3", "--preset", "accurate",
                "--set", "batch_size=8", "--log-rounds", csv.toString(), "--metrics", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode m = new ObjectMapper().readTree(json.toFile());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(RoundLog.HEADER, lines.get(0));
        assertEquals(ROUNDS + 1, lines.size(), lines.toString());
        for (int r = 1; r <= ROUNDS; r++) {
            String[] cells = lines.get(r).split(",");
            JsonNode round = m.get("rounds").get(r - 1);
            assertEquals(r, Integer.parseInt(cells[0]));
            assertEquals(round.get("validation_error").asDouble(), Double.parseDouble(cells[1]));
            assertEquals(round.get("mean_training_error").asDouble(), Double.parseDouble(cells[2]));
            assertEquals(round.get("elapsed_ms").asLong(), Long.parseLong(cells[3]));
            assertEquals(round.get("epochs_run").asInt(), Integer.parseInt(cells[4]));
            assertEquals(round.get("ended_at").asText(), cells[5], "the CSV's time is the JSON's ended_at");
        }
        assertEquals(coordinator, m.get("coordinator").asText());
        assertEquals("accurate", m.get("preset").asText());
        assertEquals(Version.get(), m.get("software_version").asText());
        Instant started = Instant.parse(m.get("started_at").asText());
        Instant firstRound = Instant.parse(m.get("rounds").get(0).get("ended_at").asText());
        Instant finished = Instant.parse(m.get("finished_at").asText());
        assertFalse(started.isBefore(before) || firstRound.isBefore(started) || finished.isBefore(firstRound),
                started + " " + firstRound + " " + finished);
        JsonNode settings = m.get("request").get("settings");
        assertTrue(settings.get("standardize").isBoolean(), settings.toString());
        assertEquals(8, settings.get("batch_size").asInt());
        assertTrue(settings.get("batch_size").isIntegralNumber(), settings.toString());
        assertTrue(settings.get("weight_decay").isNumber(), settings.toString());
        assertEquals("momentum", settings.get("optimizer").asText());
    }
}
