package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: Ctrl-C (SIGINT) in a real client process that follows its job leaves the job running
 * at the coordinator and prints the job's id and the command that follows it again; with
 * --cancel-on-interrupt it cancels the job. The coordinator holds the job after its first round
 * until the client has gone, so the interrupt always lands while the job runs.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClientInterruptTest {
    private static final int ROUNDS = 4;
    @TempDir
    Path root;
    private TestCluster cluster;
    private CoordinatorServer coordinator;
    private final CountDownLatch release = new CountDownLatch(1);
    private Process client;

    @BeforeEach
    void start() throws IOException {
        cluster = TestCluster.withData(root);
        coordinator = cluster.nodes(2).coordinator(1);
        coordinator.jobs().faultHooks().inRoundLoop = this::holdAfterRoundOne;
    }

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        if (client != null) {
            client.destroyForcibly().waitFor();
        }
        cluster.close();
    }

    private void holdAfterRoundOne() {
        String thread = Thread.currentThread().getName();
        JobRun run = thread.startsWith("job-") ? coordinator.jobs().get(thread.substring(4)) : null;
        if (run != null && run.progress().round() >= 1) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts the client in its own JVM, waits until it has shown round 1, sends it SIGINT and waits for its end. */
    private String interruptedClient(String... extra) throws Exception {
        Path err = root.resolve("client.err");
        // through perl, which resets SIGINT to its default before it execs the JVM: a test JVM started in the
        // background of a non-interactive shell ignores SIGINT, the JVM it starts would inherit that, and the
        // client would never see the signal (a terminal's Ctrl-C reaches a foreground client with the default)
        List<String> command = new java.util.ArrayList<>(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "mlptrainer.cli.ClientCommand", TestCluster.HOST,
                String.valueOf(coordinator.port()), TestCluster.DIR, String.valueOf(ROUNDS), "5", "5", "0.001", "--k",
                "3", "--progress", "plain"));
        command.addAll(List.of(extra));
        client = new ProcessBuilder(command).redirectError(err.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line == null || !line.startsWith("round 1/"); line = out.readLine()) {
            assertTrue(line != null, "the client ended before round 1: " + Files.readString(err));
        }
        new ProcessBuilder("kill", "-INT", String.valueOf(client.pid())).inheritIO().start().waitFor();
        assertTrue(client.waitFor(60, TimeUnit.SECONDS), "the client ends on SIGINT");
        assertEquals(130, client.exitValue(), Files.readString(err));
        return Files.readString(err).strip();
    }

    @Test
    void ctrlCLeavesTheJobRunningAndPrintsHowToAttach() throws Exception {
        String err = interruptedClient();
        String attach = "scripts/client attach " + TestCluster.HOST + " " + coordinator.port() + " 1";
        assertEquals("client: interrupted: job 1 goes on at " + TestCluster.HOST + ":" + coordinator.port()
                + "; follow it again with: " + attach, err);
        release.countDown();
        try (CoordinatorClient c = cluster.client()) {
            JobStatus s = TestCluster.awaitEnd(c, "1");
            assertEquals(JobState.SUCCEEDED, s.getState(), s.getError());
            assertEquals(ROUNDS, s.getRound());
        }
    }

    @Test
    void withCancelOnInterruptCtrlCCancelsTheJob() throws Exception {
        String err = interruptedClient("--cancel-on-interrupt");
        assertEquals("client: interrupted: job 1 cancelled (--cancel-on-interrupt)", err);
        release.countDown();
        try (CoordinatorClient c = cluster.client()) {
            assertEquals(JobState.CANCELLED, TestCluster.awaitEnd(c, "1").getState());
        }
    }
}
