package mlptrainer.faults;

import static mlptrainer.testing.TestCluster.DIR;
import static mlptrainer.testing.TestCluster.EPOCHS;
import static mlptrainer.testing.TestCluster.ETA;
import static mlptrainer.testing.TestCluster.FEATURES;
import static mlptrainer.testing.TestCluster.H;
import static mlptrainer.testing.TestCluster.HOST;
import static mlptrainer.testing.TestCluster.K;
import static mlptrainer.testing.TestCluster.MAX_HIDDEN;
import static mlptrainer.testing.TestCluster.ROUNDS;
import static mlptrainer.testing.TestCluster.scheduler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.coordinator.CoordinatorServer;
import mlptrainer.coordinator.JobSpec;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.rpc.RpcConnection;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.Coordinator;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.Weights;
import mlptrainer.testing.TestCluster;
import org.apache.thrift.TApplicationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad requests (issue 5): each is refused with a declared exception (or, for the original's
 * methods, a TApplicationException) whose message names the problem, and the servers serve on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadRequestTest {
    static final AtomicInteger REFUSED = new AtomicInteger();
    @TempDir
    Path tmp;
    @TempDir
    Path outside;
    TestCluster cluster;
    CoordinatorClient client;
    RpcConnection<Coordinator.Client> original;
    RpcConnection<ComputeNode.Client> node;

    @BeforeEach
    void setUp() throws Exception {
        cluster = TestCluster.withData(tmp);
        writeBadData();
        ComputeNodeServer n = cluster.node(0, 0);
        CoordinatorServer c = cluster.coordinator(scheduler(30_000, 30_000), n.port());
        client = cluster.client();
        original = RpcConnection.open(HOST, c.port(), 5_000, 30_000, RpcLimits.DEFAULT, Coordinator.Client::new);
        node = RpcConnection.open(HOST, n.port(), 5_000, 30_000, RpcLimits.DEFAULT, ComputeNode.Client::new);
    }

    @AfterEach
    void tearDown() {
        if (original != null) {
            original.close();
        }
        if (node != null) {
            node.close();
        }
        cluster.close();
    }

    @AfterAll
    static void report() {
        System.out.println("BAD-REQUESTS " + REFUSED.get() + " bad requests refused with a message naming the problem");
    }

    private void writeBadData() throws Exception {
        String good = "1,2,3,4,5,0\n2,3,4,5,6,1\n";
        Files.createDirectories(tmp.resolve("empty"));
        write("noval/train_letters1.txt", good);
        write("cols/train_letters1.txt", good + "1,2,3,4,1\n");
        write("cols/validate_letters.txt", good);
        write("nonint/train_letters1.txt", good + "1,2,x3,4,5,1\n");
        write("nonint/validate_letters.txt", good);
        write("label/train_letters1.txt", good + "1,2,3,4,5,7\n");
        write("label/validate_letters.txt", good);
        TestCluster.writeData(outside, DIR);
        Files.createSymbolicLink(tmp.resolve("link"), outside.resolve("data"));
    }

    private void write(String path, String text) throws Exception {
        Files.createDirectories(tmp.resolve(path).getParent());
        Files.writeString(tmp.resolve(path), text);
    }

    /** start_job must refuse with InvalidRequest naming {@code expected}. */
    private void refused(String expected, String dir, int rounds, int epochs, int h, int k, double eta) {
        InvalidRequest e = assertThrows(InvalidRequest.class,
                () -> client.startJob(dir, rounds, epochs, h, k, eta, Map.of()), "accepted: " + expected);
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' does not name '" + expected + "'");
        REFUSED.incrementAndGet();
    }

    @Test
    void startJobRefusesBadArgumentsNamingThem() throws Exception {
        refused("rounds", DIR, 0, EPOCHS, H, K, ETA);
        refused("rounds", DIR, -3, EPOCHS, H, K, ETA);
        refused("rounds", DIR, JobSpec.MAX_ROUNDS + 1, EPOCHS, H, K, ETA);
        refused("epochs", DIR, ROUNDS, 0, H, K, ETA);
        refused("epochs", DIR, ROUNDS, JobSpec.MAX_EPOCHS + 1, H, K, ETA);
        refused("h must be >= 1", DIR, ROUNDS, EPOCHS, 0, K, ETA);
        refused("--max-hidden", DIR, ROUNDS, EPOCHS, MAX_HIDDEN + 1, K, ETA);
        refused("k", DIR, ROUNDS, EPOCHS, H, 1, ETA);
        refused("eta", DIR, ROUNDS, EPOCHS, H, K, Double.NaN);
        refused("eta", DIR, ROUNDS, EPOCHS, H, K, Double.POSITIVE_INFINITY);
        refused("eta", DIR, ROUNDS, EPOCHS, H, K, 0.0);
        refused("eta", DIR, ROUNDS, EPOCHS, H, K, -0.1);
        refused("dir is empty", "", ROUNDS, EPOCHS, H, K, ETA);
    }

    @Test
    void startJobRefusesBadDataNamingTheFile() throws Exception {
        refused("missing: no such directory", "missing", ROUNDS, EPOCHS, H, K, ETA);
        refused("no training files", "empty", ROUNDS, EPOCHS, H, K, ETA);
        refused("noval/validate_letters.txt: no such file", "noval", ROUNDS, EPOCHS, H, K, ETA);
        refused("cols/train_letters1.txt line 3: expected 6 columns", "cols", ROUNDS, EPOCHS, H, K, ETA);
        refused("nonint/train_letters1.txt line 3 column 3: 'x3' is not a finite number", "nonint", ROUNDS, EPOCHS, H, K,
                ETA);
        refused("label/train_letters1.txt line 3: label 7 is outside 0..2", "label", ROUNDS, EPOCHS, H, K, ETA);
    }

    @Test
    void pathsLeavingTheDataRootAreRefused() throws Exception {
        refused("outside the data root", "../" + outside.getFileName() + "/data", ROUNDS, EPOCHS, H, K, ETA);
        refused("outside the data root", "data/../../" + outside.getFileName() + "/data", ROUNDS, EPOCHS, H, K, ETA);
        refused("outside the data root", outside.resolve("data").toString(), ROUNDS, EPOCHS, H, K, ETA);
        refused("outside the data root", "/etc", ROUNDS, EPOCHS, H, K, ETA);
        refused("outside the data root", "link", ROUNDS, EPOCHS, H, K, ETA);
        // and the node refuses such a file when asked directly
        for (String file : List.of("../" + outside.getFileName() + "/data/train_letters1.txt", "/etc/passwd",
                "link/train_letters1.txt")) {
            nodeRefuses("outside the data root", task(file, weights(FEATURES, H, K)));
        }
        // the servers still serve
        String id = TestCluster.startJob(client);
        assertEquals(JobState.SUCCEEDED, TestCluster.awaitEnd(client, id).getState());
    }

    @Test
    void originalTrainCallReportsTheProblemInItsMessage() throws Exception {
        for (String[] c : new String[][] {{"missing", "no such directory"}, {"label", "label 7 is outside"},
                {"../x", "outside the data root"}}) {
            TApplicationException e = assertThrows(TApplicationException.class,
                    () -> original.client().train(c[0], ROUNDS, EPOCHS, H, K, ETA));
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            REFUSED.incrementAndGet();
        }
        TApplicationException e = assertThrows(TApplicationException.class,
                () -> original.client().train(DIR, 0, EPOCHS, H, K, ETA));
        assertTrue(e.getMessage().contains("rounds"), e.getMessage());
        REFUSED.incrementAndGet();
    }

    @Test
    void aBadShardOnANodeIsNeverTrainedTheCoordinatorsVersionIsShipped() throws Exception {
        Path nodeRoot = outside.resolve("noderoot");
        TestCluster.writeData(nodeRoot, DIR);
        Files.writeString(nodeRoot.resolve(DIR + "/train_letters2.txt"), "1,2,3,4,5,0\n1,2,3,4,5,9\n");
        ComputeNodeServer n = cluster.node(TestCluster.nodeConfig(nodeRoot, 0, 0, 7));
        cluster.coordinator(scheduler(30_000, 5_000), n.port());
        CoordinatorClient cl = cluster.client();
        String id = TestCluster.startJob(cl);
        mlptrainer.rpc.gen.JobStatus end = TestCluster.awaitEnd(cl, id);
        // the node's copy of shard 2 has another hash than the coordinator's: it is sent the right bytes
        assertEquals(JobState.SUCCEEDED, end.getState(), end.getError());
        assertTrue(n.service().shardCache().received() >= 1, "the coordinator's version was shipped");
        REFUSED.incrementAndGet();
        System.out.println("BAD-REQUESTS node's bad copy replaced by the shipped shard: " + end.getFinal_error());
    }

    static Weights weights(int d, int h, int k) {
        return HostileInputTest.weights(d, h, k);
    }

    static TaskRequest task(String file, Weights w) {
        return new TaskRequest(file, w, K, H, ETA, EPOCHS, 1);
    }

    private void nodeRefuses(String expected, TaskRequest r) {
        InvalidRequest e = assertThrows(InvalidRequest.class, () -> node.client().run_task(r), "accepted: " + expected);
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' does not name '" + expected + "'");
        REFUSED.incrementAndGet();
    }

    @Test
    void nodeRefusesBadTasksNamingTheProblem() throws Exception {
        String shard = DIR + "/train_letters1.txt";
        Weights nan = weights(FEATURES, H, K);
        nan.getW().get(2).set(1, Double.NaN);
        Weights inf = weights(FEATURES, H, K);
        inf.getV().get(0).set(0, Double.NEGATIVE_INFINITY);
        Weights shortV = weights(FEATURES, H, K);
        shortV.getV().remove(0);
        nodeRefuses("W[2][1] is NaN", task(shard, nan));
        nodeRefuses("is -Infinity", task(shard, inf));
        nodeRefuses("V must have " + (H + 1) + " rows", task(shard, shortV));
        nodeRefuses("features but the weights expect d=" + (FEATURES + 2), task(shard, weights(FEATURES + 2, H, K)));
        nodeRefuses("initial weights", task(shard, null));
        TaskRequest k1 = task(shard, weights(FEATURES, H, 1));
        k1.setK(1);
        nodeRefuses("k >= 2", k1);
        TaskRequest eta = task(shard, weights(FEATURES, H, K));
        eta.setEta(Double.NaN);
        nodeRefuses("eta", eta);
        TaskRequest epochs = task(shard, weights(FEATURES, H, K));
        epochs.setEpochs(0);
        nodeRefuses("epochs", epochs);
        nodeRefuses("missing/train_letters1.txt: no such file", task("missing/train_letters1.txt",
                weights(FEATURES, H, K)));
        nodeRefuses("cols/train_letters1.txt line 3", task("cols/train_letters1.txt", weights(FEATURES, H, K)));
        nodeRefuses("label 7 is outside", task("label/train_letters1.txt", weights(FEATURES, H, K)));
        TaskRequest noFile = task(null, weights(FEATURES, H, K));
        nodeRefuses("training_file is required", noFile);
        // the original's call: a TApplicationException naming the problem
        for (Object[] c : new Object[][] {{nan, "is NaN"}, {shortV, "V must have"}}) {
            TApplicationException e = assertThrows(TApplicationException.class, () -> node.client()
                    .train_with_weights(shard, (Weights) c[0], 0.0, K, H, ETA, EPOCHS, 1));
            assertTrue(e.getMessage().contains((String) c[1]), e.getMessage());
            REFUSED.incrementAndGet();
        }
        // and the node still trains a good task on the same connection
        assertTrue(node.client().run_task(task(shard, weights(FEATURES, H, K))).isAccepted());
    }
}
