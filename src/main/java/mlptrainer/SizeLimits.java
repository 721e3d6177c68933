package mlptrainer;

/**
 * The one source of size limits: the largest request (h, k, d, rounds, epochs) and, derived from
 * it, the size of every message such a request produces (a task, its reply, a job's model and
 * status) and of the fields in them, so that any reader sized from here can read everything an
 * accepted job sends. Whether a request also fits a server's heap is decided per server (the
 * coordinator's admission, the node's task check); this class only fixes what can be asked.
 * Constants and pure functions; thread-safe.
 */
public final class SizeLimits {
    /** The most input features (d) a data set may have. */
    public static final int MAX_FEATURES = 1024;
    /** The most hidden units (h) a request may ask for (a server may allow fewer: --max-hidden). */
    public static final int MAX_HIDDEN = 4096;
    /** The most classes (k) a request may ask for. */
    public static final int MAX_CLASSES = 1024;
    /** The most rounds a job may run. */
    public static final int MAX_ROUNDS = 100_000;
    /** The most local epochs a task may run, so that a request cannot occupy a node for days. */
    public static final int MAX_EPOCHS = 1_000_000;
    /** The largest shard a coordinator may ship to a node in one message, in bytes (a node's default). */
    public static final int MAX_SHARD_BYTES = 64 << 20;
    /**
     * The longest string field other than data and weights (a path, a token, a host name, a
     * setting, a label, an error message), in bytes.
     */
    public static final int MAX_FIELD_BYTES = 64 << 10;
    /** The longest job trace (Chrome trace JSON, Coordinator.job_trace) a coordinator sends, in bytes of UTF-8. */
    public static final int MAX_TRACE_BYTES = 64 << 20;
    /** Room in every message for its fields other than weights, data and round lists, in bytes. */
    public static final int FIELDS_BYTES = 1 << 20;
    /** A RoundStat on the wire: five fields of 3 header bytes each, 2 ints, 2 doubles, a long, a stop byte. */
    public static final int ROUND_STAT_WIRE_BYTES = 5 * 3 + 2 * 4 + 3 * 8 + 1;

    private SizeLimits() {
    }

    /** @return the values in a model of d inputs, h hidden units and k classes: (d+1) x h + (h+1) x k */
    public static long weightValues(long d, long h, long k) {
        return (d + 1) * h + (h + 1) * k;
    }

    /** @return the most values a model may have under these limits with at most {@code maxH} hidden units */
    public static long maxWeightValues(int maxH) {
        return weightValues(MAX_FEATURES, maxH, MAX_CLASSES);
    }

    /** @return the bytes of one copy of such weights in the packed wire form (8 bytes a value) */
    public static long packedBytes(long values) {
        return 8L * values;
    }

    /**
     * @return the bytes of one copy of the weights of d, h, k in the original's list form (a
     *         Weights struct: 8 bytes a value, a 5-byte header per row and per list, field headers)
     */
    public static long listBytes(long d, long h, long k) {
        return 8L * weightValues(d, h, k) + 5L * ((h + 1) + (d + 1) + 2) + 2 * 3 + 1;
    }

    /** @return the largest Weights struct a request under {@code maxH} can produce, in either wire form */
    public static long maxWeightsWireBytes(int maxH) {
        return Math.max(listBytes(MAX_FEATURES, maxH, MAX_CLASSES), packedBytes(maxWeightValues(maxH)));
    }

    /** @return the bytes of a list of d doubles (feature means or scales) on the wire */
    public static long featureListBytes() {
        return 8L * MAX_FEATURES + 5 + 3;
    }

    /** @return the most bytes a job's list of rounds takes on the wire */
    public static long maxRoundsWireBytes() {
        return (long) ROUND_STAT_WIRE_BYTES * MAX_ROUNDS + 5 + 3;
    }

    /** @return a need in bytes as mebibytes for messages, rounded up: "35 MB", "1.4 MB" below 10 MB */
    public static String mb(long bytes) {
        if (bytes < (10L << 20)) {
            long tenths = (bytes * 10 + (1 << 20) - 1) >> 20;
            return tenths / 10 + "." + tenths % 10 + " MB";
        }
        return ((bytes + (1 << 20) - 1) >> 20) + " MB";
    }

    /** @return a capacity in bytes as whole mebibytes for messages, rounded down, so a need never looks as if it fit */
    public static String mbDown(long bytes) {
        return (bytes >> 20) + " MB";
    }
}
