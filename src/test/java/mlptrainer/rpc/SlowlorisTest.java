package mlptrainer.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.testing.ConnectionFlood;
import mlptrainer.testing.LogCapture;
import mlptrainer.testing.TestCluster;
import mlptrainer.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 5: a peer sending its first message a byte at a time, which an idle read timeout
 * never catches, is closed at the first-message deadline, over plain sockets and over TLS (where
 * the server's thread is blocked inside the handshake).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a guard against a hang, not a performance bound
class SlowlorisTest {
    private static final int DEADLINE_MS = 300;
    /** Well under the deadline, so that every read the server makes gets a byte soon. */
    private static final long TRICKLE_MS = 20;
    /** A guard against waiting for ever on a server that keeps the connection, far above the deadline. */
    private static final int STILL_OPEN_MS = 60_000;

    @Test
    void aPlainSlowlorisIsClosedAtTheFirstMessageDeadline() throws Exception {
        assertClosedAtTheDeadline(null, ConnectionFlood.slowThriftCall());
    }

    @Test
    void aTlsSlowlorisIsClosedAtTheFirstMessageDeadline(@TempDir Path keys) throws Exception {
        TestKeys.make(keys);
        assertClosedAtTheDeadline(TestKeys.tls(keys, true), ConnectionFlood.slowTlsHandshake());
    }

    private static void assertClosedAtTheDeadline(TlsConfig tls, byte[] trickle) throws Exception {
        ServerOptions options = ServerOptions.onPort(0).withBindAddress(TestCluster.HOST).withTls(tls)
                .withConnections(ServerOptions.DEFAULT_MAX_CONNECTIONS,
                        ServerOptions.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, DEADLINE_MS);
        try (LogCapture log = new LogCapture(RpcServer.class, Level.WARN);
                RpcServer server = RpcServer.start("slowloris-target", new ComputeNode.Processor<>(null), options);
                Socket socket = new Socket(TestCluster.HOST, server.port())) {
            socket.setSoTimeout(STILL_OPEN_MS);
            AtomicInteger sent = new AtomicInteger();
            Thread trickler = new Thread(() -> trickle(socket, trickle, sent), "slowloris");
            trickler.setDaemon(true);
            trickler.start();
            long start = System.nanoTime();
            assertTrue(closedByServer(socket.getInputStream()), "the server answered a message never completed, or kept the connection");
            long openMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            trickler.join(10_000);
            List<String> lines = deadlineLines(log);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lines.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10); // the reaper logs just after it closed the socket: polling, bounded
                lines = deadlineLines(log);
            }
            assertEquals(1, lines.size(), String.valueOf(lines));
            System.out.printf("slowloris (%s): closed after %d ms and %d bytes, deadline %d ms%n",
                    tls == null ? "plain" : "TLS", openMs, sent.get(), DEADLINE_MS);
        }
    }

    private static List<String> deadlineLines(LogCapture log) {
        return log.messages(Level.WARN, m -> m.contains("no complete first message within"));
    }

    /** Sends a byte every {@link #TRICKLE_MS} until the server drops the connection. */
    private static void trickle(Socket socket, byte[] bytes, AtomicInteger sent) {
        try {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < bytes.length; i++) {
                out.write(bytes[i]);
                out.flush();
                sent.incrementAndGet();
                Thread.sleep(TRICKLE_MS); // the attack's pace, not a synchronisation
            }
        } catch (IOException | InterruptedException e) {
            // dropped by the server: the attack is over
        }
    }

    /** @return true when the server closed or reset the connection; false when it sent anything or kept it */
    private static boolean closedByServer(InputStream in) throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset: the server aborts connections past their deadline
        }
    }
}
