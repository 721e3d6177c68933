package mlptrainer.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.coordinator.CoordinatorConfig;
import mlptrainer.coordinator.CoordinatorServer;
import mlptrainer.coordinator.NodeAddress;
import mlptrainer.coordinator.SchedulerOptions;
import mlptrainer.data.DataRoot;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.node.NodeConfig;
import mlptrainer.rpc.gen.JobModel;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.Unauthorized;
import mlptrainer.testing.TestData;
import org.apache.thrift.TException;
import mlptrainer.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS (mutual for nodes) and the shared token: a secured cluster trains the same model as a plain
 * one; wrong or missing credentials are refused with a clear error on both sides, never a hang.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecurityTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    @TempDir
    static Path keys;
    @TempDir
    Path tmp;
    private final List<AutoCloseable> servers = new ArrayList<>();

    /** One cluster key pair trusted by everyone, and a stranger's that nobody trusts. */
    @BeforeAll
    static void makeKeys() throws Exception {
        TestKeys.make(keys);
        TestKeys.keytool("-genkeypair", "-alias", "stranger", "-keyalg", "EC", "-dname", "CN=stranger", "-validity", "2",
                "-keystore", keys.resolve("stranger.p12").toString(), "-storepass", "changeit");
    }

    private static TlsConfig tls(String keystore, boolean clientAuth) throws IOException {
        return TlsConfig.load(keys.resolve(keystore), PASSWORD, keys.resolve("trust.p12"), PASSWORD, clientAuth);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    /** Starts two nodes and a coordinator; returns the coordinator's port. */
    private int cluster(TlsConfig nodeTls, AuthToken nodeToken, Security coordinatorSecurity, TlsConfig serverTls)
            throws IOException {
        TestData.write(tmp.resolve("data"), 3, 40, 4, 3, 11L);
        List<NodeAddress> nodes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ComputeNodeServer n = ComputeNodeServer.start(new NodeConfig(0, 0, 1, new DataRoot(tmp), 8, 1L),
                    ServerOptions.onPort(0).withBindAddress("127.0.0.1").withTls(nodeTls), nodeToken);
            servers.add(n);
            nodes.add(new NodeAddress("127.0.0.1", n.port()));
        }
        CoordinatorServer c = CoordinatorServer.start(new CoordinatorConfig(3, nodes, new DataRoot(tmp),
                SchedulerOptions.DEFAULTS.withNoNodeTimeoutMs(3_000), 64, 15_000, 1L),
                ServerOptions.onPort(0).withBindAddress("127.0.0.1").withTls(serverTls), coordinatorSecurity);
        servers.add(c);
        return c.port();
    }

    private static JobStatus runToEnd(CoordinatorClient client) throws TException {
        String job = client.startJob("data", 3, 10, 4, 3, 0.01, Map.of());
        JobStatus s = client.awaitStatus(job);
        while (s.getState() == JobState.RUNNING) {
            s = client.awaitStatus(job);
        }
        return s;
    }

    private JobModel plainModel() throws Exception {
        int port = cluster(null, AuthToken.NONE, Security.NONE, null);
        try (CoordinatorClient client = CoordinatorClient.connect("127.0.0.1", port, "")) {
            JobStatus s = runToEnd(client);
            assertEquals(JobState.SUCCEEDED, s.getState(), s.getError());
            return client.model(s.getJob_id());
        } finally {
            stop();
            servers.clear();
        }
    }

    @Test
    void securedClusterTrainsTheSameModelAsAPlainOne() throws Exception {
        JobModel plain = plainModel();
        AuthToken token = AuthToken.of("s3cret");
        TlsConfig tls = tls("cluster.p12", true);
        int port = cluster(tls, token, new Security(token, tls), tls.withClientAuth(false));
        try (CoordinatorClient client = CoordinatorClient.connect("127.0.0.1", port,
                new Security(token, tls("cluster.p12", false)))) {
            JobStatus s = runToEnd(client);
            assertEquals(JobState.SUCCEEDED, s.getState(), s.getError());
            assertEquals(plain.getLast(), client.model(s.getJob_id()).getLast());
        }
    }

    @Test
    void wrongOrMissingTokenIsRefused() throws Exception {
        AuthToken token = AuthToken.of("s3cret");
        int port = cluster(null, token, new Security(token, null), null);
        try (CoordinatorClient wrong = CoordinatorClient.connect("127.0.0.1", port, "guess")) {
            Unauthorized e = assertThrows(Unauthorized.class, () -> wrong.startJob("data", 1, 1, 4, 3, 0.01, Map.of()));
            assertTrue(e.getMessage().contains("token"), e.getMessage());
        }
        try (CoordinatorClient none = CoordinatorClient.connect("127.0.0.1", port, "")) {
            assertThrows(Unauthorized.class, none::status);
            assertThrows(org.apache.thrift.TApplicationException.class,
                    () -> none.trainBlocking("data", 1, 1, 4, 3, 0.01));
        }
    }

    @Test
    void coordinatorWithTheWrongTokenForItsNodesFailsTheJobClearly() throws Exception {
        int port = cluster(null, AuthToken.of("node-secret"), new Security(AuthToken.of("other"), null), null);
        try (CoordinatorClient client = CoordinatorClient.connect("127.0.0.1", port, "other")) {
            JobStatus s = runToEnd(client);
            assertEquals(JobState.FAILED, s.getState());
            assertTrue(s.getError().contains("unauthorized"), s.getError());
        }
    }

    @Test
    void plainClientOfATlsServerAndAnUntrustedCertificateFailWithoutHanging() throws Exception {
        TlsConfig tls = tls("cluster.p12", true);
        int port = cluster(tls, AuthToken.NONE, new Security(AuthToken.NONE, tls), tls.withClientAuth(false));
        try (CoordinatorClient plain = CoordinatorClient.connect("127.0.0.1", port, "")) {
            assertThrows(TException.class, plain::status);
        }
        TlsConfig stranger = TlsConfig.load(keys.resolve("stranger.p12"), PASSWORD, keys.resolve("stranger.p12"),
                PASSWORD, false);
        assertThrows(TException.class, () -> CoordinatorClient.connect("127.0.0.1", port,
                new Security(AuthToken.NONE, stranger)).status());
    }
}
