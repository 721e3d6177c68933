package mlptrainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.client.ModelFile;
import mlptrainer.client.SavedModel;
import mlptrainer.coordinator.NodeAddress;
import mlptrainer.coordinator.SchedulerOptions;
import mlptrainer.data.DatasetManifest;
import mlptrainer.model.MlpWeights;
import mlptrainer.model.TrainingSettings;
import mlptrainer.rpc.RpcServer;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.NodeInfo;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.TaskResult;
import mlptrainer.rpc.gen.TrainResult;
import mlptrainer.rpc.gen.Weights;
import mlptrainer.testing.TestCluster;
import mlptrainer.testing.TestCluster.JobResult;
import mlptrainer.testing.TestData;
import org.apache.thrift.TApplicationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory of one's own, end to end on a loopback cluster: a dataset.json with string
 * labels over real-valued, negative features trains with d and k from the manifest, the saved
 * model keeps the label names, predict prints them and evaluate scores each; data of another
 * shape, labels or data set is refused in one line; and nodes that cannot read decimals (ours of
 * earlier versions, the original's) are never sent such a job's tasks.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OwnDataTest {
    private static final List<String> LABELS = List.of("cat", "dog", "owl");
    private static final int D = 5;
    private static final int SHARDS = 3;
    @TempDir
    Path root;
    private TestCluster cluster;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private DatasetManifest writeOwnData(String dir, List<String> labels, long seed) throws IOException {
        return TestData.writeRealValued(root.resolve(dir), labels, D, SHARDS, 60, seed);
    }

    private CliRun client(String dir, String... extra) {
        List<String> args = new ArrayList<>(List.of(TestCluster.HOST, String.valueOf(cluster.coordinatorPort()), dir,
                "4", "20", "6", "0.01", "--progress", "plain"));
        args.addAll(List.of(extra));
        return CliRun.of(new ClientCommand(), args.toArray(String[]::new));
    }

    private static double finalError(CliRun run) {
        Matcher m = Pattern.compile("Final validation error: ([0-9.]+)").matcher(run.out());
        assertTrue(m.find(), run.out());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aManifestDirectoryTrainsEndToEndAndPredictAndEvaluateUseItsLabelNames() throws Exception {
        DatasetManifest manifest = writeOwnData("own", LABELS, 1);
        cluster = new TestCluster(root).nodes(2);
        cluster.coordinator(1);
        Path model = root.resolve("own.model");
        CliRun train = client("own", "--save-model", model.toString()); // no --k: the manifest's 3
        assertEquals(0, train.exitCode(), train.err());
        double error = finalError(train);
        assertTrue(error < 0.2, "separable clusters are learnt: " + error);

        SavedModel saved = ModelFile.read(model, "own.model");
        assertEquals(LABELS, saved.labelNames());
        assertEquals(manifest.fingerprint(), saved.datasetFingerprint());
        assertEquals(D, saved.weights().inputs());
        assertTrue(Files.readAllLines(model).get(0).equals(ModelFile.HEADER), "a model with label names is version 2");

        Path validation = root.resolve("own/validate_letters.txt");
        CliRun predict = CliRun.of(new PredictCommand(), model.toString(), validation.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        assertEquals(60, predict.outLines().length);
        assertEquals(Set.copyOf(LABELS), new java.util.HashSet<>(List.of(predict.outLines())), "every label name is predicted, nothing else");

        CliRun evaluate = CliRun.of(new EvaluateCommand(), model.toString(), validation.toString());
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        String[] lines = evaluate.outLines();
        assertTrue(lines[0].startsWith("error rate: "), lines[0]);
        double evaluated = Double.parseDouble(lines[0].split(" ")[2]);
        assertEquals(error, evaluated, 0.00005, "evaluate agrees with the coordinator's validation error");
        for (int c = 0; c < LABELS.size(); c++) {
            assertTrue(lines[2 + c].trim().matches(LABELS.get(c) + " +20 +[01]\\.\\d{4}"), lines[2 + c]);
        }
    }

    @Test
    void aCsvWithAHeaderStringLabelsAndNegativeRealFeaturesIsPreparedTrainedAndPredictedByName() throws Exception {
        StringBuilder csv = new StringBuilder("width,\"depth (m)\",tilt,kind\n");
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int i = 0; i < 300; i++) {
            int c = i % LABELS.size();
            csv.append(String.format(java.util.Locale.ROOT, "%.3f,%.4f,%.2e,%s%n", -2.5 + 2.5 * c + random.nextDouble(),
                    1.75 - 1.5 * c + random.nextDouble() / 2, random.nextDouble() - 0.5, LABELS.get(2 - c)));
        }
        Path file = Files.writeString(root.resolve("kinds.csv"), csv);
        CliRun prepare = CliRun.of(new PrepareCommand(), file.toString(), root.resolve("kinds").toString(),
                "--shards", "3");
        assertEquals(0, prepare.exitCode(), prepare.err());
        cluster = new TestCluster(root).nodes(2);
        cluster.coordinator(1);
        Path model = root.resolve("kinds.model");
        CliRun train = client("kinds", "--save-model", model.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(finalError(train) < 0.2, "separable clusters are learnt: " + finalError(train));

        CliRun predict = CliRun.of(new PredictCommand(), model.toString(), root.resolve("kinds/validate_letters.txt")
                .toString());
        assertEquals(0, predict.exitCode(), predict.err());
        List<String> predicted = List.of(predict.outLines());
        assertEquals(60, predicted.size(), "20% of 300 rows validate");
        assertEquals(Set.copyOf(LABELS), Set.copyOf(predicted), "the CSV's label names are printed, nothing else");
    }

    @Test
    void anExplicitKOtherThanTheManifestsIsRefusedInOneLine() throws Exception {
        writeOwnData("own", LABELS, 1);
        cluster = new TestCluster(root).nodes(1);
        cluster.coordinator(1);
        CliRun run = client("own", "--k", "26");
        assertNotEquals(0, run.exitCode());
        assertTrue(run.err().contains("k 26 was asked, but own/dataset.json says k 3"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertEquals(0, client("own", "--k", "3").exitCode(), "the manifest's own k is accepted");
    }

    @Test
    void theOriginalsTrainCallGetsTheManifestsK() throws Exception {
        writeOwnData("own", LABELS, 1);
        cluster = new TestCluster(root).nodes(1);
        cluster.coordinator(1);
        try (CoordinatorClient c = cluster.client()) {
            double error = c.trainBlocking("own", 2, 5, 6, 26, 0.01); // the original's clients always send k 26
            assertTrue(error >= 0 && error <= 1, "trained: " + error);
        }
    }

    @Test
    void shardsOfAnotherShapeOrWithLabelsBeyondKFailNamingFileAndLine() throws Exception {
        Files.createDirectories(root.resolve("bad"));
        writeOwnData("shape", LABELS, 1);
        Files.writeString(root.resolve("shape/train_letters2.txt"), "\n0.5,-1.25,3,4,1\n");
        writeOwnData("labels", LABELS, 1);
        Files.writeString(root.resolve("labels/train_letters3.txt"), "0.5,-1.25,3,4,5,1\n0.5,-1.25,3,4,5,3\n");
        writeOwnData("stale", LABELS, 1);
        Files.writeString(root.resolve("stale/train_letters1.txt"), "0.5,-1.25,3,4,5,1\n",
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(root.resolve("bad/" + DatasetManifest.FILE_NAME), "{\"format\": \"other\"}",
                java.nio.file.StandardOpenOption.CREATE);
        cluster = new TestCluster(root).nodes(1);
        cluster.coordinator(1);
        try (CoordinatorClient c = cluster.client()) {
            InvalidRequest stale = assertThrows(InvalidRequest.class,
                    () -> c.startJob("stale", 1, 1, 4, 0, 0.1, Map.of()));
            assertEquals("stale/train_letters1.txt has 61 rows, but dataset.json says 60: the file changed since it "
                    + "was prepared; prepare the data again", stale.getMessage());
            InvalidRequest bad = assertThrows(InvalidRequest.class, () -> c.startJob("bad", 1, 1, 4, 0, 0.1, Map.of()));
            assertEquals("bad/dataset.json: not a mlp-trainer-dataset version 1 file", bad.getMessage());
            InvalidRequest shape = assertThrows(InvalidRequest.class,
                    () -> c.startJob("shape", 1, 1, 4, 0, 0.1, Map.of()));
            assertEquals("shape/train_letters2.txt line 2: 4 features, but dataset.json says d 5", shape.getMessage());
            InvalidRequest labels = assertThrows(InvalidRequest.class,
                    () -> c.startJob("labels", 1, 1, 4, 0, 0.1, Map.of()));
            assertEquals("labels/train_letters3.txt line 2: label 3 is outside 0..2 (k=3)", labels.getMessage());
        }
    }

    @Test
    void predictAndEvaluateRefuseDataOfAnotherDataSetInOneLine() throws Exception {
        writeOwnData("own", LABELS, 1);
        writeOwnData("renamed", List.of("ant", "bee", "cow"), 1);
        writeOwnData("redrawn", LABELS, 2);
        Path model = root.resolve("own.model");
        MlpWeights w = MlpWeights.initUniform(D, 4, 3, 1L);
        String fingerprint = DatasetManifest.read(root.resolve("own")).orElseThrow().fingerprint();
        ModelFile.write(new SavedModel(w, Map.of(), null, null, fingerprint, LABELS), List.of(), model);
        Path letters = root.resolve("letters.model");
        ModelFile.write(new SavedModel(w, Map.of(), null, null), List.of(), letters);

        assertEquals(0, CliRun.of(new PredictCommand(), model.toString(),
                root.resolve("own/validate_letters.txt").toString()).exitCode(), "its own data set is read");
        assertRefused(model, "renamed", "names the labels [ant, bee, cow], the model [cat, dog, owl]");
        assertRefused(model, "redrawn", "the model was trained on data set " + fingerprint.substring(0, 12));
        assertRefused(letters, "own", "the model none (data without a dataset.json)");
        Path wide = Files.writeString(root.resolve("wide.txt"), "1,2,3,4,5,6,0\n");
        CliRun shape = CliRun.of(new EvaluateCommand(), model.toString(), wide.toString());
        assertEquals(ExitCodes.USAGE, shape.exitCode());
        assertTrue(shape.err().contains("has 6 features per row but the model was trained on 5"), shape.err());
        Path beyond = Files.writeString(root.resolve("beyond.txt"), "1,2,3,4,5,3\n");
        CliRun label = CliRun.of(new EvaluateCommand(), model.toString(), beyond.toString());
        assertTrue(label.err().contains("has label 3 but the model knows 3 classes"), label.err());
    }

    private static void assertRefused(Path model, String dir, String expected) {
        Path data = model.resolveSibling(dir).resolve("validate_letters.txt");
        for (CliRun run : List.of(CliRun.of(new PredictCommand(), model.toString(), data.toString()),
                CliRun.of(new EvaluateCommand(), model.toString(), data.toString()))) {
            assertEquals(ExitCodes.USAGE, run.exitCode(), run.out());
            assertTrue(run.err().contains(expected), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertEquals("", run.out());
        }
    }

    // ---- nodes that cannot read decimals ----

    /** One of our nodes of an earlier version: it lists the training settings, not real_features. */
    private static final class EarlierNode implements ComputeNode.Iface {
        final AtomicInteger tasks = new AtomicInteger();

        @Override
        public NodeInfo describe(String token) {
            return new NodeInfo("0.9", 1, 0, TrainingSettings.KNOWN, true).setPacked_weights(true);
        }

        @Override
        public TaskResult run_task(TaskRequest r) throws InvalidRequest {
            tasks.incrementAndGet();
            throw new InvalidRequest("'-1.143' is not an integer");
        }

        @Override
        public TrainResult train_with_weights(String f, Weights w, double p, int k, int h, double eta, int e, int s) {
            tasks.incrementAndGet();
            return new TrainResult(false, 0, null);
        }
    }

    /** One of the original's nodes: no describe, and integers only. */
    private static final class OriginalNode implements ComputeNode.Iface {
        final AtomicInteger tasks = new AtomicInteger();

        @Override
        public NodeInfo describe(String token) throws TApplicationException {
            throw new TApplicationException(TApplicationException.UNKNOWN_METHOD, "Invalid method name: 'describe'");
        }

        @Override
        public TaskResult run_task(TaskRequest r) throws TApplicationException {
            throw new TApplicationException(TApplicationException.UNKNOWN_METHOD, "Invalid method name: 'run_task'");
        }

        @Override
        public TrainResult train_with_weights(String f, Weights w, double p, int k, int h, double eta, int e, int s)
                throws TApplicationException {
            tasks.incrementAndGet();
            throw new TApplicationException(TApplicationException.INTERNAL_ERROR, "invalid literal for int()");
        }
    }

    /** Decimals in a directory without a manifest: the coordinator finds them itself. */
    private static void writeDecimalsWithoutManifest(Path dir) throws IOException {
        TestData.writeRealValued(dir, LABELS, D, 1, 30, 3);
        Files.delete(dir.resolve(DatasetManifest.FILE_NAME));
    }

    /**
     * The old nodes are listed first and a real one last: every task of a real-valued job goes to
     * the real one, both for a manifest that says real_valued and for decimals the coordinator
     * finds itself in a directory without one; integer data still goes to the old nodes.
     */
    @Test
    void nodesThatDoNotListRealFeaturesAreNeverSentTheTasks() throws Exception {
        writeOwnData("own", LABELS, 1);
        writeDecimalsWithoutManifest(root.resolve("decimals"));
        EarlierNode earlier = new EarlierNode();
        OriginalNode original = new OriginalNode();
        cluster = new TestCluster(root);
        cluster.fakeNode(earlier);
        cluster.fakeNode(original);
        cluster.nodes(1);
        cluster.coordinator(3);
        for (String dir : List.of("own", "decimals")) {
            JobResult r = cluster.runJob(dir, 2, 3, 4, 0.01, Map.of(), 3);
            assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
        }
        assertEquals(0, earlier.tasks.get(), "the earlier version's node got a real-valued task");
        assertEquals(0, original.tasks.get(), "the original's node got a real-valued task");
    }

    /** With only such nodes, the job fails naming why, and they still got nothing. */
    @Test
    void withOnlyNodesThatCannotReadDecimalsTheJobFailsSayingWhy() throws Exception {
        writeDecimalsWithoutManifest(root.resolve("decimals"));
        EarlierNode earlier = new EarlierNode();
        try (RpcServer server = RpcServer.start("earlier", new ComputeNode.Processor<>(earlier),
                ServerOptions.onPort(0).withBindAddress(TestCluster.HOST))) {
            cluster = new TestCluster(root);
            cluster.listed(new NodeAddress(TestCluster.HOST, server.port()));
            cluster.coordinator(1, SchedulerOptions.DEFAULTS.withNoNodeTimeoutMs(1_000));
            JobResult r = cluster.runJob("decimals", 1, 1, 4, 0.1, Map.of(), 3);
            assertEquals(JobState.FAILED, r.status().getState());
            assertTrue(r.status().getError().contains("does not support the settings [real_features]"),
                    r.status().getError());
            assertEquals(0, earlier.tasks.get());
        }
    }

    @Test
    void integerDataWithoutAManifestStillGoesToEveryNode() throws Exception {
        TestCluster.writeOneShardData(root, "ints");
        EarlierNode earlier = new EarlierNode();
        cluster = new TestCluster(root);
        cluster.fakeNode(earlier);
        cluster.coordinator(3, TestCluster.scheduler(30_000, 1_000));
        JobResult r = cluster.runJob("ints", 1, 1, 4, 0.1, Map.of(), 3);
        assertFalse(r.status().getState() == JobState.SUCCEEDED, "the fake rejects every task");
        assertTrue(earlier.tasks.get() > 0, "integer data is not kept from nodes that read integers");
    }
}
