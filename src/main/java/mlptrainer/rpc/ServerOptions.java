package mlptrainer.rpc;

/**
 * How a server listens.
 *
 * @param bindAddress    the address to bind ("0.0.0.0" for all interfaces)
 * @param port           the port, 0 for any free one
 * @param maxConnections connections served at once; more are closed at accept
 * @param idleTimeoutMs  a connection idle (no request) this long is closed, in milliseconds
 * @param limits         message and container bounds
 * @param tls            TLS for accepted connections, or null for plain sockets (the original's)
 */
public record ServerOptions(String bindAddress, int port, int maxConnections, int idleTimeoutMs, RpcLimits limits,
        TlsConfig tls) {
    /** Defaults: all interfaces, 256 connections, 10 minutes idle, default limits, no TLS. */
    public static ServerOptions onPort(int port) {
        return new ServerOptions("0.0.0.0", port, 256, 600_000, RpcLimits.DEFAULT, null);
    }

    public ServerOptions withBindAddress(String address) {
        return new ServerOptions(address, port, maxConnections, idleTimeoutMs, limits, tls);
    }

    public ServerOptions withLimits(RpcLimits newLimits) {
        return new ServerOptions(bindAddress, port, maxConnections, idleTimeoutMs, newLimits, tls);
    }

    public ServerOptions withTls(TlsConfig config) {
        return new ServerOptions(bindAddress, port, maxConnections, idleTimeoutMs, limits, config);
    }
}
