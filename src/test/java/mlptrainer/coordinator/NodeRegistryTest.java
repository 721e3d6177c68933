package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Membership rules of the registry: the cap on joined nodes and whose leave is taken. */
class NodeRegistryTest {
    private static final long LEASE_MS = 1_000;
    private static final long LEASE_NANOS = LEASE_MS * 1_000_000L;
    private static final String SOURCE = "10.0.0.1";

    @Test
    void joinsBeyondTheCapAreRefusedUntilALeaseEnds() {
        NodeRegistry registry = new NodeRegistry(1_000);
        registry.addListed(List.of(new NodeAddress("listed", 1)));
        for (int i = 1; i <= NodeRegistry.MAX_JOINED_NODES; i++) {
            registry.join(new NodeAddress("joined", i), SOURCE, LEASE_MS, 0);
        }
        IllegalStateException full = assertThrows(IllegalStateException.class,
                () -> registry.join(new NodeAddress("one-more", 1), SOURCE, LEASE_MS, 0));
        assertTrue(full.getMessage().contains(NodeRegistry.MAX_JOINED_NODES + " joined nodes"), full.getMessage());
        assertEquals(NodeRegistry.MAX_JOINED_NODES + 1, registry.all().size(), "the refused node was registered");
        registry.join(new NodeAddress("joined", 2), SOURCE, LEASE_MS, 0); // a renewal is not a new node

        // every lease but the renewed ones ended: a lapsed node makes room, listed nodes stay
        registry.join(new NodeAddress("joined", 1), SOURCE, LEASE_MS, LEASE_NANOS / 2);
        registry.join(new NodeAddress("late", 1), SOURCE, LEASE_MS, LEASE_NANOS + 1);
        assertEquals(NodeRegistry.MAX_JOINED_NODES + 1, registry.all().size());
        assertTrue(registry.all().stream().anyMatch(n -> n.address().host().equals("listed")));
        long distinctIndexes = registry.all().stream().mapToInt(NodeHandle::index).distinct().count();
        assertEquals(registry.all().size(), distinctIndexes, "indexes stay unique after a node is forgotten");
    }

    @Test
    void aLeaveIsTakenOnlyFromTheAddressTheNodeJoinedFrom() {
        NodeRegistry registry = new NodeRegistry(1_000);
        NodeAddress joined = new NodeAddress("joined", 1);
        registry.join(joined, SOURCE, LEASE_MS, 0);
        assertEquals(NodeRegistry.Leave.OTHER_SOURCE, registry.leave(joined, "10.0.0.2", 0));
        assertEquals(1, registry.members(0), "another address sent the node away");
        assertEquals(NodeRegistry.Leave.NOT_JOINED, registry.leave(new NodeAddress("never", 1), SOURCE, 0));
        assertEquals(NodeRegistry.Leave.LEFT, registry.leave(joined, SOURCE, 0));
        assertEquals(0, registry.members(0));
    }

    @Test
    void aListedNodeIsNeverRemovedByALeave() {
        NodeRegistry registry = new NodeRegistry(1_000);
        NodeAddress listed = new NodeAddress("listed", 1);
        registry.addListed(List.of(listed));
        assertEquals(NodeRegistry.Leave.NOT_JOINED, registry.leave(listed, SOURCE, 0), "never joined: not its leave");
        assertEquals(1, registry.free(0).size());

        registry.join(listed, SOURCE, LEASE_MS, 0);
        assertEquals(NodeRegistry.Leave.BACKING_OFF, registry.leave(listed, SOURCE, 0));
        assertEquals(1, registry.members(0), "still listed");
        assertEquals(0, registry.free(0).size(), "backing off");
        long retry = registry.nextRetryNanos(0);
        assertTrue(retry > 0 && retry < Long.MAX_VALUE, "tried again later: " + retry);
        assertEquals(1, registry.free(retry).size());
        registry.join(listed, SOURCE, LEASE_MS, 1);
        assertEquals(1, registry.free(1).size(), "comes back at once when it heartbeats");
    }
}
