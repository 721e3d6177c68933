package mlptrainer.metrics;

import static mlptrainer.testing.TestCluster.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mlptrainer.SizeLimits;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.coordinator.CoordinatorConfig;
import mlptrainer.coordinator.CoordinatorServer;
import mlptrainer.coordinator.JobRun;
import mlptrainer.coordinator.RoundLoopHook;
import mlptrainer.data.DataRoot;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.Security;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.Unauthorized;
import mlptrainer.testing.TestCluster;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TMemoryBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's /metrics, scraped over HTTP from the JDK's server while a real job on a
 * loopback cluster is held between its rounds, and again after it ended: the counts move as the
 * job does, and the page is the Prometheus text format.
 */
class CoordinatorMetricsTest {
    private static final String TOKEN = "metrics-test-token";
    /** Each task is held this long on its node, so that attempts take a known least time. */
    private static final long TASK_LOAD_MS = 20;
    private static final int SHARDS = 4;
    private static final long WAIT_S = 120;

    @TempDir
    Path tmp;
    private TestCluster cluster;
    private HttpServer http;

    @AfterEach
    void stop() {
        if (http != null) {
            http.stop(0);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void countsMoveAsAJobRunsAndThePageIsPrometheusText() throws Exception {
        cluster = TestCluster.withData(tmp);
        cluster.node(1.0, TASK_LOAD_MS);
        cluster.node(1.0, TASK_LOAD_MS);
        CoordinatorMetrics metrics = new CoordinatorMetrics();
        try (CoordinatorServer coordinator = startCoordinator(metrics)) {
            metrics.watchJobs(coordinator.jobs());
            URI uri = serve(metrics);
            refuseAWrongToken(coordinator.port());
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            RoundLoopHook.set(coordinator, () -> holdAfterFirstRound(coordinator, held, release));
            try (CoordinatorClient client = CoordinatorClient.connect(HOST, coordinator.port(), TOKEN)) {
                String id = TestCluster.startJob(client);
                assertTrue(held.await(WAIT_S, TimeUnit.SECONDS), "the job never reached its second round");
                PrometheusText during = scrape(uri);
                release.countDown();
                JobStatus end = TestCluster.awaitEnd(client, id);
                assertEquals(JobState.SUCCEEDED, end.getState(), end.getError());
                PrometheusText after = scrape(uri);
                assertEquals(405, HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode(), "only GET and HEAD");
                assertDuringTheJob(during);
                assertAfterTheJob(during, after);
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void refusalsAreCountedByReason() throws Exception {
        cluster = TestCluster.withData(tmp);
        CoordinatorMetrics metrics = new CoordinatorMetrics();
        CoordinatorConfig config = new CoordinatorConfig(1, List.of(), new DataRoot(tmp),
                TestCluster.scheduler(30_000, 30_000), TestCluster.MAX_HIDDEN, 15_000, 11);
        ServerOptions options = ServerOptions.onPort(0).withBindAddress(HOST).withLimits(RpcLimits.forCoordinator());
        try (CoordinatorServer coordinator = CoordinatorServer.start(config, options, Security.NONE, metrics)) {
            sendAndAwaitAnswer(coordinator.port(), callClaimingAHugeString());
        }
        // one connection at a time: a newcomer takes the place of one that has sent nothing
        try (CoordinatorServer coordinator = CoordinatorServer.start(config, options.withConnections(1, 1, 30_000),
                Security.NONE, metrics);
                Socket silent = new Socket(HOST, coordinator.port());
                CoordinatorClient client = CoordinatorClient.connect(HOST, coordinator.port(), "")) {
            client.status(); // served only once the silent connection was evicted for it
        }
        PrometheusText page = scrapeDirectly(metrics);
        assertEquals(1, page.value("mlptrainer_refused_total{reason=\"too_large\"}"));
        assertEquals(1, page.value("mlptrainer_refused_total{reason=\"evicted\"}"));
        assertEquals(2, page.sum("mlptrainer_refused_total"), "nothing else refused");
    }

    /** A start_job call whose first string claims a gigabyte: past every limit of the coordinator's. */
    private static byte[] callClaimingAHugeString() throws Exception {
        TMemoryBuffer buf = new TMemoryBuffer(64);
        TBinaryProtocol p = new TBinaryProtocol(buf);
        p.writeMessageBegin(new TMessage("start_job", TMessageType.CALL, 1));
        p.writeStructBegin(new TStruct("start_job_args"));
        p.writeFieldBegin(new TField("dir", TType.STRING, (short) 1));
        p.writeI32(1 << 30);
        return Arrays.copyOf(buf.getArray(), buf.length());
    }

    /**
     * Sends the bytes and waits for the server's answer (an error) or its closing the connection:
     * either comes after the refusal was counted.
     */
    private static void sendAndAwaitAnswer(int port, byte[] bytes) throws Exception {
        try (Socket s = new Socket(HOST, port)) {
            s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_S));
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            s.getInputStream().read();
        }
    }

    private static PrometheusText scrapeDirectly(CoordinatorMetrics metrics) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.scrape(out);
        return PrometheusText.parse(out.toString(StandardCharsets.UTF_8));
    }

    private CoordinatorServer startCoordinator(CoordinatorMetrics metrics) throws Exception {
        CoordinatorConfig config = new CoordinatorConfig(1, cluster.addresses(), new DataRoot(tmp),
                TestCluster.scheduler(30_000, 30_000), TestCluster.MAX_HIDDEN, 15_000, 11)
                .withCheckpointDir(tmp.resolve("checkpoints"));
        return CoordinatorServer.start(config, ServerOptions.onPort(0).withBindAddress(HOST),
                new Security(AuthToken.of(TOKEN), null), metrics);
    }

    private URI serve(CoordinatorMetrics metrics) throws Exception {
        http = HttpServer.create(new InetSocketAddress(HOST, 0), 0);
        http.createContext("/metrics", new MetricsHandler(metrics));
        http.start();
        return URI.create("http://" + HOST + ":" + http.getAddress().getPort() + "/metrics");
    }

    private static void refuseAWrongToken(int port) throws Exception {
        try (CoordinatorClient wrong = CoordinatorClient.connect(HOST, port, "not-the-token")) {
            assertThrows(Unauthorized.class, wrong::status);
        }
    }

    /** On the job's thread: once its first round is published, stops there until released (once). */
    private static void holdAfterFirstRound(CoordinatorServer coordinator, CountDownLatch held,
            CountDownLatch release) {
        List<JobRun> jobs = coordinator.jobs().all();
        if (held.getCount() == 0 || jobs.isEmpty() || jobs.get(0).progress().round() < 1) {
            return;
        }
        held.countDown();
        try {
            release.await(WAIT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static PrometheusText scrape(URI uri) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                r.headers().toString());
        return PrometheusText.parse(r.body());
    }

    private static void assertDuringTheJob(PrometheusText during) {
        // held in round 2's loop: round 1 is published, round 2 cannot be
        assertEquals(1, during.value("mlptrainer_rounds_completed_total"));
        assertEquals(1, during.value("mlptrainer_jobs{state=\"running\"}"));
        assertEquals(0, during.value("mlptrainer_jobs{state=\"succeeded\"}"));
        assertTrue(during.has("mlptrainer_jobs{state=\"failed\"}"), "every state is listed, zeros included");
        assertTrue(during.value("mlptrainer_task_attempts_total{outcome=\"accepted\"}") >= SHARDS);
        assertTrue(during.sum("mlptrainer_node_busy_seconds_total") >= SHARDS * TASK_LOAD_MS / 1000.0);
        assertTrue(during.value("mlptrainer_shipped_bytes_total{payload=\"weights_sent\"}") > 0);
        assertEquals(1, during.value("mlptrainer_refused_total{reason=\"wrong_token\"}"));
        assertTrue(during.value("jvm_memory_used_bytes{area=\"heap\"}") > 0, "JVM memory is exported");
    }

    private static void assertAfterTheJob(PrometheusText during, PrometheusText after) {
        int attempts = TestCluster.ROUNDS * SHARDS;
        assertEquals(TestCluster.ROUNDS, after.value("mlptrainer_rounds_completed_total"));
        assertEquals(TestCluster.ROUNDS, after.value("mlptrainer_checkpoint_writes_total"));
        assertEquals(0, after.value("mlptrainer_jobs{state=\"running\"}"));
        assertEquals(1, after.value("mlptrainer_jobs{state=\"succeeded\"}"));
        assertEquals(attempts, after.value("mlptrainer_task_attempts_total{outcome=\"accepted\"}"));
        assertEquals(attempts, after.sum("mlptrainer_task_attempts_total"), "only accepted attempts in this job");
        assertEquals(attempts, after.value("mlptrainer_task_duration_seconds_count"));
        assertEquals(attempts, after.value("mlptrainer_task_duration_seconds_bucket{le=\"+Inf\"}"));
        double leastBusy = attempts * TASK_LOAD_MS / 1000.0;
        assertTrue(after.value("mlptrainer_task_duration_seconds_sum") >= leastBusy);
        assertTrue(after.sum("mlptrainer_node_busy_seconds_total") > during.sum("mlptrainer_node_busy_seconds_total"));
        assertEquals(2, after.samplesNamed("mlptrainer_node_busy_seconds_total"), "one series per node");
        assertEquals(0, after.sum("mlptrainer_node_failures_total"));
        long weightBytes = 8 * SizeLimits.weightValues(TestCluster.FEATURES, TestCluster.H, TestCluster.K);
        assertEquals(attempts * weightBytes, after.value("mlptrainer_shipped_bytes_total{payload=\"weights_sent\"}"));
        assertEquals(attempts * weightBytes,
                after.value("mlptrainer_shipped_bytes_total{payload=\"deltas_received\"}"));
        assertEquals(1, after.value("mlptrainer_refused_total{reason=\"wrong_token\"}"));
    }
}
