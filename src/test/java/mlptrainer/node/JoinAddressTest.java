package mlptrainer.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import mlptrainer.coordinator.NodeAddress;
import mlptrainer.testing.LogCapture;
import org.junit.jupiter.api.Test;

/**
 * A node that joins without --advertise names the address of the interface it reaches the
 * coordinator through, and warns when it would tell a coordinator on another host a loopback
 * address. Everything here stays on loopback or on address literals (no lookups, no connections
 * beyond 127.0.0.1).
 */
class JoinAddressTest {
    @Test
    void theAdvertisedAddressIsTheLocalAddressOfAConnectionToTheCoordinator() throws Exception {
        try (ServerSocket coordinator = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket connection = new Socket()) {
            NodeAddress address = new NodeAddress("127.0.0.1", coordinator.getLocalPort());
            connection.connect(new InetSocketAddress("127.0.0.1", coordinator.getLocalPort()));

            Optional<String> chosen = Joiner.addressTowards(address);

            assertEquals(Optional.of(connection.getLocalAddress().getHostAddress()), chosen);
        }
    }

    @Test
    void aLoopbackAddressToldToACoordinatorOnAnotherHostIsWarnedAbout() {
        NodeAddress remote = new NodeAddress("192.0.2.7", 9090);
        NodeAddress local = new NodeAddress("127.0.0.1", 9090);
        try (LogCapture log = new LogCapture(Joiner.class, Level.WARN)) {
            assertTrue(Joiner.warnIfLoopbackToRemote(new NodeAddress("127.0.0.1", 9091), remote));
            assertTrue(Joiner.warnIfLoopbackToRemote(new NodeAddress("localhost", 9091), remote));
            assertFalse(Joiner.warnIfLoopbackToRemote(new NodeAddress("127.0.0.1", 9091), local));
            assertFalse(Joiner.warnIfLoopbackToRemote(new NodeAddress("localhost", 9091),
                    new NodeAddress("localhost", 9090)));
            assertFalse(Joiner.warnIfLoopbackToRemote(new NodeAddress("198.51.100.3", 9091), remote));

            assertEquals(2, log.count(m -> m.contains("a loopback address") && m.contains("192.0.2.7:9090")
                    && m.contains("--advertise")));
        }
    }
}
