package mlptrainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The entry points as a user runs them: exit codes and what they print, via Cli.run (no System.exit). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CliTest {
    @TempDir
    Path root;
    TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** What a run printed and returned. */
    record Run(int code, List<String> out, List<String> err) {
        String lastOut() {
            return out.isEmpty() ? "" : out.get(out.size() - 1);
        }
    }

    /** Runs the command with System.out and System.err captured (picocli wraps them when Cli.run builds it). */
    static Run run(Callable<Integer> command, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Cli.run(command, args);
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(code, lines(out), lines(err));
    }

    private static List<String> lines(ByteArrayOutputStream b) {
        return Arrays.stream(b.toString(StandardCharsets.UTF_8).split("\\R")).filter(l -> !l.isBlank()).toList();
    }

    /** Exit 2, the reason on one line naming the command and the expected text, no stack trace. */
    private static void assertUsageError(Run r, String command, String expected) {
        assertEquals(ExitCodes.USAGE, r.code(), r.toString());
        assertOneLineReason(r, command, expected);
    }

    private static void assertOneLineReason(Run r, String command, String expected) {
        assertFalse(r.err().isEmpty(), "says why");
        String first = r.err().get(0);
        assertTrue(first.startsWith(command + ": ") && first.contains(expected), "'" + first + "' should contain '"
                + expected + "'");
        // a parse error may add picocli's one-line usage hint; nothing else, and never a stack trace
        assertTrue(r.err().size() == 1 || (r.err().size() == 2 && r.err().get(1).contains("--help")), r.toString());
        assertTrue(r.err().stream().noneMatch(l -> l.matches("\\s+at .*") || l.contains("Exception in")),
                r.toString());
    }

    private static String[] clientArgs(String port, String rounds, String h, String eta) {
        return new String[] {TestCluster.HOST, port, "data", rounds, "5", h, eta, "--k", "3"};
    }

    @Test
    void clientRefusesBadArgumentsWithExitCode2() {
        assertUsageError(run(new ClientCommand(), clientArgs("abc", "1", "5", "0.01")), "client", "abc");
        assertUsageError(run(new ClientCommand(), clientArgs("70000", "1", "5", "0.01")), "client",
                "coordinator_port must be in 1..65535");
        assertUsageError(run(new ClientCommand(), clientArgs("9090", "0", "5", "0.01")), "client",
                "rounds must be >= 1, got 0");
        assertUsageError(run(new ClientCommand(), clientArgs("9090", "1", "0", "0.01")), "client",
                "h must be >= 1, got 0");
        assertUsageError(run(new ClientCommand(), clientArgs("9090", "1", "5", "0")), "client",
                "eta must be a finite number > 0, got 0.0");
        assertUsageError(run(new ClientCommand(), clientArgs("9090", "1", "5", "NaN")), "client",
                "eta must be a finite number > 0, got NaN");
        assertUsageError(run(new ClientCommand(), TestCluster.HOST, "9090", "data"), "client", "Missing");
    }

    @Test
    void computeNodeRefusesBadArgumentsWithExitCode2() {
        assertUsageError(run(new ComputeNodeCommand(), "x9", "0.5"), "compute-node", "x9");
        assertUsageError(run(new ComputeNodeCommand(), "0", "1.5"), "compute-node",
                "load_probability must be a probability in [0, 1], got 1.5");
        assertUsageError(run(new ComputeNodeCommand(), "0", "NaN"), "compute-node", "got NaN");
        assertUsageError(run(new ComputeNodeCommand(), "0", "0.5", "--data-root", root.resolve("none").toString()),
                "compute-node", "no such directory");
    }

    @Test
    void coordinatorRefusesBadArgumentsWithExitCode2() throws Exception {
        assertUsageError(run(new CoordinatorCommand(), "0", "4"), "coordinator",
                "scheduling_policy must be 1 (random), 2 (load-balancing) or 3 (round-robin), got 4");
        assertUsageError(run(new CoordinatorCommand(), "port", "1"), "coordinator", "port");
        java.nio.file.Files.writeString(root.resolve("nodes.txt"), "localhost,9090\nlocalhost,x\n");
        assertUsageError(run(new CoordinatorCommand(), "0", "1", "--nodes", root.resolve("nodes.txt").toString()),
                "coordinator", "line 2");
    }

    @Test
    void clientAgainstAPortWithNothingListeningExits3() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = run(new ClientCommand(), clientArgs(String.valueOf(port), "1", "5", "0.01"));
        assertEquals(ExitCodes.UNREACHABLE, r.code(), r.toString());
        assertOneLineReason(r, "client", "cannot reach the coordinator at " + TestCluster.HOST + ":" + port);
    }

    @Test
    void clientRunPrintsTheFinalValidationErrorLast() throws Exception {
        TestCluster.writeData(root, "data");
        cluster = new TestCluster(root);
        cluster.nodes(2).coordinator(3);
        String port = String.valueOf(cluster.coordinatorPort());
        Run r = run(new ClientCommand(), TestCluster.HOST, port, "data", "3", "5", "5", "0.001", "--k", "3");
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        double finalError;
        try (CoordinatorClient c = cluster.client()) {
            finalError = c.status().getJobs().get(0).getFinal_error();
        }
        assertEquals(String.format("Final validation error: %.4f", finalError), r.lastOut());
        assertEquals(3, r.out().stream().filter(l -> l.startsWith("round ")).count(), r.out().toString());

        Run legacy = run(new ClientCommand(), TestCluster.HOST, port, "data", "3", "5", "5", "0.001", "--k", "3",
                "--legacy");
        assertEquals(ExitCodes.OK, legacy.code(), legacy.toString());
        assertEquals(r.lastOut(), legacy.lastOut());
    }

    @Test
    void clientReportsARefusedRequestInOneLine() throws Exception {
        TestCluster.writeData(root, "data");
        cluster = new TestCluster(root);
        cluster.nodes(1).coordinator(3);
        Run r = run(new ClientCommand(), TestCluster.HOST, String.valueOf(cluster.coordinatorPort()), "missing",
                "1", "1", "2", "0.01", "--k", "3");
        assertUsageError(r, "client", "missing: no such directory");
    }

    @Test
    void helpAndVersionExit0() {
        Run help = run(new ClientCommand(), "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().get(0).contains("client"), help.toString());
        Run version = run(new CoordinatorCommand(), "--version");
        assertEquals(0, version.code());
        assertTrue(version.lastOut().startsWith("mlp-trainer "), version.toString());
    }
}
