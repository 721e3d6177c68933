package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.gen.Coordinator;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.NodeStat;
import mlptrainer.rpc.gen.Unauthorized;
import mlptrainer.testing.TestCluster;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership attacks (issue 15, item 1): a caller without the token cannot join a node, send a
 * node away or make the coordinator connect anywhere; with the token a leave is taken only from
 * the node's own address; a claimed address is checked before it costs memory.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MembershipAttackTest {
    private static final String TOKEN = "membership-attack-token";
    /** Each attack is tried this many times; every try must be refused. */
    private static final int TRIES = 10;
    private static final int HUGE_HOSTS = 100;
    private static final String OTHER_SOURCE = "127.0.0.2";

    @TempDir
    Path root;
    TestCluster cluster;
    AcceptCounter trap;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.withData(root);
        trap = new AcceptCounter();
    }

    @AfterEach
    void stop() throws IOException {
        cluster.close();
        trap.close();
    }

    @Test
    void heartbeatWithoutATokenIsRefusedAndTheAddressItNamesIsNeverContacted() throws Exception {
        ComputeNodeServer listed = cluster.node(0, 0);
        CoordinatorServer c = cluster.coordinator(1, TestCluster.scheduler(30_000, 20_000));
        try (ComputeNodeServer stranger = ComputeNodeServer.start(TestCluster.nodeConfig(root, 0, 0, 1),
                ServerOptions.onPort(0).withBindAddress(TestCluster.HOST));
                Link raw = connect(TestCluster.HOST)) {
            for (int i = 0; i < TRIES; i++) {
                for (int port : new int[] {trap.port(), stranger.port()}) {
                    for (String token : new String[] {"", "a-guess"}) {
                        Unauthorized u = assertThrows(Unauthorized.class,
                                () -> raw.client().heartbeat(TestCluster.HOST, port, token));
                        assertTrue(u.getMessage().contains("takes no joins"), u.getMessage());
                    }
                }
            }
            c.connectToNodes(); // what the warm-up does once it is done: connect ahead to every node
            TestCluster.JobResult r = cluster.runJob(TestCluster.DIR);
            assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
            assertEquals(List.of(TestCluster.HOST + ":" + listed.port()),
                    r.status().getNodes().stream().map(NodeStat::getNode).toList(), "only the listed node trains");
            assertEquals(1, c.jobs().registry().all().size(), "nothing registered");
            assertEquals(0, trap.accepted(), "the coordinator connected to an address a stranger named");
        }
    }

    @Test
    void leaveWithoutATokenIsRefusedAndTheListedNodeKeepsTraining() throws Exception {
        ComputeNodeServer listed = cluster.node(0, 0);
        cluster.coordinator(1, TestCluster.scheduler(30_000, 20_000));
        try (Link raw = connect(TestCluster.HOST)) {
            for (int i = 0; i < TRIES; i++) {
                Unauthorized u = assertThrows(Unauthorized.class,
                        () -> raw.client().leave(TestCluster.HOST, listed.port(), ""));
                assertTrue(u.getMessage().contains("takes no joins or leaves"), u.getMessage());
            }
        }
        for (int job = 0; job < 3; job++) {
            TestCluster.JobResult r = cluster.runJob(TestCluster.DIR);
            assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
            assertEquals(TestCluster.ROUNDS * 4, TestCluster.nodeStat(r.status(), listed.port()).getTasks_accepted());
        }
    }

    @Test
    void withTheTokenALeaveFromAnotherAddressIsRefused() throws Exception {
        CoordinatorServer c = cluster.withToken(TOKEN).coordinator(1, TestCluster.scheduler(30_000, 20_000));
        try (ComputeNodeServer joined = ComputeNodeServer.start(TestCluster.nodeConfig(root, 0, 0, 1),
                ServerOptions.onPort(0).withBindAddress(TestCluster.HOST));
                Link own = connect(TestCluster.HOST);
                Link other = connect(OTHER_SOURCE)) {
            own.client().heartbeat(TestCluster.HOST, joined.port(), TOKEN);
            for (int i = 0; i < TRIES; i++) {
                Unauthorized u = assertThrows(Unauthorized.class,
                        () -> other.client().leave(TestCluster.HOST, joined.port(), TOKEN));
                assertTrue(u.getMessage().contains("from the address it joined from"), u.getMessage());
            }
            TestCluster.JobResult r = cluster.runJob(TestCluster.DIR);
            assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
            assertEquals(TestCluster.ROUNDS * 4, TestCluster.nodeStat(r.status(), joined.port()).getTasks_accepted());

            own.client().leave(TestCluster.HOST, joined.port(), TOKEN);
            assertEquals(0, c.jobs().registry().members(System.nanoTime()), "the node's own leave is taken");
        }
    }

    @Test
    void aListedNodeThatLeavesIsTriedAgainNotRemoved() throws Exception {
        ComputeNodeServer listed = cluster.node(0, 0);
        cluster.withToken(TOKEN).coordinator(1, TestCluster.scheduler(30_000, 20_000));
        try (Link own = connect(TestCluster.HOST)) {
            for (int i = 0; i < TRIES; i++) {
                own.client().heartbeat(TestCluster.HOST, listed.port(), TOKEN);
                own.client().leave(TestCluster.HOST, listed.port(), TOKEN);
                TestCluster.JobResult r = cluster.runJob(TestCluster.DIR);
                assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
            }
        }
    }

    @Test
    void hugeAndMalformedAddressesAreRefusedWithoutRegisteringAnything() throws Exception {
        cluster.node(0, 0);
        CoordinatorServer c = cluster.withToken(TOKEN).coordinator(1, TestCluster.scheduler(30_000, 20_000));
        try (Link raw = connect(TestCluster.HOST)) {
            String megabyte = "a".repeat(1_000_000 - 4);
            for (int i = 0; i < HUGE_HOSTS; i++) {
                String host = megabyte + String.format("%04d", i);
                InvalidRequest e = assertThrows(InvalidRequest.class, () -> raw.client().heartbeat(host, 1, TOKEN));
                assertTrue(e.getMessage().contains("more than 253") && e.getMessage().length() < 200,
                        e.getMessage().substring(0, Math.min(200, e.getMessage().length())));
            }
            for (String host : new String[] {"evil host", "a\nb", "x/y", "\u00e9t\u00e9"}) {
                assertThrows(InvalidRequest.class, () -> raw.client().heartbeat(host, 1, TOKEN), host);
            }
            for (int port : new int[] {0, -1, 65536}) {
                assertThrows(InvalidRequest.class, () -> raw.client().heartbeat(TestCluster.HOST, port, TOKEN));
            }
        }
        assertEquals(1, c.jobs().registry().all().size(), "only the listed node");
        TestCluster.JobResult r = cluster.runJob(TestCluster.DIR);
        assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
    }

    @Test
    void aNodeNeitherListedNorJoinedIsNeverConnectedTo() throws Exception {
        NodeClient client = new NodeClient(2_000, RpcLimits.DEFAULT, mlptrainer.rpc.Security.NONE);
        NodeHandle stranger = new NodeHandle(new NodeAddress(TestCluster.HOST, trap.port()), 0);
        assertFalse(client.connectAhead(stranger), "reported as reached");
        assertEquals(0, trap.accepted(), "connected to a node that was neither listed nor joined");
    }

    /** A connection to the cluster's coordinator from the loopback address {@code source}. */
    private Link connect(String source) throws Exception {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(source, 0));
        s.connect(new InetSocketAddress(TestCluster.HOST, cluster.coordinatorPort()), 2_000);
        s.setSoTimeout(30_000);
        TSocket transport = new TSocket(s);
        return new Link(transport, new Coordinator.Client(RpcLimits.DEFAULT.protocolFactory().getProtocol(transport)));
    }

    /** A raw coordinator connection, as an attacker would make one. */
    private record Link(TSocket transport, Coordinator.Client client) implements AutoCloseable {
        @Override
        public void close() {
            transport.close();
        }
    }

    /** A loopback port that counts the connections made to it and closes each at once. */
    static final class AcceptCounter implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName(TestCluster.HOST));
        private final AtomicInteger accepted = new AtomicInteger();

        AcceptCounter() throws IOException {
            Thread t = new Thread(this::acceptAll, "accept-counter");
            t.setDaemon(true);
            t.start();
        }

        private void acceptAll() {
            try {
                while (true) {
                    try (Socket s = listener.accept()) {
                        accepted.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                // closed: the test is over
            }
        }

        int port() {
            return listener.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
