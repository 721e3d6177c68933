package mlptrainer.node;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import mlptrainer.LogLimiter;
import mlptrainer.Untrusted;
import mlptrainer.data.DataException;
import mlptrainer.data.DataFile;
import mlptrainer.data.DataRoot;
import mlptrainer.data.Hashing;
import mlptrainer.data.WeightedLru;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shards the coordinator shipped to this node, kept on disk by content hash in a bounded
 * directory (least recently used evicted first) and parsed once in memory. A shard is stored only
 * when its bytes hash to the name it is stored under, so a node never trains a version other than
 * the coordinator's.
 *
 * <p>Before a shard is written, least recently used shards are evicted until it fits both the
 * size bound and the disk's free space. A shard that still cannot be written (a full disk, an
 * I/O error) is trained from the shipped bytes in memory, uncached, with a warning: a disk
 * problem costs that shard's caching, never a task. Half-written temporary files are removed when
 * a write fails and, left by a crash, when the cache opens. Thread-safe.
 */
public final class ShardCache {
    private static final Logger LOG = LoggerFactory.getLogger(ShardCache.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String TEMPORARY_PREFIX = "incoming-";
    private static final String TEMPORARY_SUFFIX = ".tmp";
    /** Free space left on the disk beside a new shard, for the file system's own blocks and metadata. */
    static final long DISK_SLACK_BYTES = 16 * 1024;
    private final Path dir;
    private final long maxBytes;
    private final LongSupplier usableDiskBytes;
    private final WeightedLru<String, DataFile> parsed = new WeightedLru<>(Integer.MAX_VALUE,
            WeightedLru.quarterOfHeap());
    /** Shards on disk and their sizes, least recently used first. */
    private final Map<String, Long> sizes = new LinkedHashMap<>(16, 0.75f, true);
    private final LogLimiter storeWarnings = new LogLimiter(60_000, 16);
    private long totalBytes;
    private int received;
    private int uncached;

    /**
     * @param dir      where shipped shards are kept (created when missing)
     * @param maxBytes the most bytes kept; older shards are evicted to stay under it
     */
    public ShardCache(Path dir, long maxBytes) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.maxBytes = maxBytes;
        this.usableDiskBytes = () -> usableSpace(this.dir);
        removeTemporaries();
        adoptExistingFiles();
    }

    private static long usableSpace(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE; // unknown: the write itself will say
        }
    }

    /** Half-written shards of an earlier run that stopped mid-write: they only take space. */
    private void removeTemporaries() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(TEMPORARY_PREFIX) && name.endsWith(TEMPORARY_SUFFIX)) {
                    deleteQuietly(p);
                    LOG.info("shard cache: removed {}, left half-written by an earlier run", name);
                }
            }
        }
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
        evictUntil(0, "");
    }

    /** @return true when the hash is a lower-case hex SHA-256 */
    static boolean isHash(String sha256) {
        return sha256 != null && SHA256.matcher(sha256).matches();
    }

    /** @return the shard with this content hash, or null when the cache does not hold it */
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
            LOG.warn("shard cache: {} is damaged; dropping it", path);
            delete(sha256);
            return null;
        }
        return remember(DataFile.parse(name, bytes));
    }

    /**
     * Stores shipped bytes after checking they hash to {@code sha256}; when they cannot be written
     * (see the class comment) the shard is returned all the same, held in memory only.
     *
     * @throws DataException when they do not hash to {@code sha256}, or do not parse
     */
    public synchronized DataFile put(String sha256, byte[] bytes, String name) throws DataException {
        String actual = Hashing.sha256Hex(bytes);
        if (!actual.equals(sha256)) {
            throw new DataException(Untrusted.shown(name) + ": shipped bytes hash to " + actual + ", not " + sha256);
        }
        DataFile file = DataFile.parse(name, bytes);
        received++;
        if (!store(sha256, bytes)) {
            uncached++;
        }
        return remember(file);
    }

    private DataFile remember(DataFile file) {
        parsed.put(file.sha256(), file, file.heapBytes());
        return file;
    }

    /** @return whether the shard is on disk now */
    private boolean store(String sha256, byte[] bytes) {
        if (sizes.containsKey(sha256)) {
            return true;
        }
        if (bytes.length > maxBytes) {
            warnUncached(sha256, "it is larger than the whole cache (" + maxBytes + " bytes)");
            return false;
        }
        if (!canMakeRoom(bytes.length)) {
            warnUncached(sha256, "the disk has " + usableDiskBytes.getAsLong() + " bytes free, and evicting every"
                    + " cached shard would not make room for " + bytes.length);
            return false;
        }
        evictUntil(bytes.length, sha256);
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, TEMPORARY_PREFIX, TEMPORARY_SUFFIX);
            Files.write(tmp, bytes);
            move(tmp, dir.resolve(sha256 + ".txt"));
            tmp = null;
        } catch (IOException e) {
            warnUncached(sha256, e.toString());
            return false;
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
        sizes.put(sha256, (long) bytes.length);
        totalBytes += bytes.length;
        return true;
    }

    private void warnUncached(String sha256, String why) {
        long skipped = storeWarnings.admit("uncached");
        if (skipped >= 0) {
            LOG.warn("shard cache {}: shard {} not cached, trained from memory: {}{}", dir, sha256, why,
                    LogLimiter.suppressed(skipped));
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Evicts least recently used shards (never {@code keep}) until {@code incoming} more bytes fit
     * within the size bound and the disk's free space, or nothing is left to evict.
     */
    private void evictUntil(long incoming, String keep) {
        var it = sizes.entrySet().iterator();
        while (it.hasNext() && !fits(incoming)) {
            Map.Entry<String, Long> eldest = it.next();
            if (eldest.getKey().equals(keep)) {
                continue;
            }
            it.remove();
            totalBytes -= eldest.getValue();
            parsed.remove(eldest.getKey());
            deleteQuietly(dir.resolve(eldest.getKey() + ".txt"));
        }
    }

    /**
     * Whether evicting could make the shard fit the disk: when the disk is full of other files,
     * emptying the cache would cost every cached shard and still not store this one.
     */
    private boolean canMakeRoom(long incoming) {
        return usableDiskBytes.getAsLong() + totalBytes >= incoming + DISK_SLACK_BYTES;
    }

    private boolean fits(long incoming) {
        return totalBytes + incoming <= maxBytes
                && (incoming == 0 || usableDiskBytes.getAsLong() >= incoming + DISK_SLACK_BYTES);
    }

    private void delete(String sha256) {
        Long size = sizes.remove(sha256);
        totalBytes -= size == null ? 0 : size;
        parsed.remove(sha256);
        deleteQuietly(dir.resolve(sha256 + ".txt"));
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("shard cache: cannot delete {}: {}", p, e.getMessage());
        }
    }

    private static byte[] read(Path path) throws DataException {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new DataException("shard cache: a cached shard cannot be read: " + DataRoot.reason(e), e);
        }
    }

    /** @return how many shipped shards were received since the start (stored or not) */
    public synchronized int received() {
        return received;
    }

    /** @return how many shipped shards could not be written to disk and were trained from memory only */
    public synchronized int uncached() {
        return uncached;
    }

    /** @return bytes of shards on disk now */
    public synchronized long storedBytes() {
        return totalBytes;
    }
}
