package mlptrainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.testing.TestCluster;
import mlptrainer.testing.TestData;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.NodeStat;
import mlptrainer.rpc.gen.RoundStat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against an in-process coordinator and node: output, metrics, plot and saved models. */
class ClientCommandTest {
    private static final Pattern JOB = Pattern.compile("job (\\S+) started: .*");
    private static final Pattern ROUND = Pattern.compile("round (\\d+)/3: validation error \\d\\.\\d{4}, mean training"
            + " error \\d\\.\\d{4}, \\d+ ms");

    @TempDir
    Path tmp;
    private static final String DIR = "letters";
    private TestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        TestData.writeLetters(tmp.resolve(DIR));
        cluster = new TestCluster(tmp).nodes(1);
        cluster.coordinator(1);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private CliRun train(String... extra) {
        String[] base = {"127.0.0.1", Integer.toString(cluster.coordinatorPort()), DIR, "3", "20", "16", "0.002"};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(new ClientCommand(), args);
    }

    private JobStatus statusOf(String jobId) throws Exception {
        try (CoordinatorClient c = CoordinatorClient.connect("127.0.0.1", cluster.coordinatorPort(), "")) {
            return c.awaitStatus(jobId);
        }
    }

    @Test
    void notOnATerminalPrintsPlainLinesAndTheFinalErrorLast() throws Exception {
        CliRun run = train("--progress=auto");
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.out().contains("\r"), "no bar redraws in a pipe");
        String[] lines = run.outLines();
        assertTrue(JOB.matcher(lines[0]).matches(), lines[0]);
        for (int r = 1; r <= 3; r++) {
            Matcher m = ROUND.matcher(lines[r]);
            assertTrue(m.matches(), lines[r]);
            assertEquals(r, Integer.parseInt(m.group(1)));
        }
        assertTrue(run.out().contains("Summary of job"), run.out());
        assertTrue(lines[lines.length - 1].matches("Final validation error: \\d\\.\\d{4}"), lines[lines.length - 1]);
    }

    @Test
    void metricsAgreeWithTheCoordinatorAndPlotIsAnImage() throws Exception {
        Path metrics = tmp.resolve("m.json");
        Path plot = tmp.resolve("curve.png");
        CliRun run = train("--metrics", metrics.toString(), "--plot", plot.toString());
        assertEquals(0, run.exitCode(), run.err());
        Matcher job = JOB.matcher(run.outLines()[0]);
        assertTrue(job.matches());
        JobStatus s = statusOf(job.group(1));
        assertEquals(JobState.SUCCEEDED, s.getState());

        JsonNode json = new ObjectMapper().readTree(metrics.toFile());
        assertEquals("mlp-trainer-metrics", json.get("format").asText());
        assertEquals(s.getFinal_error(), json.get("final_error").asDouble());
        assertEquals(s.getBest_round(), json.get("best_round").asInt());
        assertEquals(s.getBest_error(), json.get("best_error").asDouble());
        assertEquals(s.getRejections(), json.get("rejections").asInt());
        assertEquals(s.getRetries(), json.get("retries").asInt());
        assertEquals(3, json.get("request").get("rounds").asInt());
        assertEquals(s.getRequest().getEta(), json.get("request").get("eta").asDouble());
        assertEquals(0.002, json.get("request").get("eta").asDouble());
        assertRoundsAgree(s.getRounds_done(), json.get("rounds"));
        assertNodesAgree(s.getNodes(), json.get("nodes"));

        BufferedImage image = ImageIO.read(plot.toFile());
        assertTrue(image != null && image.getWidth() > 100 && image.getHeight() > 100);
    }

    private static void assertRoundsAgree(List<RoundStat> rounds, JsonNode json) {
        assertEquals(rounds.size(), json.size());
        for (int i = 0; i < rounds.size(); i++) {
            RoundStat r = rounds.get(i);
            JsonNode j = json.get(i);
            assertEquals(r.getRound(), j.get("round").asInt());
            assertEquals(r.getValidation_error(), j.get("validation_error").asDouble());
            assertEquals(r.getMean_training_error(), j.get("mean_training_error").asDouble());
            assertEquals(r.getElapsed_ms(), j.get("elapsed_ms").asLong());
            assertEquals(r.getEpochs_run(), j.get("epochs_run").asInt());
        }
    }

    private static void assertNodesAgree(List<NodeStat> nodes, JsonNode json) {
        assertEquals(nodes.size(), json.size());
        for (int i = 0; i < nodes.size(); i++) {
            NodeStat n = nodes.get(i);
            JsonNode j = json.get(i);
            assertEquals(n.getNode(), j.get("node").asText());
            assertEquals(n.isUp(), j.get("up").asBoolean());
            assertEquals(n.getTasks_accepted(), j.get("tasks_accepted").asInt());
            assertEquals(n.getTasks_rejected(), j.get("tasks_rejected").asInt());
            assertEquals(n.getTasks_failed(), j.get("tasks_failed").asInt());
            assertEquals(n.getBusy_ms(), j.get("busy_ms").asLong());
        }
    }

    @Test
    void savedModelsReproduceTheirValidationErrorsExactly() throws Exception {
        Path last = tmp.resolve("last.model");
        Path best = tmp.resolve("best.model");
        CliRun run = train("--save-model", last.toString(), "--save-best", best.toString());
        assertEquals(0, run.exitCode(), run.err());
        Matcher job = JOB.matcher(run.outLines()[0]);
        assertTrue(job.matches());
        JobStatus s = statusOf(job.group(1));

        assertEquals(s.getFinal_error(), evaluatedError(last));
        assertEquals(s.getBest_error(), evaluatedError(best));

        CliRun predict = CliRun.of(new PredictCommand(), last.toString(), tmp.resolve(DIR).resolve("validate_letters.txt").toString());
        assertEquals(0, predict.exitCode(), predict.err());
        assertEquals(60, predict.outLines().length);
        assertTrue(Arrays.stream(predict.outLines()).allMatch(l -> l.matches("[A-Z]")), predict.out());
    }

    private double evaluatedError(Path model) {
        CliRun eval = CliRun.of(new EvaluateCommand(), model.toString(), tmp.resolve(DIR).resolve("validate_letters.txt").toString());
        assertEquals(0, eval.exitCode(), eval.err());
        Matcher m = Pattern.compile("error rate: (\\S+) .*").matcher(eval.outLines()[0]);
        assertTrue(m.matches(), eval.outLines()[0]);
        assertEquals(28, eval.outLines().length, eval.out());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void statusListsTheNodeAndTheJob() {
        assertEquals(0, train().exitCode());
        CliRun status = CliRun.of(new StatusCommand(), "127.0.0.1", Integer.toString(cluster.coordinatorPort()));
        assertEquals(0, status.exitCode(), status.err());
        assertTrue(status.out().contains("127.0.0.1:"), status.out());
        assertTrue(status.out().contains("succeeded: round 3/3"), status.out());
    }

    @Test
    void anOutputInAMissingDirectoryIsRefusedBeforeTraining() {
        CliRun run = train("--metrics", tmp.resolve("no/such/dir/m.json").toString());
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("does not exist"), run.err());
        assertEquals("", run.out());
    }
}
