package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.rpc.RpcConnection;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.gen.Coordinator;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Nodes joining by heartbeat instead of the node list, and cancelling a running job. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MembershipIntegrationTest {
    private static final String TOKEN = "membership-test-token";
    @TempDir
    Path root;
    TestCluster cluster;

    @BeforeEach
    void data() throws Exception {
        TestCluster.writeData(root, "data");
        cluster = new TestCluster(root);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void nodeThatJoinsByHeartbeatRunsTasks() throws Exception {
        cluster.withToken(TOKEN).coordinator(3, SchedulerOptions.DEFAULTS.withNoNodeTimeoutMs(20_000));
        try (ComputeNodeServer joiner = ComputeNodeServer.start(TestCluster.nodeConfig(root, 0, 0, 1),
                ServerOptions.onPort(0).withBindAddress(TestCluster.HOST));
                RpcConnection<Coordinator.Client> raw = RpcConnection.open(TestCluster.HOST,
                        cluster.coordinatorPort(), 2000, 10_000, RpcLimits.DEFAULT, Coordinator.Client::new)) {
            assertTrue(raw.client().heartbeat(TestCluster.HOST, joiner.port(), TOKEN) > 0, "returns the lease");
            InvalidRequest bad = assertThrows(InvalidRequest.class, () -> raw.client().heartbeat("h", 0, TOKEN));
            assertTrue(bad.getMessage().contains("port"), bad.getMessage());
            TestCluster.JobResult r = cluster.runJob("data");
            assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
            assertEquals(TestCluster.ROUNDS * 4, r.status().getNodes().get(0).getTasks_accepted());
        }
    }

    @Test
    void cancellingARunningJobEndsIt() throws Exception {
        // p=1 and a minute of load: the job cannot finish on its own within the test's timeout
        cluster.node(TestCluster.nodeConfig(root, 1.0, 60_000, 1));
        cluster.coordinator(1, SchedulerOptions.DEFAULTS.withSpeculation(0, 0));
        try (CoordinatorClient c = cluster.client();
                RpcConnection<Coordinator.Client> raw = RpcConnection.open(TestCluster.HOST,
                        cluster.coordinatorPort(), 2000, 10_000, RpcLimits.DEFAULT, Coordinator.Client::new)) {
            String id = c.startJob("data", 1, 1, 2, TestCluster.K, TestCluster.ETA, Map.of());
            JobStatus s = c.awaitStatus(id);
            while (s.getRunningSize() == 0) {
                assertEquals(JobState.RUNNING, s.getState());
                s = c.awaitStatus(id);
            }
            raw.client().cancel_job(id, "");
            JobStatus end = TestCluster.awaitEnd(c, id);
            assertEquals(JobState.CANCELLED, end.getState(), end.getError());
        }
    }
}
