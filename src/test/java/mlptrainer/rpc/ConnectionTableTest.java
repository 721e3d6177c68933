package mlptrainer.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Who gets a place in the connection table, who is evicted for it, and who is past a deadline. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionTableTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    private final List<Socket> sockets = new ArrayList<>();

    ConnectionTableTest() throws IOException {
    }

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        listener.close();
    }

    /** A real accepted connection from {@code from}, accepted at {@code acceptedNanos}; sends a byte when told. */
    private ServerConnection connection(String from, long acceptedNanos, boolean sendsAByte) throws IOException {
        Socket client = new Socket(listener.getInetAddress(), listener.getLocalPort(), InetAddress.getByName(from), 0);
        Socket accepted = listener.accept();
        sockets.add(client);
        sockets.add(accepted);
        if (sendsAByte) {
            client.getOutputStream().write(1);
            client.getOutputStream().flush();
            long deadline = System.nanoTime() + 10 * SECOND;
            while (accepted.getInputStream().available() == 0) {
                assertTrue(System.nanoTime() < deadline, "the byte never arrived");
                Thread.onSpinWait();
            }
        }
        return new ServerConnection(accepted, acceptedNanos);
    }

    @Test
    void anAddressAtItsLimitGivesUpItsOwnConnectionThatSentNothingFirstThenTheOldestWaiting() throws IOException {
        ConnectionTable table = new ConnectionTable(10, 3, 10 * SECOND, 600 * SECOND);
        ServerConnection waitingWithBytes = connection("127.0.0.1", 1, true); // unread: the table looks itself
        ServerConnection silent = connection("127.0.0.1", 2, false);
        ServerConnection other = connection("127.0.0.2", 0, false);
        ServerConnection silentToo = connection("127.0.0.1", 3, false);
        for (ServerConnection c : List.of(waitingWithBytes, silent, other, silentToo)) {
            assertTrue(table.admit(c).admitted());
        }

        ConnectionTable.Admission first = table.admit(connection("127.0.0.1", 4, false));
        ConnectionTable.Admission second = table.admit(connection("127.0.0.1", 5, false));

        assertTrue(first.admitted() && second.admitted());
        assertSame(silent, first.evicted(), "the oldest that sent nothing, not the older one that sent a byte");
        assertSame(silentToo, second.evicted());
        assertEquals("per-address", first.limit());
        assertEquals(4, table.size(), "127.0.0.2's connection was not touched");
    }

    @Test
    void aFullTableEvictsTheLongestIdleOnlyWhenNoneIsWaitingAndNeverOneInACall() throws IOException {
        ConnectionTable table = new ConnectionTable(3, 5, 10 * SECOND, 600 * SECOND);
        ServerConnection inCall = connection("127.0.0.1", 0, true);
        ServerConnection idleLong = connection("127.0.0.1", 0, true);
        ServerConnection idleShort = connection("127.0.0.1", 0, true);
        for (ServerConnection c : List.of(inCall, idleLong, idleShort)) {
            table.admit(c);
        }
        table.callStarted(inCall);
        table.callEnded(idleLong, 10);
        table.callEnded(idleShort, 20);

        ServerConnection newcomer = connection("127.0.0.1", 30, false);
        ConnectionTable.Admission a = table.admit(newcomer);
        ConnectionTable.Admission b = table.admit(connection("127.0.0.1", 31, false));

        assertSame(idleLong, a.evicted(), "the longest idle, as nothing was waiting");
        assertSame(newcomer, b.evicted(), "one waiting for its first message goes before an idle one");
        assertEquals("table", b.limit());
        assertEquals(3, table.size());
    }

    @Test
    void aClientSendingItsFirstMessageIsSparedForAGracePeriodThenGoesBeforeTheIdle() throws IOException {
        ConnectionTable table = new ConnectionTable(2, 2, 10 * SECOND, 600 * SECOND);
        ServerConnection idle = connection("127.0.0.1", 0, true);
        table.admit(idle);
        table.callEnded(idle, 0);
        ServerConnection sending = connection("127.0.0.1", 0, true);
        table.admit(sending);

        ConnectionTable.Admission withinGrace = table.admit(connection("127.0.0.1", SECOND / 2, true));
        ConnectionTable.Admission afterGrace = table.admit(connection("127.0.0.1", 3 * SECOND, true));

        assertSame(idle, withinGrace.evicted(), "a client sending within the grace period goes after the idle");
        assertSame(sending, afterGrace.evicted(), "past the grace period, the oldest waiting goes first");
    }

    @Test
    void aNewcomerIsRefusedWhenEveryConnectionIsInACall() throws IOException {
        ConnectionTable table = new ConnectionTable(2, 2, 10 * SECOND, 600 * SECOND);
        for (int i = 0; i < 2; i++) {
            ServerConnection c = connection("127.0.0.1", i, true);
            table.admit(c);
            table.callStarted(c);
        }

        ConnectionTable.Admission a = table.admit(connection("127.0.0.1", 5, false));

        assertFalse(a.admitted());
        assertNull(a.evicted());
        assertEquals(2, table.size());
    }

    @Test
    void theDeadlinesCloseTheSlowAndTheIdleButNotACallInProgress() throws IOException {
        ConnectionTable table = new ConnectionTable(10, 10, 10 * SECOND, 60 * SECOND);
        ServerConnection trickling = connection("127.0.0.1", 0, true);
        ServerConnection fresh = connection("127.0.0.1", 5 * SECOND, false);
        ServerConnection longCall = connection("127.0.0.1", 0, true);
        ServerConnection idle = connection("127.0.0.1", 0, true);
        for (ServerConnection c : List.of(trickling, fresh, longCall, idle)) {
            table.admit(c);
        }
        table.callStarted(longCall);
        table.callEnded(idle, SECOND);

        assertEquals(List.of(trickling), table.expired(11 * SECOND), "past the first-message deadline");
        assertEquals(List.of(fresh), table.expired(16 * SECOND));
        assertEquals(List.of(idle), table.expired(62 * SECOND), "idle past the idle timeout");
        assertEquals(List.of(), table.expired(1_000 * SECOND), "a call in progress has no deadline here");
        assertEquals(1, table.size());
    }
}
