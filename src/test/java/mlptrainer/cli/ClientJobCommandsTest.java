package mlptrainer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: the client's job commands (jobs, attach, cancel, model, metrics), status --json, --trace,
 * and the client saying where it wrote each file, against a loopback cluster.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientJobCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path root;
    private TestCluster cluster;
    private String port;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.withData(root);
        cluster.nodes(2).coordinator(1);
        port = String.valueOf(cluster.coordinatorPort());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private CliRun client(String... args) {
        return CliRun.of(new ClientCommand(), args);
    }

    private CliRun train(String... extra) {
        List<String> args = new ArrayList<>(List.of(TestCluster.HOST, port, TestCluster.DIR, "3", "5", "5", "0.001",
                "--k", "3"));
        args.addAll(List.of(extra));
        return client(args.toArray(String[]::new));
    }

    private static String jobId(CliRun run) {
        Matcher m = Pattern.compile("^job (\\S+) started", Pattern.MULTILINE).matcher(run.out());
        assertTrue(m.find(), run.out());
        return m.group(1);
    }

    private static String finalLine(CliRun run) {
        String[] lines = run.outLines();
        return lines[lines.length - 1];
    }

    @Test
    void aFinishedJobIsListedAttachedToAndItsModelAndMetricsFetchedAsTheRunWroteThem() throws Exception {
        Path model = root.resolve("run.model");
        Path metrics = root.resolve("run.json");
        Path trace = root.resolve("trace.json");
        CliRun run = train("--save-model", model.toString(), "--metrics", metrics.toString(), "--trace",
                trace.toString());
        assertEquals(0, run.exitCode(), run.err());
        String id = jobId(run);
        for (String what : List.of("wrote metrics to " + metrics.toAbsolutePath(), "wrote the trace to "
                + trace.toAbsolutePath(), "wrote the model to " + model.toAbsolutePath())) {
            assertTrue(run.out().contains(what + System.lineSeparator()), what + " in:\n" + run.out());
        }
        JsonNode events = JSON.readTree(trace.toFile()).get("traceEvents");
        long attempts = 0;
        for (JsonNode e : events) {
            attempts += "X".equals(e.get("ph").asText()) ? 1 : 0;
        }
        assertTrue(attempts >= 3 * 3, "3 rounds of 3 shards: " + attempts + " attempts");

        CliRun jobs = client("jobs", TestCluster.HOST, port);
        assertEquals(0, jobs.exitCode(), jobs.err());
        assertTrue(Pattern.compile("^\\s*" + id + "\\s+succeeded\\s+data\\s+3/3\\s+\\d\\.\\d{4} \\(round \\d\\)\\s+"
                + "\\d\\.\\d{4}\\s+\\d+:\\d\\d$", Pattern.MULTILINE).matcher(jobs.out()).find(), jobs.out());

        Path attachedMetrics = root.resolve("attached.json");
        CliRun attach = client("attach", TestCluster.HOST, port, id, "--metrics", attachedMetrics.toString());
        assertEquals(0, attach.exitCode(), attach.err());
        assertEquals(finalLine(run), finalLine(attach));
        assertEquals(JSON.readTree(metrics.toFile()).get("rounds"), JSON.readTree(attachedMetrics.toFile()).get("rounds"));

        Path fetched = root.resolve("fetched.model");
        CliRun modelRun = client("model", TestCluster.HOST, port, id, fetched.toString());
        assertEquals(0, modelRun.exitCode(), modelRun.err());
        assertEquals("wrote job " + id + "'s model to " + fetched.toAbsolutePath(), modelRun.out().strip());
        assertArrayEquals(Files.readAllBytes(model), Files.readAllBytes(fetched), "the format of --save-model");

        Path fetchedMetrics = root.resolve("fetched.json");
        assertEquals(0, client("metrics", TestCluster.HOST, port, id, fetchedMetrics.toString()).exitCode());
        JsonNode m = JSON.readTree(fetchedMetrics.toFile());
        assertEquals(JSON.readTree(metrics.toFile()).get("rounds"), m.get("rounds"));
        assertEquals(JSON.readTree(metrics.toFile()).get("final_error"), m.get("final_error"));

        CliRun cancel = client("cancel", TestCluster.HOST, port, id);
        assertEquals("job " + id + " already succeeded; nothing to cancel", cancel.out().strip());
    }

    @Test
    void statusJsonListsTheJobsWithTheirErrors() throws Exception {
        CliRun run = train();
        String id = jobId(run);
        CliRun status = CliRun.of(new StatusCommand(), TestCluster.HOST, port, "--json");
        assertEquals(0, status.exitCode(), status.err());
        JsonNode json = JSON.readTree(status.out());
        assertEquals("mlp-trainer-status", json.get("format").asText());
        assertEquals(2, json.get("nodes").size());
        JsonNode job = json.get("jobs").get(0);
        assertEquals(id, job.get("job_id").asText());
        assertEquals("SUCCEEDED", job.get("state").asText());
        assertEquals(finalLine(run), String.format("Final validation error: %.4f", job.get("final_error").asDouble()));
        assertEquals(job.get("final_error"), job.get("last_error"));
        assertEquals("data", job.get("request").get("dir").asText());
    }

    @Test
    void anUnknownJobIsOneLineNamingTheIdAndTheCoordinator() {
        for (String command : List.of("attach", "cancel", "metrics", "model")) {
            List<String> args = new ArrayList<>(List.of(command, TestCluster.HOST, port, "42"));
            if (command.equals("metrics") || command.equals("model")) {
                args.add(root.resolve("out").toString());
            }
            CliRun run = client(args.toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, run.exitCode(), command);
            assertEquals(command + ": no job 42 on " + TestCluster.HOST + ":" + port, run.err().strip());
        }
    }

    @Test
    void cancelStopsARunningJobAndItsModelIsThenRefused() throws Exception {
        String id;
        try (CoordinatorClient c = cluster.client()) {
            id = c.startJob(TestCluster.DIR, 100_000, 5, 5, 3, 0.001, Map.of());
            TestCluster.awaitRound(c, id, 1);
            CliRun model = client("model", TestCluster.HOST, port, id, root.resolve("m.model").toString());
            assertEquals(ExitCodes.FAILED, model.exitCode());
            assertTrue(model.err().contains("is still running"), model.err());

            CliRun cancel = client("cancel", TestCluster.HOST, port, id);
            assertEquals(0, cancel.exitCode(), cancel.err());
            assertTrue(cancel.out().startsWith("job " + id + " cancelled after round "), cancel.out());
            assertEquals(JobState.CANCELLED, c.status(id).getState());
        }
        CliRun model = client("model", TestCluster.HOST, port, id, root.resolve("m.model").toString());
        assertEquals(ExitCodes.FAILED, model.exitCode());
        assertEquals(1, model.err().strip().lines().count(), model.err());
        assertTrue(model.err().startsWith("model: job " + id + " cancelled: it has no trained model"), model.err());
    }

    @Test
    void aDirectoryNamedLikeACommandAfterTheAddressIsRefusedWithTheWayToNameIt() {
        CliRun run = client(TestCluster.HOST, port, "model", "3", "5", "5", "0.001");
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals("model: 'model' is a client command and must come first; to train on a directory named model,"
                + " write ./model", run.err().strip());
    }
}
