package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import mlptrainer.cli.Cli;
import mlptrainer.cli.StatusCommand;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.rpc.gen.NodeStat;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A listed node shows as up in status only once it has answered: a node list may name nodes that are not running. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListedNodeStatusTest {
    @TempDir
    Path root;
    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aListedNodeWithNothingListeningIsDownFromTheStartAndAfterTheCoordinatorContactsIt() throws Exception {
        cluster = TestCluster.withData(root).nodes(1);
        NodeAddress live = cluster.addresses().get(0);
        NodeAddress dead = cluster.deadNode();
        CoordinatorServer server = cluster.coordinator(1);
        try (CoordinatorClient c = cluster.client()) {
            Map<String, NodeStat> fresh = nodes(c);
            assertFalse(fresh.get(dead.toString()).isUp(), "never answered: " + fresh);
            assertEquals(NodeRegistry.NOT_CONTACTED, fresh.get(dead.toString()).getLast_error());
            assertFalse(fresh.get(live.toString()).isUp(), "not contacted yet either: " + fresh);

            assertEquals("connected to 1 of 2 nodes", server.connectToNodes());

            Map<String, NodeStat> contacted = nodes(c);
            assertTrue(contacted.get(live.toString()).isUp(), contacted.toString());
            assertFalse(contacted.get(live.toString()).isSetLast_error(), contacted.toString());
            assertFalse(contacted.get(dead.toString()).isUp(), contacted.toString());
            assertTrue(contacted.get(dead.toString()).getLast_error().contains("refused"), contacted.toString());
        }
    }

    @Test
    void theStatusCommandShowsTheDeadListedNodeAsDown() throws Exception {
        cluster = TestCluster.withData(root);
        NodeAddress dead = cluster.deadNode();
        cluster.coordinator(1);
        StringWriter out = new StringWriter();
        int code = Cli.run(new StatusCommand(), new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true), TestCluster.HOST,
                String.valueOf(cluster.coordinatorPort()));

        assertEquals(0, code);
        String line = out.toString().lines().filter(l -> l.startsWith(dead.toString())).findFirst().orElseThrow();
        assertTrue(line.matches(Pattern.quote(dead.toString()) + "\\s+no\\s.*"), line);
    }

    private static Map<String, NodeStat> nodes(CoordinatorClient c) throws Exception {
        return c.status().getNodes().stream().collect(Collectors.toMap(NodeStat::getNode, Function.identity()));
    }
}
