package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the dashboard's cluster page says of each node: up or down with the reason, and what it runs. */
class NodeViewTest {
    private static final long SECOND = 1_000_000_000L;
    private final NodeRegistry registry = new NodeRegistry(60_000);
    private final NodeAddress listed = new NodeAddress("127.0.0.1", 9091);
    private final NodeAddress joined = new NodeAddress("127.0.0.1", 9092);

    private NodeView view(NodeAddress a, long now) {
        return registry.views(now).stream().filter(v -> v.address().equals(a.toString())).findFirst().orElseThrow();
    }

    @Test
    void aListedNodeThatFailedIsDownWithItsErrorAndWhenItIsTriedAgain() {
        registry.addListed(List.of(listed));
        NodeHandle n = registry.all().get(0);
        registry.acquire(n);
        assertEquals(1, view(listed, 0).busySlots());
        registry.releaseFailed(n, "connection refused", 0);
        NodeView v = view(listed, 0);
        assertFalse(v.up());
        assertTrue(v.listed() && !v.joined());
        assertEquals("connection refused (tried again in 1 s)", v.reason());
        assertEquals("connection refused", view(listed, SECOND).reason());
        assertEquals(0, v.busySlots());
    }

    @Test
    void aJoinedNodeIsDownWhenItLeftOrItsLeaseRanOut() {
        registry.join(joined, "127.0.0.1", 1_000, 0);
        NodeView up = view(joined, 0);
        assertTrue(up.up() && up.joined() && !up.listed());
        assertEquals("", up.reason());
        assertEquals("no heartbeat within its lease", view(joined, 2 * SECOND).reason());
        registry.leave(joined, "127.0.0.1", SECOND / 2);
        assertEquals("left", view(joined, SECOND / 2).reason());
    }
}
