package mlptrainer.rpc;

/**
 * A process's credentials for the links it opens: the shared-secret token and, when TLS is on,
 * its keys and trusted certificates. Off by default, so the original's programs keep working.
 *
 * @param token the token calls carry and are checked against
 * @param tls   TLS for outgoing connections, or null for plain sockets
 */
public record Security(AuthToken token, TlsConfig tls) {
    public static final Security NONE = new Security(AuthToken.NONE, null);
}
