package mlptrainer.rpc;

import org.apache.thrift.TConfiguration;
import org.apache.thrift.protocol.TProtocolFactory;
import org.apache.thrift.protocol.TProtocolUtil;

/**
 * Bounds on what a peer may send, derived from the largest legal model, so that a hostile length
 * prefix (a list "of 2^31-1 elements") is refused before anything is allocated. Immutable.
 *
 * @param maxMessageBytes  the largest message accepted, in bytes
 * @param maxContainer     the most elements in one list, set or map
 * @param maxStringBytes   the longest string or binary field (a shipped shard), in bytes
 */
public record RpcLimits(int maxMessageBytes, int maxContainer, int maxStringBytes) {
    /** The largest model accepted by default: h 4096 hidden units, d 1024 features, k 1024 classes. */
    public static final int DEFAULT_MAX_H = 4096;
    /** Shards shipped to nodes may be up to this size, in bytes. */
    public static final int DEFAULT_MAX_SHARD_BYTES = 64 << 20;
    /** Thrift's nesting limit; our messages nest 4 deep at most. */
    private static final int RECURSION_LIMIT = 16;

    static {
        // libthrift skips unknown fields recursively with no depth bound by default, so a message nesting
        // structs or lists thousands deep overflows the reading thread's stack; bound it (process-wide,
        // for servers and clients alike: a hostile server can send the same)
        TProtocolUtil.setMaxSkipDepth(RECURSION_LIMIT);
    }

    public static final RpcLimits DEFAULT = forModel(1024, DEFAULT_MAX_H, 1024, DEFAULT_MAX_SHARD_BYTES);

    /**
     * @param maxD      the most input features
     * @param maxH      the most hidden units
     * @param maxK      the most classes
     * @param maxShard  the largest shard, in bytes, that may be shipped in a message
     */
    public static RpcLimits forModel(int maxD, int maxH, int maxK, int maxShard) {
        // a double on the wire is 8 bytes; each list adds a 5-byte header; a few KB cover the other fields
        long weights = 9L * ((long) (maxD + 1) * maxH + (long) (maxH + 1) * maxK) + 5L * (maxD + maxH + 4);
        long message = weights + maxShard + 64 * 1024;
        int container = Math.max(Math.max(maxD, maxH), maxK) + 1;
        return new RpcLimits((int) Math.min(Integer.MAX_VALUE - 8, message), Math.max(container, 1024),
                maxShard);
    }

    /** @return the transport configuration enforcing the message size and nesting limit */
    public TConfiguration configuration() {
        return new TConfiguration(maxMessageBytes, maxMessageBytes, RECURSION_LIMIT);
    }

    /** @return a binary protocol factory (the original's protocol) enforcing the string and container limits */
    public TProtocolFactory protocolFactory() {
        return ChunkedBinaryProtocol.factory(maxStringBytes, maxContainer);
    }
}
