package mlptrainer.rpc;

import java.io.IOException;
import java.net.Socket;

/**
 * One accepted connection as the {@link ConnectionTable} sees it: its socket, its peer, when it
 * came and what it is doing. Its state is guarded by the table; {@link #close} may be called from
 * any thread (the reaper closes a socket to end a read blocked on it, plain or TLS).
 */
final class ServerConnection {
    /** What a connection is doing, which decides whether it may be evicted and by when it must move on. */
    enum State { AWAITING_FIRST_MESSAGE, IN_CALL, IDLE }

    private final Socket socket;
    private final String address;
    private final String peer;
    private final long acceptedNanos;
    private volatile boolean sentBytes;
    private volatile boolean closedByServer;
    // written under the table's lock; volatile so that log lines may read them after an eviction
    volatile State state = State.AWAITING_FIRST_MESSAGE;
    volatile long idleSinceNanos;
    /**
     * When the chunk of a reply being written now started ({@link System#nanoTime}), or 0 when none
     * is: a write that does not return means the peer stopped reading.
     */
    volatile long writingSinceNanos;

    ServerConnection(Socket socket, long acceptedNanos) {
        this.socket = socket;
        this.address = socket.getInetAddress().getHostAddress();
        this.peer = address + ":" + socket.getPort();
        this.acceptedNanos = acceptedNanos;
    }

    Socket socket() {
        return socket;
    }

    /** @return the peer's address without the port: the key of per-address limits and log lines */
    String address() {
        return address;
    }

    /** @return "address:port", for log lines */
    String peer() {
        return peer;
    }

    long acceptedNanos() {
        return acceptedNanos;
    }

    /** Notes that the peer sent something: a connection that sent nothing at all is evicted first. */
    void markSentBytes() {
        sentBytes = true;
    }

    /**
     * Closes with a reset instead of an orderly close, for a connection dropped by a limit or a
     * deadline: a flood reconnecting at once would otherwise leave a TIME_WAIT socket per eviction.
     */
    void abort() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed: close() below is a no-op
        }
        close();
    }

    /** @return true once the server closed the connection (evicted, past a deadline, or done with it) */
    boolean closedByServer() {
        return closedByServer;
    }

    boolean sentBytes() {
        return sentBytes;
    }

    /**
     * Looks whether bytes are waiting in the socket's receive buffer that its thread has not read
     * yet (it may not have run since the accept), and notes it if so: a client that sent its first
     * bytes at once must not be taken for an idle one. Does not block.
     *
     * @return whether the peer has sent anything
     */
    boolean checkSentBytes() {
        if (!sentBytes) {
            try {
                if (socket.getInputStream().available() > 0) {
                    sentBytes = true;
                }
            } catch (IOException e) {
                return false; // closed: it is being dropped anyway
            }
        }
        return sentBytes;
    }

    /**
     * Closes the socket; a thread blocked reading it gets an exception at once, which it then takes
     * as routine ({@link #closedByServer}). Idempotent.
     */
    void close() {
        closedByServer = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing to drop the peer: nothing more to do
        }
    }
}
