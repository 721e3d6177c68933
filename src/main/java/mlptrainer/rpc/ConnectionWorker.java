package mlptrainer.rpc;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TMap;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolDecorator;
import org.apache.thrift.protocol.TProtocolException;
import org.apache.thrift.protocol.TSet;
import org.apache.thrift.transport.TIOStreamTransport;
import org.apache.thrift.transport.TTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one accepted connection: reads its first byte to tell TLS from plaintext (a TLS record
 * starts with 0x16, a Thrift message never does), answers a peer speaking the other one, then
 * serves calls until the peer leaves or the server closes the socket, telling the table when each
 * call starts and ends. Runs on its own thread; not shared.
 */
final class ConnectionWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionWorker.class);
    /** The first byte of a TLS handshake record. */
    private static final int TLS_HANDSHAKE = 0x16;
    private static final int BUFFER = 64 * 1024;
    private final RpcServer server;
    private final ServerConnection connection;
    /** The header of the call being read or served, for an answer when its handler fails with an Error. */
    private TMessage lastCall;

    ConnectionWorker(RpcServer server, ServerConnection connection) {
        this.server = server;
        this.connection = connection;
    }

    RpcServer server() {
        return server;
    }

    ServerConnection connection() {
        return connection;
    }

    @Override
    public void run() {
        RpcServer.serving(this);
        Link link = null;
        try {
            link = open();
            if (link != null) {
                serveCalls(link);
            }
        } catch (IOException | TException | RuntimeException e) {
            logEnd(e);
        } finally {
            server.table().remove(connection);
            if (link != null) {
                closeQuietly(link.socket());
            }
            connection.close();
            RpcServer.serving(null);
        }
    }

    /** @return the streams to serve calls on (TLS or plain), or null when the peer was refused or left */
    private Link open() throws IOException {
        Socket plain = connection.socket();
        InputStream raw = plain.getInputStream();
        int first = raw.read();
        if (first < 0) {
            return null;
        }
        connection.markSentBytes();
        TlsConfig tls = server.options().tls();
        if (tls == null && first == TLS_HANDSHAKE) {
            server.warnLimited("tls-on-plain", connection.address(), "refused a connection from " + connection.peer()
                    + ": it speaks TLS and this port does not (start the client without --tls, or the server with it)");
            WrongProtocol.refuseTls(plain);
            return null;
        }
        if (tls != null && first != TLS_HANDSHAKE) {
            WrongProtocol.answerExpectsTls(plain, first);
            server.warnLimited("plain-on-tls", connection.address(), "refused a connection from "
                    + connection.peer() + ": plaintext on a TLS port (told it: " + WrongProtocol.EXPECTS_TLS + ")");
            return null;
        }
        if (tls != null) {
            SSLSocket secure = tls.serverLayer(plain, new byte[] {(byte) first});
            return new Link(secure.getInputStream(), secure.getOutputStream(), secure);
        }
        InputStream replayed = new SequenceInputStream(new ByteArrayInputStream(new byte[] {(byte) first}), raw);
        return new Link(replayed, plain.getOutputStream(), plain);
    }

    private void serveCalls(Link link) throws TException {
        TIOStreamTransport transport = new TIOStreamTransport(server.options().limits().configuration(),
                new BufferedInputStream(link.in(), BUFFER),
                new BufferedOutputStream(new ProgressMarking(link.out(), connection), BUFFER));
        TProtocol input = tracked(server.options().limits().protocolFactory().getProtocol(transport));
        TProtocol output = server.options().limits().protocolFactory().getProtocol(transport);
        while (true) {
            try {
                server.processor().process(input, output);
            } catch (VirtualMachineError e) {
                answerServerError(output, e);
                return;
            }
            server.table().callEnded(connection, System.nanoTime());
        }
    }

    /**
     * A handler that ran out of memory (or stack) must not take the server down nor leave its
     * caller waiting: the call is answered with an error, when it was read to its end, and the
     * connection is closed, since what is left on it cannot be trusted. The thread ends normally.
     */
    private void answerServerError(TProtocol output, VirtualMachineError e) {
        TMessage call = lastCall;
        server.warnLimited("error", connection.address(), "serving " + (call == null ? "a call" : call.name)
                + " from " + connection.peer() + ": " + e);
        if (call == null || connection.state != ServerConnection.State.IN_CALL) {
            return;
        }
        try {
            output.writeMessageBegin(new TMessage(call.name, TMessageType.EXCEPTION, call.seqid));
            new TApplicationException(TApplicationException.INTERNAL_ERROR, "the server could not serve "
                    + call.name + ": " + e + "; it serves on").write(output);
            output.writeMessageEnd();
            output.getTransport().flush();
        } catch (TException | RuntimeException ignored) {
            // the caller is told by the closed connection instead
        }
    }

    /**
     * libthrift's processors serve any message whose name matches a method, whatever its type: a
     * REPLY, an EXCEPTION or an undefined type byte was run as a call. Only CALL and ONEWAY are
     * requests; anything else is a protocol error and drops the connection. A call read to its end
     * is a complete message: the connection is in a call until its reply is written. A string or
     * container past the limits is counted as a refusal where it is read: the processor answers it
     * with an error and serves on, so it never reaches {@link #logEnd}.
     */
    private TProtocol tracked(TProtocol protocol) {
        return new TProtocolDecorator(protocol) {
            @Override
            public TMessage readMessageBegin() throws TException {
                TMessage m = super.readMessageBegin();
                lastCall = m;
                if (m.type != TMessageType.CALL && m.type != TMessageType.ONEWAY) {
                    throw new TProtocolException(TProtocolException.INVALID_DATA,
                            "message type " + m.type + " is not a call");
                }
                return m;
            }

            @Override
            public void readMessageEnd() throws TException {
                super.readMessageEnd();
                server.table().callStarted(connection);
            }

            @Override
            public String readString() throws TException {
                return countingTooLarge(super::readString);
            }

            @Override
            public ByteBuffer readBinary() throws TException {
                return countingTooLarge(super::readBinary);
            }

            @Override
            public TList readListBegin() throws TException {
                return countingTooLarge(super::readListBegin);
            }

            @Override
            public TSet readSetBegin() throws TException {
                return countingTooLarge(super::readSetBegin);
            }

            @Override
            public TMap readMapBegin() throws TException {
                return countingTooLarge(super::readMapBegin);
            }
        };
    }

    /** A read of the protocol's. */
    private interface Read<T> {
        T read() throws TException;
    }

    private <T> T countingTooLarge(Read<T> read) throws TException {
        try {
            return read.read();
        } catch (TProtocolException e) {
            if (e.getType() == TProtocolException.SIZE_LIMIT) {
                server.refused("too_large");
            }
            throw e;
        }
    }

    /** Peers leaving and sockets the server closed are routine; TLS failures and malformed calls are warned of. */
    private void logEnd(Exception e) {
        Throwable root = rootCause(e);
        SSLException tlsFailure = sslCause(e);
        if (!connection.closedByServer() && tooLarge(root)) {
            // a field past the limits was counted as it was read; a message past them only here
            server.warnLimited(root instanceof TTransportException ? "too-large" : "too-large-field",
                    connection.address(), "closed the connection from " + connection.peer() + ": "
                    + root.getMessage() + " (the server's message limits)");
        } else if (connection.closedByServer() || isEndOfFile(e)) {
            LOG.debug("{}: connection from {} ended: {}", server.name(), connection.peer(), e.toString());
        } else if (tlsFailure != null) {
            server.warnLimited("tls", connection.address(), "TLS with " + connection.peer() + " failed: "
                    + tlsFailure.getMessage());
        } else if (root instanceof SocketTimeoutException || root instanceof SocketException) {
            LOG.debug("{}: connection from {} ended: {}", server.name(), connection.peer(), root.toString());
        } else {
            server.warnLimited("protocol", connection.address(), "closed the connection from " + connection.peer()
                    + ": not a valid call (" + e.getMessage() + ")");
        }
    }

    /**
     * A message, string or container past the server's limits ({@link RpcLimits}); libthrift reports
     * a message past its size limit as an end of file, told apart by its message only.
     */
    private static boolean tooLarge(Throwable root) {
        return root instanceof TProtocolException p && p.getType() == TProtocolException.SIZE_LIMIT
                || root instanceof TTransportException t && "MaxMessageSize reached".equals(t.getMessage());
    }

    private static boolean isEndOfFile(Exception e) {
        return e instanceof TTransportException t && t.getType() == TTransportException.END_OF_FILE
                || e instanceof EOFException;
    }

    private static SSLException sslCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the peer is gone either way
        }
    }

    /**
     * Writes in chunks, marking the connection as writing while each is sent, so that the reaper
     * sees a reply that makes no progress (the peer stopped reading) however large the reply is.
     */
    private static final class ProgressMarking extends FilterOutputStream {
        private static final int CHUNK = 64 * 1024;
        private final ServerConnection connection;

        ProgressMarking(OutputStream out, ServerConnection connection) {
            super(out);
            this.connection = connection;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int done = 0; done < len; done += CHUNK) {
                connection.writingSinceNanos = System.nanoTime();
                try {
                    out.write(b, off + done, Math.min(CHUNK, len - done));
                } finally {
                    connection.writingSinceNanos = 0;
                }
            }
        }

        @Override
        public void flush() throws IOException {
            connection.writingSinceNanos = System.nanoTime();
            try {
                out.flush();
            } finally {
                connection.writingSinceNanos = 0;
            }
        }
    }

    /** The streams calls are served on, and the socket (plain or TLS) they belong to. */
    private record Link(InputStream in, OutputStream out, Socket socket) {
    }
}
