package mlptrainer.rpc;

/**
 * How a server listens and how it shares its connections out. Immutable.
 *
 * @param bindAddress              the address to bind ("0.0.0.0" for all interfaces)
 * @param port                     the port, 0 for any free one
 * @param maxConnections           connections open at once; a new one beyond it takes the place of the
 *                                 oldest still waiting for its first message (then of the longest idle), or
 *                                 is closed when every connection is in a call
 * @param maxConnectionsPerAddress connections open at once from one peer address, shared out the same way
 *                                 among that address's connections only
 * @param firstMessageTimeoutMs    a new connection (TLS handshake included) that has not sent one complete
 *                                 message this long after it was accepted is closed, in milliseconds,
 *                                 however many bytes it trickles
 * @param idleTimeoutMs            a connection idle this long since its last call ended is closed, in
 *                                 milliseconds (bytes of an unfinished message do not count as activity)
 * @param logIntervalMs            a warning a peer can repeat (a refused call, an evicted connection) is
 *                                 logged at most once per peer address and kind this often, with a count
 * @param limits                   message and container bounds
 * @param tls                      TLS for accepted connections, or null for plain sockets (the original's)
 */
public record ServerOptions(String bindAddress, int port, int maxConnections, int maxConnectionsPerAddress,
        int firstMessageTimeoutMs, int idleTimeoutMs, long logIntervalMs, RpcLimits limits, TlsConfig tls) {
    public static final int DEFAULT_MAX_CONNECTIONS = 512;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;
    public static final int DEFAULT_FIRST_MESSAGE_TIMEOUT_MS = 10_000;
    public static final int DEFAULT_IDLE_TIMEOUT_MS = 600_000;
    public static final long DEFAULT_LOG_INTERVAL_MS = 60_000;

    public ServerOptions {
        if (maxConnections < 1 || maxConnectionsPerAddress < 1 || firstMessageTimeoutMs < 1 || idleTimeoutMs < 1
                || logIntervalMs < 0) {
            throw new IllegalArgumentException("connection limits must be >= 1 and timeouts >= 1 ms, got "
                    + maxConnections + " connections, " + maxConnectionsPerAddress + " per address, first message "
                    + firstMessageTimeoutMs + " ms, idle " + idleTimeoutMs + " ms, log interval " + logIntervalMs
                    + " ms");
        }
    }

    /** Defaults: all interfaces, 512 connections (256 per address), 10 s for the first message, 10 minutes idle. */
    public static ServerOptions onPort(int port) {
        return new ServerOptions("0.0.0.0", port, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
                DEFAULT_FIRST_MESSAGE_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_LOG_INTERVAL_MS, RpcLimits.DEFAULT,
                null);
    }

    public ServerOptions withBindAddress(String address) {
        return new ServerOptions(address, port, maxConnections, maxConnectionsPerAddress, firstMessageTimeoutMs,
                idleTimeoutMs, logIntervalMs, limits, tls);
    }

    public ServerOptions withLimits(RpcLimits newLimits) {
        return new ServerOptions(bindAddress, port, maxConnections, maxConnectionsPerAddress, firstMessageTimeoutMs,
                idleTimeoutMs, logIntervalMs, newLimits, tls);
    }

    public ServerOptions withTls(TlsConfig config) {
        return new ServerOptions(bindAddress, port, maxConnections, maxConnectionsPerAddress, firstMessageTimeoutMs,
                idleTimeoutMs, logIntervalMs, limits, config);
    }

    /** @return these options with other connection limits (see the record's parameters) */
    public ServerOptions withConnections(int max, int perAddress, int firstMessageMs) {
        return new ServerOptions(bindAddress, port, max, perAddress, firstMessageMs, idleTimeoutMs, logIntervalMs,
                limits, tls);
    }

    /** @return these options logging a repeatable warning at most once per peer and kind every {@code ms} */
    public ServerOptions withLogIntervalMs(long ms) {
        return new ServerOptions(bindAddress, port, maxConnections, maxConnectionsPerAddress, firstMessageTimeoutMs,
                idleTimeoutMs, ms, limits, tls);
    }
}
