package mlptrainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import mlptrainer.client.ModelFile;
import mlptrainer.client.SavedModel;
import mlptrainer.model.MlpWeights;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes a newcomer makes get a message that names the mistake, through the real entry points:
 * the client on a node's port, a missing or wrong token, an image given as data or model, a typo.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MisleadingErrorsTest {
    /** The first bytes of every PNG file, then the start of its header chunk. */
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D',
            'R'};

    @TempDir
    Path root;
    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static CliRun client(int port, String... extra) {
        List<String> args = new ArrayList<>(List.of(TestCluster.HOST, String.valueOf(port), TestCluster.DIR, "3", "5",
                "5", "0.001", "--k", "3"));
        args.addAll(List.of(extra));
        return CliRun.of(new ClientCommand(), args.toArray(String[]::new));
    }

    @Test
    void theClientOnANodesPortIsToldItIsNotACoordinatorWithAUsageExitCode() throws Exception {
        cluster = TestCluster.withData(root).nodes(1);
        int nodePort = cluster.addresses().get(0).port();

        CliRun run = client(nodePort);

        assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
        assertTrue(run.err().contains(TestCluster.HOST + ":" + nodePort + " is not a coordinator"), run.err());
        assertTrue(run.err().contains("compute node"), run.err());

        CliRun withSettings = client(nodePort, "--set", "optimizer=adam");
        assertEquals(ExitCodes.USAGE, withSettings.exitCode(), withSettings.err());
        assertTrue(withSettings.err().contains(TestCluster.HOST + ":" + nodePort + " is not one of our coordinators"),
                withSettings.err());
    }

    @Test
    void aMissingOrWrongTokenIsSaidToBeRefusedByClientAndStatus() throws Exception {
        cluster = TestCluster.withData(root).withToken("the-cluster-token").nodes(1);
        cluster.coordinator(1);
        String port = String.valueOf(cluster.coordinatorPort());
        Path wrong = root.resolve("wrong-token");
        Files.writeString(wrong, "not-the-token");

        assertTokenRefused(client(cluster.coordinatorPort()), "no token");
        assertTokenRefused(client(cluster.coordinatorPort(), "--token-file", wrong.toString()), "wrong token");
        assertTokenRefused(CliRun.of(new StatusCommand(), TestCluster.HOST, port), "no token");
        assertTokenRefused(CliRun.of(new StatusCommand(), TestCluster.HOST, port, "--token-file", wrong.toString()),
                "wrong token");
    }

    private static void assertTokenRefused(CliRun run, String reason) {
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
        assertTrue(run.err().contains(reason), run.err());
        assertTrue(run.err().contains("refused"), run.err());
        assertFalse(run.err().contains("cannot reach") || run.err().contains("is it running"), run.err());
    }

    @Test
    void anImageGivenAsDataOrModelIsSaidToBeBinary() throws Exception {
        Path image = root.resolve("letter.png");
        Files.write(image, PNG);
        Path model = root.resolve("m.model");
        ModelFile.write(new SavedModel(MlpWeights.initUniform(16, 5, 26, 7L), Map.of(), null, null), List.of(), model);

        for (Supplier<Callable<Integer>> command : List.<Supplier<Callable<Integer>>>of(EvaluateCommand::new,
                PredictCommand::new)) {
            CliRun data = CliRun.of(command.get(), model.toString(), image.toString());
            assertBinary(data, image + " is not a text data file (binary content at byte 1)");
            CliRun asModel = CliRun.of(command.get(), image.toString(), image.toString());
            assertBinary(asModel, image + " is not a model file");
        }
    }

    private static void assertBinary(CliRun run, String expected) {
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
        assertTrue(run.err().contains(expected), run.err());
        assertFalse(run.err().contains("Input length"), run.err());
    }

    @Test
    void aMistypedOptionGetsASuggestionFromEveryProgram() {
        Map<Callable<Integer>, String[]> typos = Map.of(
                new ClientCommand(), new String[] {"127.0.0.1", "9090", "letters", "15", "50", "24", "0.0001", "--plto",
                        "x.png"},
                new CoordinatorCommand(), new String[] {"--no-node-timout", "5"},
                new ComputeNodeCommand(), new String[] {"--slot", "2"},
                new StatusCommand(), new String[] {"127.0.0.1", "9090", "--token-fil", "t"},
                new EvaluateCommand(), new String[] {"--verison"},
                new PredictCommand(), new String[] {"--hepl"},
                new LettersCommand(), new String[] {"--verison"},
                new FaultProxyCommand(), new String[] {"--verison"});
        Map<String, String> expected = Map.of("--plto", "--plot", "--no-node-timout", "--no-node-timeout", "--slot",
                "--slots", "--token-fil", "--token-file", "--verison", "--version", "--hepl", "--help");
        typos.forEach((command, args) -> {
            CliRun run = CliRun.of(command, args);
            String typo = Arrays.stream(args).filter(a -> a.startsWith("--")).findFirst().orElseThrow();
            assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
            String first = run.err().lines().findFirst().orElse("");
            assertTrue(first.contains("Unknown option: '" + typo) && first.contains("did you mean")
                    && first.contains(expected.get(typo)),
                    command.getClass().getSimpleName() + ": " + run.err());
        });
    }

    @Test
    void aMistypedProgramNameGetsASuggestion() {
        CliRun run = CliRun.of(new MainCommand(), "clinet", "127.0.0.1", "9090");

        assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
        assertTrue(run.err().lines().findFirst().orElse("").contains("did you mean client"), run.err());
    }
}
