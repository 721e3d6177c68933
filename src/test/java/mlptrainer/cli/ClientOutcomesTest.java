package mlptrainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the client prints and writes when its job fails, and the best round and provenance when it succeeds. */
class ClientOutcomesTest {
    @TempDir
    Path root;
    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private CliRun train(String... extra) {
        List<String> args = new ArrayList<>(List.of(TestCluster.HOST,
                String.valueOf(cluster.coordinatorPort()), TestCluster.DIR, "3", "5", "5", "0.001", "--k", "3"));
        args.addAll(List.of(extra));
        return CliRun.of(new ClientCommand(), args.toArray(String[]::new));
    }

    @Test
    void aFailedJobPrintsItsSummaryWritesItsMetricsAndExits1WithTheCoordinatorsReason() throws Exception {
        cluster = TestCluster.withData(root);
        cluster.deadNode();
        // the job fails once no node can take a task: the dead node never comes up
        cluster.coordinator(1, TestCluster.scheduler(5_000, 1_000));
        Path metrics = root.resolve("m.json");
        CliRun run = train("--metrics", metrics.toString());

        assertEquals(ExitCodes.FAILED, run.exitCode(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().strip().matches("client: job \\S+ failed: .*connection refused.* \\(the coordinator's log"
                + " has the details\\)"), run.err());
        assertTrue(run.out().contains("Summary of job "), run.out());
        assertTrue(Pattern.compile("^Summary of job \\S+ \\(failed, \\d+ ms, ", Pattern.MULTILINE)
                .matcher(run.out()).find(), run.out());
        assertFalse(run.out().contains("Final validation error"), run.out());
        JsonNode json = new ObjectMapper().readTree(metrics.toFile());
        assertEquals("FAILED", json.get("state").asText());
        assertTrue(json.get("final_error").isNull(), json.toString());
        assertEquals(0, json.get("rounds").size());
    }

    @Test
    void aSucceededJobNamesItsBestRoundAndSavesItWithItsProvenance() throws Exception {
        cluster = TestCluster.withData(root);
        cluster.nodes(1).coordinator(1);
        Path best = root.resolve("best.model");
        Path metrics = root.resolve("m.json");
        CliRun run = train("--save-best", best.toString(), "--metrics", metrics.toString(), "--set",
                "early_stop=false");

        assertEquals(0, run.exitCode(), run.err());
        String[] lines = run.outLines();
        assertTrue(lines[0].matches("job \\S+ started: dir data, rounds 3, epochs 5, h 5, eta 0\\.001, "
                + "\\{early_stop=false\\}"), lines[0]);
        JsonNode json = new ObjectMapper().readTree(metrics.toFile());
        int bestRound = json.get("best_round").asInt();
        double bestError = json.get("best_error").asDouble();
        assertEquals(String.format("Best validation error: %.4f (round %d of 3)", bestError, bestRound),
                lines[lines.length - 2]);
        List<String> model = Files.readAllLines(best);
        Matcher id = Pattern.compile("job (\\S+) started: (.*)").matcher(lines[0]);
        assertTrue(id.matches());
        assertEquals("# trained by mlp-trainer job " + id.group(1) + ": " + id.group(2), model.get(1));
        assertEquals("# best round " + bestRound + ", validation error " + bestError, model.get(2));
    }

    @Test
    void legacyWithAnOutputIsRefusedBeforeConnecting() {
        CliRun run = CliRun.of(new ClientCommand(), TestCluster.HOST, "9090", TestCluster.DIR, "3", "5", "5", "0.001",
                "--legacy", "--plot", root.resolve("c.png").toString());
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("client: --legacy cannot give --plot, --metrics, --save-model or --save-best"),
                run.err());
        assertEquals("", run.out());
    }
}
