package mlptrainer.node;

/** The node holds no shard with the requested content hash: the coordinator should send its bytes. */
public class ShardMissingException extends Exception {
    private final String sha256;

    public ShardMissingException(String message, String sha256) {
        super(message);
        this.sha256 = sha256;
    }

    public String sha256() {
        return sha256;
    }
}
