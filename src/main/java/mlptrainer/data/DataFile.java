package mlptrainer.data;

/**
 * A data file as read: its parsed rows, the SHA-256 of its bytes (its version) and the bytes
 * themselves (to ship to nodes that lack it). Immutable by contract: callers do not write to
 * {@code bytes}.
 *
 * @param name   how messages name it
 * @param data   the parsed rows
 * @param sha256 lower-case hex SHA-256 of {@code bytes}
 * @param bytes  the file's contents
 */
public record DataFile(String name, Dataset data, String sha256, byte[] bytes) {
    /** @return about how many heap bytes this file holds: the parsed values, the labels and the raw bytes */
    public long heapBytes() {
        return 8L * data.featuresUnsafe().length + 4L * data.rows() + bytes.length + 128;
    }

    /** Parses bytes already in memory, naming them {@code name} in errors. */
    public static DataFile parse(String name, byte[] bytes) throws DataException {
        return new DataFile(name, CsvDatasetReader.parse(bytes, name, 0), Hashing.sha256Hex(bytes), bytes);
    }
}
