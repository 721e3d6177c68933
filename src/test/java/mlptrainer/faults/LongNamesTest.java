package mlptrainer.faults;

import static mlptrainer.testing.TestCluster.DIR;
import static mlptrainer.testing.TestCluster.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.rpc.RpcConnection;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.testing.TestCluster;
import org.apache.thrift.TException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 15 item 8: file names of 100,000 characters (missing, outside the root, or spelt out to an
 * existing shard with "./" repeated) give error messages and log lines of a few hundred
 * characters, on the node and on the coordinator, and never the data root's absolute path.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LongNamesTest {
    /** The longest message or log line accepted: two capped names (200 characters and the length each) and the rest. */
    private static final int MAX_LINE = 600;
    private static final int LONG = 100_000;
    @TempDir
    Path tmp;
    private TestCluster cluster;
    private final Logger logs = (Logger) LoggerFactory.getLogger("mlptrainer");
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private Level levelBefore;

    @BeforeEach
    void capture() throws Exception {
        cluster = TestCluster.withData(tmp);
        levelBefore = logs.getLevel();
        logs.setLevel(Level.INFO); // tests log warnings only by default: the task lines are INFO
        events.start();
        logs.addAppender(events);
    }

    @AfterEach
    void release() {
        logs.detachAppender(events);
        logs.setLevel(levelBefore);
        cluster.close();
    }

    /** Names the node may be sent: missing, outside the root, and the first shard spelt out to 100,000 characters. */
    private static List<String> longNames() {
        return List.of("a".repeat(LONG), "x/".repeat(LONG / 2) + "train_letters1.txt",
                "../".repeat(LONG / 3) + "etc/passwd", "./".repeat(LONG / 2) + DIR + "/train_letters1.txt",
                "\n".repeat(10) + "a".repeat(LONG));
    }

    @Test
    void aNodeAnswersAndLogsLongNamesInAFewHundredCharacters() throws Exception {
        ComputeNodeServer node = cluster.node(0, 0);
        List<String> answers = new ArrayList<>();
        try (RpcConnection<ComputeNode.Client> conn = RpcConnection.open(HOST, node.port(), 10_000, 60_000,
                RpcLimits.DEFAULT, ComputeNode.Client::new)) {
            for (String name : longNames()) {
                answers.add(answer(() -> conn.client().run_task(task(name)).isAccepted()));
                TaskRequest byHash = task(name).setShard_sha256("f".repeat(LONG));
                answers.add(answer(() -> conn.client().run_task(byHash).isAccepted()));
                answers.add(answer(() -> conn.client().train_with_weights(name, task(name).getInitial_weights(), 0,
                        TestCluster.K, TestCluster.H, TestCluster.ETA, 1, 1).isAccepted()));
            }
        }
        assertTrue(answers.contains("accepted"), "the existing shard spelt long still trains: " + answers);
        checkShort(answers, "answers");
        checkLogLines();
    }

    @Test
    void aCoordinatorAnswersAndLogsLongNamesInAFewHundredCharacters() throws Exception {
        cluster.nodes(2);
        cluster.coordinator(1);
        List<String> answers = new ArrayList<>();
        try (CoordinatorClient client = cluster.client()) {
            for (String dir : List.of("a".repeat(LONG), "./".repeat(LONG / 2) + DIR, "x/".repeat(2_000))) {
                answers.add(answer(() -> client.startJob(dir, 1, 1, TestCluster.H, TestCluster.K, TestCluster.ETA,
                        Map.of()) != null));
            }
            // the longest name a job accepts, spelt out to the data directory, trains and is logged short
            String job = client.startJob("./".repeat(2_040) + DIR, 1, 1, TestCluster.H, TestCluster.K,
                    TestCluster.ETA, Map.of());
            JobStatus s = TestCluster.awaitEnd(client, job);
            assertEquals(JobState.SUCCEEDED, s.getState(), s.getError());
        }
        checkShort(answers, "answers");
        checkLogLines();
    }

    private interface Call {
        boolean accepted() throws TException;
    }

    /** @return "accepted", "rejected" or the error's message */
    private static String answer(Call call) {
        try {
            return call.accepted() ? "accepted" : "rejected";
        } catch (TException e) {
            return String.valueOf(e.getMessage());
        }
    }

    private static TaskRequest task(String file) {
        return BadRequestTest.task(file, BadRequestTest.weights(TestCluster.FEATURES, TestCluster.H, TestCluster.K));
    }

    private void checkShort(List<String> texts, String what) throws Exception {
        String root = tmp.toRealPath().toString();
        for (String t : texts) {
            assertTrue(t.length() <= MAX_LINE, what + ": " + t.length() + " characters: "
                    + t.substring(0, Math.min(300, t.length())));
            assertFalse(t.contains(root), what + " show the data root: " + t);
            assertFalse(t.contains("\n"), what + " hold a line break: " + t);
        }
    }

    private void checkLogLines() throws Exception {
        List<String> lines = new ArrayList<>();
        synchronized (events) {
            events.list.forEach(e -> lines.add(e.getFormattedMessage()));
        }
        assertFalse(lines.isEmpty(), "the calls were logged");
        for (String line : lines) {
            assertTrue(line.length() <= MAX_LINE, "log line of " + line.length() + " characters: "
                    + line.substring(0, Math.min(300, line.length())));
        }
    }
}
