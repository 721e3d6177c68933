package mlptrainer.node;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import mlptrainer.data.DataException;
import mlptrainer.data.DataFile;
import mlptrainer.data.Hashing;
import mlptrainer.data.WeightedLru;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shards the coordinator shipped to this node, kept on disk by content hash in a bounded
 * directory (least recently used evicted first) and parsed once in memory. A shard is stored only
 * when its bytes hash to the name it is stored under, so a node never trains a version other than
 * the coordinator's. Thread-safe.
 */
public final class ShardVault {
    private static final Logger LOG = LoggerFactory.getLogger(ShardVault.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private final Path dir;
    private final long maxBytes;
    private final WeightedLru<String, DataFile> parsed = new WeightedLru<>(Integer.MAX_VALUE,
            WeightedLru.quarterOfHeap());
    private final Map<String, Long> sizes = new LinkedHashMap<>(16, 0.75f, true);
    private long totalBytes;
    private int received;

    /**
     * @param dir      where shipped shards are kept (created when missing)
     * @param maxBytes the most bytes kept; older shards are evicted to stay under it
     */
    public ShardVault(Path dir, long maxBytes) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.maxBytes = maxBytes;
        adoptExistingFiles();
    }

    /** Counts shards left by an earlier run, so the size bound holds across restarts. */
    private void adoptExistingFiles() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(".txt") && isHash(name.substring(0, name.length() - 4))) {
                    long size = Files.size(p);
                    sizes.put(name.substring(0, name.length() - 4), size);
                    totalBytes += size;
                }
            }
        }
        evictBeyondLimit("");
    }

    /** @return true when the hash is a lower-case hex SHA-256 */
    static boolean isHash(String sha256) {
        return sha256 != null && SHA256.matcher(sha256).matches();
    }

    /** @return the shard with this content hash, or null when the vault does not hold it */
    public synchronized DataFile get(String sha256, String name) throws DataException {
        DataFile file = parsed.get(sha256);
        if (file != null) {
            sizes.get(sha256); // an access-ordered map: marks the shard recently used
            return file;
        }
        Path path = dir.resolve(sha256 + ".txt");
        if (!isHash(sha256) || !Files.isRegularFile(path)) {
            return null;
        }
        byte[] bytes = read(path);
        if (!Hashing.sha256Hex(bytes).equals(sha256)) {
            LOG.warn("shard vault: {} is damaged; dropping it", path);
            delete(sha256);
            return null;
        }
        return remember(DataFile.parse(name, bytes));
    }

    /**
     * Stores shipped bytes after checking they hash to {@code sha256}.
     *
     * @throws DataException when they do not, or do not parse
     */
    public synchronized DataFile put(String sha256, byte[] bytes, String name) throws DataException {
        String actual = Hashing.sha256Hex(bytes);
        if (!actual.equals(sha256)) {
            throw new DataException(name + ": shipped bytes hash to " + actual + ", not " + sha256);
        }
        DataFile file = DataFile.parse(name, bytes);
        received++;
        write(sha256, bytes);
        Long old = sizes.put(sha256, (long) bytes.length);
        totalBytes += bytes.length - (old == null ? 0 : old);
        evictBeyondLimit(sha256);
        return remember(file);
    }

    private DataFile remember(DataFile file) {
        parsed.put(file.sha256(), file, file.heapBytes());
        sizes.putIfAbsent(file.sha256(), (long) file.bytes().length);
        return file;
    }

    private void write(String sha256, byte[] bytes) throws DataException {
        try {
            Path tmp = Files.createTempFile(dir, "incoming-", ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, dir.resolve(sha256 + ".txt"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(sha256 + ".txt"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new DataException("shard vault " + dir + ": cannot store a shipped shard: " + e.getMessage(), e);
        }
    }

    private void evictBeyondLimit(String keep) {
        var it = sizes.entrySet().iterator();
        while (totalBytes > maxBytes && it.hasNext()) {
            Map.Entry<String, Long> eldest = it.next();
            if (eldest.getKey().equals(keep)) {
                continue;
            }
            it.remove();
            totalBytes -= eldest.getValue();
            parsed.remove(eldest.getKey());
            deleteFile(eldest.getKey());
        }
    }

    private void delete(String sha256) {
        Long size = sizes.remove(sha256);
        totalBytes -= size == null ? 0 : size;
        parsed.remove(sha256);
        deleteFile(sha256);
    }

    private void deleteFile(String sha256) {
        try {
            Files.deleteIfExists(dir.resolve(sha256 + ".txt"));
        } catch (IOException e) {
            LOG.debug("shard vault: cannot delete {}: {}", sha256, e.getMessage());
        }
    }

    private static byte[] read(Path path) throws DataException {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new DataException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** @return how many shipped shards were stored since the start */
    public synchronized int received() {
        return received;
    }

}
