package mlptrainer.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import mlptrainer.cli.Cli;
import mlptrainer.cli.ExitCodes;
import mlptrainer.cli.StatusCommand;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.coordinator.CoordinatorConfig;
import mlptrainer.coordinator.CoordinatorServer;
import mlptrainer.coordinator.SchedulerOptions;
import mlptrainer.data.DataRoot;
import mlptrainer.testing.LogCapture;
import mlptrainer.testing.TestCluster;
import mlptrainer.testing.TestKeys;
import org.apache.thrift.TException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 6: a client speaking plaintext to a TLS port, or TLS to a plaintext one, is told
 * so in a sentence (never "length 352518912 exceeds 67108864"), and the server logs the refusal
 * once per peer and interval.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a guard against a hang, not a performance bound
class WrongProtocolTest {
    private static final int TRIES = 5;
    @TempDir
    static Path keys;
    @TempDir
    Path tmp;

    @BeforeAll
    static void makeKeys() throws Exception {
        TestKeys.make(keys);
    }

    private CoordinatorServer coordinator(TlsConfig tls) throws Exception {
        CoordinatorConfig config = new CoordinatorConfig(1, List.of(), new DataRoot(tmp), SchedulerOptions.DEFAULTS,
                TestCluster.MAX_HIDDEN, 15_000, 1L);
        return CoordinatorServer.start(config, ServerOptions.onPort(0).withBindAddress(TestCluster.HOST).withTls(tls));
    }

    @Test
    void aPlaintextClientOfATlsPortIsToldThePortExpectsTls() throws Exception {
        try (CoordinatorServer server = coordinator(TestKeys.tls(keys, false));
                LogCapture log = new LogCapture(RpcServer.class, Level.WARN)) {
            for (int i = 0; i < TRIES; i++) {
                try (CoordinatorClient plain = CoordinatorClient.connect(TestCluster.HOST, server.port(), "")) {
                    TException e = assertThrows(TException.class, plain::status);
                    assertTrue(e.getMessage().startsWith("this port expects TLS"), e.getMessage());
                }
            }
            String err = statusCommand(server.port());
            assertTrue(err.contains("this port expects TLS") && !err.contains("exceeds"), err);
            List<String> lines = log.messages(Level.WARN, m -> m.contains("plaintext on a TLS port"));
            assertEquals(1, lines.size(), "WARN lines for " + (TRIES + 1) + " tries: " + lines);
        }
    }

    @Test
    void aTlsClientOfAPlaintextPortIsToldTheServerDoesNotSpeakTls() throws Exception {
        Security tls = new Security(AuthToken.NONE, TestKeys.tls(keys, false));
        try (CoordinatorServer server = coordinator(null);
                LogCapture log = new LogCapture(RpcServer.class, Level.WARN)) {
            for (int i = 0; i < TRIES; i++) {
                TException e = assertThrows(TException.class,
                        () -> CoordinatorClient.connect(TestCluster.HOST, server.port(), tls).close());
                assertTrue(e.getMessage().contains("the server does not speak TLS"), e.getMessage());
            }
            List<String> lines = log.messages(Level.WARN, m -> m.contains("it speaks TLS and this port does not"));
            assertEquals(1, lines.size(), "WARN lines for " + TRIES + " tries: " + lines);
        }
    }

    @Test
    void aPlaintextClientOfAnotherTlsServerIsToldItAnsweredWithTls() throws Exception {
        try (SSLServerSocket listener = foreignTlsServer()) {
            Thread server = new Thread(() -> handshakeWithEveryone(listener), "foreign-tls-server");
            server.setDaemon(true);
            server.start();
            try (CoordinatorClient plain = CoordinatorClient.connect(TestCluster.HOST, listener.getLocalPort(), "")) {
                TException e = assertThrows(TException.class, plain::status);
                assertTrue(e.getMessage().contains("answered with TLS"), e.getMessage());
                assertFalse(e.getMessage().contains("exceeds"), e.getMessage());
            }
            String err = statusCommand(listener.getLocalPort());
            assertTrue(err.contains("answered with TLS") && !err.contains("exceeds"), err);
        }
    }

    /** A TLS server that is not ours (JSSE's own): it answers plaintext with a TLS alert record. */
    private static SSLServerSocket foreignTlsServer() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys.resolve("cluster.p12"))) {
            store.load(in, TestKeys.PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, TestKeys.PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getByName(TestCluster.HOST));
    }

    private static void handshakeWithEveryone(SSLServerSocket listener) {
        while (!listener.isClosed()) {
            try (Socket s = listener.accept()) {
                s.getInputStream().read(); // the handshake fails on plaintext and sends an alert
            } catch (Exception e) {
                // the expected failed handshake, or the listener closed at the end of the test
            }
        }
    }

    /** @return what {@code status 127.0.0.1 PORT} printed on stderr, checked to have failed as unreachable */
    private static String statusCommand(int port) {
        StringWriter err = new StringWriter();
        int code = Cli.run(new StatusCommand(), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                TestCluster.HOST, String.valueOf(port));
        assertEquals(ExitCodes.UNREACHABLE, code, err.toString());
        return err.toString();
    }
}
