package mlptrainer.coordinator;

/**
 * Where a compute node listens. The host is checked before anything keeps it: at most
 * {@link #MAX_HOST_LENGTH} characters, those of a host name or an IP literal only, so that a
 * claimed address (a heartbeat's) cannot cost memory in the registry or land in logs as junk.
 */
public record NodeAddress(String host, int port) {
    /** The longest DNS name; IP literals are shorter. */
    public static final int MAX_HOST_LENGTH = 253;

    public NodeAddress {
        checkHost(host);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("node port must be in 1..65535, got " + port);
        }
    }

    private static void checkHost(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("node host is empty");
        }
        if (host.length() > MAX_HOST_LENGTH) {
            // the host itself is not repeated: it may be a megabyte long
            throw new IllegalArgumentException("node host is " + host.length() + " characters long, more than "
                    + MAX_HOST_LENGTH);
        }
        for (int i = 0; i < host.length(); i++) {
            if (!isHostChar(host.charAt(i))) {
                throw new IllegalArgumentException("node host may hold only letters, digits and . - _ : % "
                        + "(a host name or an IP address), found character " + (int) host.charAt(i)
                        + " at position " + (i + 1));
            }
        }
    }

    /** Host names use letters, digits, '.', '-' (and '_' in practice); IPv6 literals ':' and a '%' zone. */
    private static boolean isHostChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '-' || c == '_' || c == ':' || c == '%';
    }

    /** @return "host:port" */
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
