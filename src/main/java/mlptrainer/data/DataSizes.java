package mlptrainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a data directory (training shards and validation file) with their sizes, read from
 * the file system before any file is read, and the most heap reading them can take: so that a data
 * set too large for a server is refused by size, before it costs memory. Immutable.
 *
 * @param files the files that exist, training shards first, then the validation file
 */
public record DataSizes(List<FileSize> files) {
    public DataSizes {
        files = List.copyOf(files);
    }

    /**
     * A file and its size.
     *
     * @param name  how messages name it ("letters/train_letters1.txt")
     * @param bytes its size in bytes
     */
    public record FileSize(String name, long bytes) {
        /** @return the most heap reading and parsing this file can take, in bytes */
        public long heapBound() {
            return CsvDatasetReader.heapBound(bytes);
        }
    }

    /**
     * @param root the data root
     * @param dir  the data directory as the client named it
     * @return the sizes of its training shards and validation file; files that are missing or not
     *         regular are left out (reading them reports that)
     * @throws DataException when the directory cannot be listed or leaves the root
     */
    public static DataSizes of(DataRoot root, String dir) throws DataException {
        Path path = root.resolve(dir);
        List<String> names = new ArrayList<>(ShardFiles.trainingFiles(path, dir));
        names.add(ShardFiles.VALIDATION_FILE);
        List<FileSize> out = new ArrayList<>();
        for (String name : names) {
            Path file = path.resolve(name);
            try {
                if (Files.isRegularFile(file)) {
                    out.add(new FileSize(dir + "/" + name, Files.size(file)));
                }
            } catch (IOException e) {
                // left to the reader, which names the file and the error
            }
        }
        return new DataSizes(out);
    }

    private static boolean isValidation(FileSize f) {
        return f.name().endsWith("/" + ShardFiles.VALIDATION_FILE);
    }

    /** @return the training shards found */
    public int shards() {
        return (int) files.stream().filter(f -> !isValidation(f)).count();
    }

    /** @return the training shards' summed size, in bytes */
    public long shardBytes() {
        return files.stream().filter(f -> !isValidation(f)).mapToLong(FileSize::bytes).sum();
    }

    /** @return the most heap reading the largest training shard can take, in bytes (0: none) */
    public long largestShardHeapBound() {
        return files.stream().filter(f -> !isValidation(f)).mapToLong(FileSize::heapBound).max().orElse(0);
    }

    /** @return the validation file's size in bytes, or 0 when it is missing */
    public long validationBytes() {
        return files.stream().filter(DataSizes::isValidation).mapToLong(FileSize::bytes).sum();
    }

    /** @return the most heap reading the validation file can take, in bytes (0: missing) */
    public long validationHeapBound() {
        return files.stream().filter(DataSizes::isValidation).mapToLong(FileSize::heapBound).sum();
    }
}
