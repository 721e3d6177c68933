package mlptrainer.rpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for every link: Thrift's socket transport over JSSE sockets. A server presents the
 * certificate of its keystore; with {@code requireClientAuth} it also demands one its truststore
 * trusts (mutual TLS, for compute nodes). A client trusts the servers its truststore holds and
 * presents its own keystore's certificate when it has one. Immutable and thread-safe.
 */
public final class TlsConfig {
    private static final String PROTOCOL = "TLSv1.3";
    private final SSLContext context;
    private final boolean requireClientAuth;

    private TlsConfig(SSLContext context, boolean requireClientAuth) {
        this.context = context;
        this.requireClientAuth = requireClientAuth;
    }

    /**
     * @param keystore           PKCS12 or JKS with this side's key and certificate, or null
     * @param keystorePassword   its password
     * @param truststore         the certificates this side trusts, or null for the JVM's defaults
     * @param truststorePassword its password (may be empty)
     * @param requireClientAuth  as a server, demand a trusted client certificate
     * @throws IOException naming the store that cannot be read or opened
     */
    public static TlsConfig load(Path keystore, char[] keystorePassword, Path truststore, char[] truststorePassword,
            boolean requireClientAuth) throws IOException {
        try {
            KeyManagerFactory kmf = null;
            if (keystore != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(readStore(keystore, keystorePassword, "keystore"), keystorePassword);
            }
            TrustManagerFactory tmf = null;
            if (truststore != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(readStore(truststore, truststorePassword, "truststore"));
            }
            SSLContext ctx = SSLContext.getInstance(PROTOCOL);
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return new TlsConfig(ctx, requireClientAuth);
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    private static KeyStore readStore(Path path, char[] password, String what) throws IOException,
            GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password);
        } catch (IOException e) {
            throw new IOException(what + " " + path + ": " + e.getMessage()
                    + (e.getCause() instanceof java.security.UnrecoverableKeyException ? " (wrong password?)" : ""), e);
        }
        return store;
    }

    /** @return the keys and trust as a JSSE context, for a server of another protocol on the same keys (HTTPS) */
    public SSLContext sslContext() {
        return context;
    }

    /** @return the same keys and trust, demanding (or not) a client certificate as a server */
    public TlsConfig withClientAuth(boolean required) {
        return new TlsConfig(context, required);
    }

    /**
     * Server side: TLS over an accepted plain socket, whose first bytes the server already read to
     * tell a TLS client from a plaintext one. Closing the plain socket ends a read blocked on the
     * TLS one, handshake included.
     *
     * @param consumed the bytes read from {@code plain} so far, which the handshake reads first
     */
    SSLSocket serverLayer(Socket plain, byte[] consumed) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain,
                new ByteArrayInputStream(consumed), true);
        socket.setNeedClientAuth(requireClientAuth);
        return socket;
    }

    /**
     * Connects within {@code connectTimeoutMs} and completes the handshake within the read timeout,
     * so a peer that does not speak TLS fails the call instead of hanging it.
     */
    Socket connect(String host, int port, int connectTimeoutMs, int handshakeTimeoutMs) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
            tls.setSoTimeout(handshakeTimeoutMs > 0 ? handshakeTimeoutMs : connectTimeoutMs);
            tls.startHandshake();
            return tls;
        } catch (IOException e) {
            plain.close();
            throw e;
        }
    }
}
