package mlptrainer.coordinator;

/** Where a compute node listens. */
public record NodeAddress(String host, int port) {
    public NodeAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("node host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("node port must be in 1..65535, got " + port);
        }
    }

    /** @return "host:port" */
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
