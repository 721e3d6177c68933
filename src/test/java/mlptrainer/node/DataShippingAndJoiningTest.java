package mlptrainer.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.coordinator.CoordinatorConfig;
import mlptrainer.coordinator.CoordinatorServer;
import mlptrainer.coordinator.NodeAddress;
import mlptrainer.coordinator.SchedulerOptions;
import mlptrainer.data.DataRoot;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.Security;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.gen.JobModel;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.NodeStat;
import mlptrainer.testing.TestData;
import org.apache.thrift.TException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * No shared filesystem: nodes without the data, or with another version of it, train exactly the
 * coordinator's shards, shipped once and then named by hash; nodes that join by heartbeat are
 * scheduled, and one that leaves is left out.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DataShippingAndJoiningTest {
    @TempDir
    Path tmp;
    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).close();
        }
    }

    private ComputeNodeServer node(Path root) throws IOException {
        Files.createDirectories(root);
        ComputeNodeServer n = ComputeNodeServer.start(new NodeConfig(0, 0, 1, new DataRoot(root), 8, 1L,
                root.resolve(".vault"), 1 << 20), ServerOptions.onPort(0).withBindAddress("127.0.0.1"));
        servers.add(n);
        return n;
    }

    private CoordinatorServer coordinator(List<NodeAddress> nodes) throws IOException {
        return coordinator(nodes, Security.NONE);
    }

    private CoordinatorServer coordinator(List<NodeAddress> nodes, Security security) throws IOException {
        CoordinatorServer c = CoordinatorServer.start(new CoordinatorConfig(1, nodes, new DataRoot(tmp.resolve("c")),
                SchedulerOptions.DEFAULTS.withNoNodeTimeoutMs(5_000), 64, 2_000, 1L),
                ServerOptions.onPort(0).withBindAddress("127.0.0.1"), security);
        servers.add(c);
        return c;
    }

    private static JobStatus runToEnd(CoordinatorClient client) throws TException {
        String job = client.startJob("data", 3, 10, 4, 3, 0.01, Map.of());
        JobStatus s = client.awaitStatus(job);
        while (s.getState() == JobState.RUNNING) {
            s = client.awaitStatus(job);
        }
        assertEquals(JobState.SUCCEEDED, s.getState(), s.getError());
        return s;
    }

    private JobModel train(CoordinatorServer c) throws TException {
        try (CoordinatorClient client = CoordinatorClient.connect("127.0.0.1", c.port(), "")) {
            return client.model(runToEnd(client).getJob_id());
        }
    }

    @Test
    void nodesWithoutTheDataOrWithAnotherVersionTrainTheCoordinatorsShards() throws Exception {
        TestData.write(tmp.resolve("c/data"), 3, 40, 4, 3, 5L);
        ComputeNodeServer local = node(tmp.resolve("c"));
        JobModel reference = train(coordinator(List.of(new NodeAddress("127.0.0.1", local.port()))));
        assertEquals(0, local.service().shardCache().received(), "a node whose own copy has the right hash gets no bytes");

        ComputeNodeServer empty = node(tmp.resolve("empty"));
        TestData.write(tmp.resolve("stale/data"), 3, 40, 4, 3, 99L);
        ComputeNodeServer stale = node(tmp.resolve("stale"));
        CoordinatorServer c = coordinator(List.of(new NodeAddress("127.0.0.1", empty.port()),
                new NodeAddress("127.0.0.1", stale.port())));
        assertEquals(reference.getLast(), train(c).getLast());
        // 3 rounds x 3 shards = 9 tasks, but each node is sent each shard's bytes at most once (3 x 2 = 6):
        // later tasks name the shard by hash only
        int shipped = empty.service().shardCache().received() + stale.service().shardCache().received();
        assertTrue(shipped >= 3 && shipped <= 6, "each shard shipped at most once per node: " + shipped);

        assertEquals(reference.getLast(), train(c).getLast());
        int afterSecondJob = empty.service().shardCache().received() + stale.service().shardCache().received();
        assertTrue(afterSecondJob <= 6, "still at most once per node and shard: " + afterSecondJob);
    }

    @Test
    void nodesThatJoinAreScheduledAndOneThatLeavesIsLeftOut() throws Exception {
        TestData.write(tmp.resolve("c/data"), 3, 40, 4, 3, 5L);
        Security withToken = new Security(AuthToken.of("joining-test-token"), null);
        CoordinatorServer c = coordinator(List.of(), withToken);
        ComputeNodeServer n = node(tmp.resolve("c"));
        NodeAddress address = new NodeAddress("127.0.0.1", n.port());
        Joiner joiner = new Joiner(new NodeAddress("127.0.0.1", c.port()), address, withToken);
        joiner.start();
        try (CoordinatorClient client = CoordinatorClient.connect("127.0.0.1", c.port(), withToken)) {
            JobStatus s = runToEnd(client);
            NodeStat stat = s.getNodes().get(0);
            assertEquals(address.toString(), stat.getNode());
            assertEquals(3 * 3, stat.getTasks_accepted());
            joiner.close();
            NodeStat after = client.status().getNodes().get(0);
            assertEquals(false, after.isUp(), "a node that left is not up");
            String job = client.startJob("data", 1, 1, 4, 3, 0.01, Map.of());
            JobStatus failed = client.awaitStatus(job);
            while (failed.getState() == JobState.RUNNING) {
                failed = client.awaitStatus(job);
            }
            assertEquals(JobState.FAILED, failed.getState(), "no node is left to train");
        }
    }

    @Test
    void aNodeTheCoordinatorRefusesSaysWhyInAWarning() throws Exception {
        Files.createDirectories(tmp.resolve("c"));
        CoordinatorServer c = coordinator(List.of()); // no token: it takes no joins
        Logger joinerLog = (Logger) LoggerFactory.getLogger(Joiner.class);
        CountDownLatch warned = new CountDownLatch(1);
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                if (e.getLevel() == Level.WARN) {
                    warnings.add(e.getFormattedMessage());
                    warned.countDown();
                }
            }
        };
        appender.start();
        joinerLog.addAppender(appender);
        Security withToken = new Security(AuthToken.of("a-token-the-coordinator-lacks"), null);
        try (Joiner joiner = new Joiner(new NodeAddress("127.0.0.1", c.port()), new NodeAddress("127.0.0.1", 1),
                withToken)) {
            joiner.start();
            assertTrue(warned.await(60, TimeUnit.SECONDS), "no warning from a node whose join was refused");
        } finally {
            joinerLog.detachAppender(appender);
        }
        assertTrue(warnings.get(0).contains("refused this node") && warnings.get(0).contains("takes no joins"),
                warnings.get(0));
        assertEquals(0, c.jobs().registry().all().size(), "the refused node was registered");
    }
}
