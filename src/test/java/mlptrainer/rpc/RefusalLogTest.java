package mlptrainer.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.coordinator.CoordinatorConfig;
import mlptrainer.coordinator.CoordinatorHandler;
import mlptrainer.coordinator.CoordinatorServer;
import mlptrainer.coordinator.NodeAddress;
import mlptrainer.coordinator.SchedulerOptions;
import mlptrainer.data.DataRoot;
import mlptrainer.node.ComputeNodeHandler;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.node.Joiner;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.Unauthorized;
import mlptrainer.testing.LogCapture;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 6: a flood of refused calls writes a line per peer and interval, each saying how
 * many calls it stands for, on the side that refused; the side refused says why at WARN, once per
 * interval too.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS) // a guard against a hang, not a performance bound
class RefusalLogTest {
    private static final int CALLS = 20_000;
    private static final long INTERVAL_MS = 1_000;
    private static final Pattern COUNT = Pattern.compile("and (\\d+) more like it");
    private static final AuthToken TOKEN = AuthToken.of("s3cret");
    @TempDir
    Path tmp;

    private CoordinatorServer coordinator(long logIntervalMs) throws Exception {
        CoordinatorConfig config = new CoordinatorConfig(1, List.of(), new DataRoot(tmp), SchedulerOptions.DEFAULTS,
                TestCluster.MAX_HIDDEN, 15_000, 1L);
        return CoordinatorServer.start(config, ServerOptions.onPort(0).withBindAddress(TestCluster.HOST)
                .withLogIntervalMs(logIntervalMs), new Security(TOKEN, null));
    }

    @Test
    void twentyThousandRefusedCallsToACoordinatorLogAFewLinesThatCountThem() throws Exception {
        try (CoordinatorServer server = coordinator(INTERVAL_MS);
                LogCapture log = new LogCapture(CoordinatorHandler.class, Level.INFO);
                CoordinatorClient client = CoordinatorClient.connect(TestCluster.HOST, server.port(), "guess")) {
            assertFewLinesCountingTheCalls(log, client::status);
        }
    }

    @Test
    void twentyThousandRefusedCallsToANodeLogAFewLinesThatCountThem() throws Exception {
        try (ComputeNodeServer node = ComputeNodeServer.start(TestCluster.nodeConfig(tmp, 0.0, 0, 1),
                ServerOptions.onPort(0).withBindAddress(TestCluster.HOST).withLogIntervalMs(INTERVAL_MS), TOKEN);
                LogCapture log = new LogCapture(ComputeNodeHandler.class, Level.INFO);
                RpcConnection<ComputeNode.Client> c = RpcConnection.open(TestCluster.HOST, node.port(), 5_000,
                        30_000, RpcLimits.DEFAULT, ComputeNode.Client::new)) {
            assertFewLinesCountingTheCalls(log, () -> c.client().describe("guess"));
        }
    }

    @Test
    void badTasksFromOnePeerLogAFewLines() throws Exception {
        try (ComputeNodeServer node = ComputeNodeServer.start(TestCluster.nodeConfig(tmp, 0.0, 0, 1),
                ServerOptions.onPort(0).withBindAddress(TestCluster.HOST).withLogIntervalMs(INTERVAL_MS), TOKEN);
                LogCapture log = new LogCapture(ComputeNodeHandler.class, Level.INFO);
                RpcConnection<ComputeNode.Client> c = RpcConnection.open(TestCluster.HOST, node.port(), 5_000,
                        30_000, RpcLimits.DEFAULT, ComputeNode.Client::new)) {
            long start = System.nanoTime();
            TaskRequest bad = new TaskRequest().setAuth_token(TOKEN.presented()); // no training file
            for (int i = 0; i < CALLS / 4; i++) {
                InvalidRequest e = assertThrows(InvalidRequest.class, () -> c.client().run_task(bad));
                assertTrue(e.getMessage().contains("training_file"), e.getMessage());
            }
            List<String> lines = log.messages(Level.WARN, m -> m.contains("refused"));
            assertTrue(lines.size() >= 1, "the first refusal is logged");
            assertAtMostOneLinePerInterval(lines, start);
        }
    }

    /**
     * Makes {@link #CALLS} refused calls on one connection, then more until a line is logged after
     * them (a line can only state the calls before it); checks that the lines are at most one per
     * interval and that their counts add up to at least {@link #CALLS} and no more than the calls.
     */
    private static void assertFewLinesCountingTheCalls(LogCapture log, Executable refusedCall) throws Exception {
        long start = System.nanoTime();
        int calls = 0;
        Unauthorized refused = null;
        for (; calls < CALLS; calls++) {
            refused = assertThrows(Unauthorized.class, refusedCall);
        }
        assertAtMostOneLinePerInterval(refusals(log), start);
        assertTrue(refused.getMessage().startsWith("wrong token"), "the caller is told why: " + refused.getMessage());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int linesAfterTheCalls = refusals(log).size();
        while (refusals(log).size() == linesAfterTheCalls) {
            assertTrue(System.nanoTime() < deadline, "no line after the calls: " + refusals(log));
            assertThrows(Unauthorized.class, refusedCall);
            calls++;
        }
        List<String> lines = refusals(log);
        assertAtMostOneLinePerInterval(lines, start);
        long accounted = 0;
        for (String line : lines) {
            assertTrue(line.contains("wrong token"), line);
            Matcher m = COUNT.matcher(line);
            accounted += 1 + (m.find() ? Long.parseLong(m.group(1)) : 0);
        }
        assertTrue(accounted >= CALLS && accounted <= calls, "the lines stand for " + accounted + " of " + calls
                + " calls: " + lines);
        System.out.printf("refusal log: %d refused calls on one connection in %d ms, %d WARN line(s): %s%n", calls,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), lines.size(), lines);
    }

    private static List<String> refusals(LogCapture log) {
        return log.messages(Level.WARN, m -> m.contains("refused a call"));
    }

    private static void assertAtMostOneLinePerInterval(List<String> lines, long startNanos) {
        long intervals = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos) / INTERVAL_MS + 1;
        assertTrue(lines.size() <= intervals, lines.size() + " WARN lines in " + intervals + " interval(s)");
    }

    @Test
    void aNodeJoiningWithTheWrongTokenIsLoggedOncePerIntervalOnBothSides() throws Exception {
        try (CoordinatorServer server = coordinator(ServerOptions.DEFAULT_LOG_INTERVAL_MS);
                LogCapture coordinatorLog = new LogCapture(CoordinatorHandler.class, Level.DEBUG);
                LogCapture nodeLog = new LogCapture(Joiner.class, Level.DEBUG)) {
            Joiner joiner = new Joiner(new NodeAddress(TestCluster.HOST, server.port()),
                    new NodeAddress(TestCluster.HOST, 9), new Security(AuthToken.of("guess"), null));
            joiner.start();
            try {
                // wait for two tries, each logged on both sides at some level: the second within the interval
                poll(() -> coordinatorLog.count(m -> m.startsWith("heartbeat")) >= 2
                        && nodeLog.count(m -> m.contains("token")) >= 2);
            } finally {
                joiner.close();
            }
            List<String> refused = coordinatorLog.messages(Level.WARN, m -> m.startsWith("heartbeat"));
            assertEquals(1, refused.size(), "the coordinator's WARN lines: " + refused);
            assertTrue(refused.get(0).contains("wrong token"), refused.get(0));
            List<String> told = nodeLog.messages(Level.WARN, m -> m.contains("refused this node ("));
            assertEquals(1, told.size(), "the node's WARN lines: " + told);
            assertTrue(told.get(0).contains("wrong token"), told.get(0));
        }
    }

    private static void poll(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(20); // polling a condition with a deadline, not a synchronisation by sleep
        }
    }
}
