package mlptrainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import mlptrainer.Untrusted;

/**
 * Data files a server has parsed (shards on a node; shards and the validation set on the
 * coordinator), so each file is read and parsed once and kept while it is unchanged (same size and
 * modification time). Holds at most {@code capacity} files and a quarter of the heap, evicting the
 * least recently used. Thread-safe.
 */
public final class DatasetCache {
    private final DataRoot root;
    private final WeightedLru<Path, Entry> entries;

    private record Entry(long size, long modifiedNanos, DataFile file) {
    }

    /**
     * @param root     paths are resolved against it and may not leave it
     * @param capacity the most shards kept parsed
     */
    public DatasetCache(DataRoot root, int capacity) {
        this.root = root;
        this.entries = new WeightedLru<>(capacity, WeightedLru.quarterOfHeap());
    }

    /**
     * @param requested the path as the coordinator sent it
     * @param classes   labels must be below it
     * @return the parsed shard, from the cache when the file is unchanged
     * @throws DataException naming the file (and line) when it is missing, outside the root or malformed
     */
    public Dataset load(String requested, int classes) throws DataException {
        return loadFile(requested, classes).data();
    }

    /** As {@link #load}, with the file's bytes and content hash. */
    public DataFile loadFile(String requested, int classes) throws DataException {
        Path path = root.resolve(requested);
        BasicFileAttributes attrs = attributes(path, requested);
        long modified = attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        Entry cached = entries.get(path);
        if (cached == null || cached.size != attrs.size() || cached.modifiedNanos != modified) {
            cached = new Entry(attrs.size(), modified, DataFile.parse(requested, readBytes(path, requested)));
            entries.put(path, cached, cached.file().heapBytes());
        }
        try {
            checkLabels(cached.file.data(), requested, classes);
        } catch (DataException e) {
            // parsed rows do not know their lines (blank lines are skipped): re-read with k so the message names the line
            CsvDatasetReader.read(path, requested, classes);
            throw e;
        }
        return cached.file;
    }

    private static byte[] readBytes(Path path, String requested) throws DataException {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new DataException(Untrusted.shown(requested) + ": no such file");
        } catch (IOException e) {
            throw new DataException(Untrusted.shown(requested) + ": cannot read: " + DataRoot.reason(e), e);
        }
    }

    private static BasicFileAttributes attributes(Path path, String requested) throws DataException {
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                throw new DataException(Untrusted.shown(requested) + ": not a regular file");
            }
            return attrs;
        } catch (NoSuchFileException e) {
            throw new DataException(Untrusted.shown(requested) + ": no such file");
        } catch (IOException e) {
            throw new DataException(Untrusted.shown(requested) + ": cannot read: " + DataRoot.reason(e), e);
        }
    }

    /**
     * Labels were parsed without k (the cache serves any k), so check them against this task's k;
     * {@code classes} 0 or less checks nothing (the caller checks later, with its k).
     */
    public static void checkLabels(Dataset data, String name, int classes) throws DataException {
        if (classes <= 0) {
            return;
        }
        int[] labels = data.labelsUnsafe();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes) {
                throw new DataException(Untrusted.shown(name) + " row " + (i + 1) + ": label " + labels[i]
                        + " is outside 0.." + (classes - 1) + " (k=" + classes + ")");
            }
        }
    }

    /** @return shards held now */
    public int size() {
        return entries.size();
    }
}
