package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mlptrainer.node.ComputeNodeHandler;
import mlptrainer.node.ComputeNodeService;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.NodeInfo;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.TaskResult;
import mlptrainer.rpc.gen.TrainResult;
import mlptrainer.rpc.gen.Weights;
import mlptrainer.testing.TestCluster;
import mlptrainer.testing.TestCluster.JobResult;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strategy settings stay on the coordinator: a node that speaks only the original's protocol
 * (no describe, no run_task, only train_with_weights) trains jobs of every strategy but fedprox, to
 * the same model as current nodes; fedprox's mu, which it cannot take, never reaches it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StrategyInteropTest {
    private static final Map<String, String> TRIMMED = Map.of("strategy", "trimmed_mean", "trim", "0.25",
            "fraction", "0.9");
    @TempDir
    Path root;
    private TestCluster cluster;
    private ComputeNodeService service;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
        if (service != null) {
            service.close();
        }
    }

    /** A real node behind the original's interface only. */
    private static final class OriginalNode implements ComputeNode.Iface {
        private final ComputeNodeHandler real;
        final AtomicInteger trained = new AtomicInteger();

        OriginalNode(ComputeNodeService service) {
            this.real = new ComputeNodeHandler(service, AuthToken.NONE);
        }

        @Override
        public TrainResult train_with_weights(String file, Weights weights, double p, int k, int h, double eta,
                int epochs, int policy) throws TException {
            trained.incrementAndGet();
            return real.train_with_weights(file, weights, p, k, h, eta, epochs, policy);
        }

        @Override
        public NodeInfo describe(String token) throws TException {
            throw new TApplicationException(TApplicationException.UNKNOWN_METHOD, "Invalid method name: 'describe'");
        }

        @Override
        public TaskResult run_task(TaskRequest r) throws TException {
            throw new TApplicationException(TApplicationException.UNKNOWN_METHOD, "Invalid method name: 'run_task'");
        }
    }

    private OriginalNode original() throws IOException {
        service = new ComputeNodeService(TestCluster.nodeConfig(root, 0, 0, 1));
        return new OriginalNode(service);
    }

    @Test
    void anOriginalNodeTrainsAStrategyJobToTheSameModel() throws Exception {
        TestCluster.writeData(root, TestCluster.DIR);
        cluster = new TestCluster(root).nodes(2);
        cluster.coordinator(1);
        JobResult current = cluster.runJob(TestCluster.DIR, TestCluster.ROUNDS, TestCluster.EPOCHS, TestCluster.H,
                TestCluster.ETA, TRIMMED);
        assertEquals(JobState.SUCCEEDED, current.status().getState(), current.status().getError());
        cluster.close();

        OriginalNode node = original();
        cluster = new TestCluster(root);
        cluster.fakeNode(node);
        cluster.coordinator(1);
        JobResult old = cluster.runJob(TestCluster.DIR, TestCluster.ROUNDS, TestCluster.EPOCHS, TestCluster.H,
                TestCluster.ETA, TRIMMED);
        assertEquals(JobState.SUCCEEDED, old.status().getState(), old.status().getError());
        assertTrue(node.trained.get() > 0, "the original node trained nothing");
        assertEquals(current.model().getLast(), old.model().getLast());
    }

    @Test
    void fedproxTasksNeverReachANodeThatCannotTakeMu() throws Exception {
        TestCluster.writeOneShardData(root, "one");
        OriginalNode node = original();
        cluster = new TestCluster(root);
        cluster.fakeNode(node);
        cluster.coordinator(1, SchedulerOptions.DEFAULTS.withNoNodeTimeoutMs(1_000));
        JobResult r = cluster.runJob("one", 1, 1, TestCluster.H, TestCluster.ETA, Map.of("strategy", "fedprox"));
        assertEquals(JobState.FAILED, r.status().getState());
        assertTrue(r.status().getError().contains("original protocol"), r.status().getError());
        assertEquals(0, node.trained.get());
    }
}
