package mlptrainer.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proxy's modes against a server that answers each request byte with a fixed 4,000-byte reply. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FaultProxyTest {
    static final byte[] REPLY = new byte[4_000];
    ServerSocket server;
    FaultProxy proxy;

    static {
        new Random(3).nextBytes(REPLY);
    }

    @BeforeEach
    void setUp() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName(TestCluster.HOST));
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Socket s = server.accept();
                    Thread c = new Thread(() -> {
                        try (s) {
                            while (s.getInputStream().read() >= 0) {
                                s.getOutputStream().write(REPLY);
                                s.getOutputStream().flush();
                            }
                        } catch (IOException e) {
                            // the proxy closed or reset it
                        }
                    });
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        proxy = FaultProxy.start(TestCluster.HOST, 0, TestCluster.HOST, server.getLocalPort());
    }

    @AfterEach
    void tearDown() throws IOException {
        proxy.close();
        server.close();
    }

    /** Sends one request byte and reads the reply until it is complete, closed or reset. */
    private byte[] exchange(Socket s) throws IOException {
        s.getOutputStream().write(1);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        int n;
        while (got.size() < REPLY.length && (n = in.read(buf)) >= 0) {
            got.write(buf, 0, n);
        }
        return got.toByteArray();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(TestCluster.HOST, proxy.port());
        s.setSoTimeout(10_000);
        return s;
    }

    @Test
    void passAndDelayForwardEveryByte() throws IOException {
        try (Socket s = connect()) {
            assertArrayEquals(REPLY, exchange(s));
            proxy.set(FaultProxy.Mode.DELAY, 20);
            assertArrayEquals(REPLY, exchange(s));
        }
        assertEquals(0, proxy.injected());
    }

    @Test
    void resetForwardsExactlyTheGivenBytesThenResets() throws IOException {
        proxy.set(FaultProxy.Mode.RESET, 1_500, 1);
        try (Socket s = connect()) {
            s.getOutputStream().write(1);
            InputStream in = s.getInputStream();
            int total = 0;
            byte[] buf = new byte[1024];
            IOException reset = null;
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    total += n;
                }
            } catch (IOException e) {
                reset = e;
            }
            assertEquals(1_500, total);
            assertEquals("Connection reset", reset == null ? "end of stream" : reset.getMessage());
        }
        assertEquals(1, proxy.injected());
        assertEquals(FaultProxy.Mode.PASS, proxy.mode(), "a fault limited to 1 time did not end");
        try (Socket s = connect()) {
            assertArrayEquals(REPLY, exchange(s));
        }
    }

    @Test
    void halfOpenNeverAnswersButKeepsTheConnection() throws IOException {
        proxy.set(FaultProxy.Mode.HALF_OPEN, 0, 1);
        try (Socket s = connect()) {
            s.setSoTimeout(500);
            s.getOutputStream().write(1);
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
            s.getOutputStream().write(1); // still open: writing does not fail
        }
        assertEquals(1, proxy.injected());
    }

    @Test
    void dropClosesNewConnectionsAtOnce() throws IOException {
        proxy.set(FaultProxy.Mode.DROP, 0, 2);
        for (int i = 0; i < 2; i++) {
            try (Socket s = connect()) {
                assertEquals(0, exchange(s).length);
            } catch (IOException e) {
                // a reset while writing is a drop as well
            }
        }
        assertEquals(2, proxy.injected());
        try (Socket s = connect()) {
            assertArrayEquals(REPLY, exchange(s));
        }
    }
}
