package mlptrainer.rpc;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.transport.TIOStreamTransport;
import org.apache.thrift.transport.TServerTransport;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * A plain (unframed) server socket transport, as the original's, that gives every accepted
 * connection our {@link TConfiguration} limits and an idle read timeout, and remembers open
 * connections so that stopping the server also drops them. Thread-safe.
 */
final class TrackingServerTransport extends TServerTransport {
    private static final int BUFFER = 64 * 1024;
    private final ServerSocket serverSocket;
    private final TConfiguration configuration;
    private final int idleTimeoutMs;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    TrackingServerTransport(ServerSocket serverSocket, TConfiguration configuration, int idleTimeoutMs) {
        this.serverSocket = serverSocket;
        this.configuration = configuration;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    @Override
    public void listen() {
        // already bound by the caller, so the port is known before serving starts
    }

    @Override
    public TTransport accept() throws TTransportException {
        Socket socket;
        try {
            socket = serverSocket.accept();
            socket.setSoTimeout(idleTimeoutMs);
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            throw new TTransportException(TTransportException.NOT_OPEN, e.getMessage(), e);
        }
        return wrap(socket);
    }

    private TTransport wrap(Socket socket) throws TTransportException {
        open.add(socket);
        try {
            return new PeerTransport(configuration, socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new TTransportException(TTransportException.NOT_OPEN, e.getMessage(), e);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed: nothing to release
        }
    }

    /** @return connections open now */
    int openConnections() {
        return open.size();
    }

    @Override
    public void interrupt() {
        close();
    }

    @Override
    public void close() {
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing to stop accepting; an error here changes nothing
        }
    }

    /** Drops every open connection: their handlers see a closed socket. */
    void closeConnections() {
        for (Socket s : Set.copyOf(open)) {
            closeQuietly(s);
        }
    }

    /** A connection's transport that knows its peer, for logs. */
    final class PeerTransport extends TIOStreamTransport {
        private final Socket socket;

        PeerTransport(TConfiguration configuration, Socket socket) throws IOException, TTransportException {
            super(configuration, new BufferedInputStream(socket.getInputStream(), BUFFER),
                    new BufferedOutputStream(socket.getOutputStream(), BUFFER));
            this.socket = socket;
        }

        String peer() {
            return socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        }

        @Override
        public void close() {
            super.close();
            closeQuietly(socket);
        }
    }
}
