package mlptrainer.prepare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import mlptrainer.data.DataException;
import mlptrainer.data.DatasetManifest;
import mlptrainer.data.ShardFiles;

/**
 * The directory {@code prepare} writes. One that exists and is not empty is refused unless forced; forced,
 * its data files (training shards, validation file, manifest) are deleted first, so that no shard of an
 * earlier preparation with more shards stays behind to be trained on. Other files are left alone.
 * Stateless.
 */
final class OutputDirectory {
    private OutputDirectory() {
    }

    /** Makes {@code dir} ready to be written. */
    static void claim(Path dir, String shown, boolean force) throws DataException, IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new DataException(shown + ": exists and is not a directory");
        }
        if (Files.isDirectory(dir) && !isEmpty(dir)) {
            if (!force) {
                throw new DataException(shown + ": exists and is not empty (--force writes into it, replacing"
                        + " its data files)");
            }
            deleteDataFiles(dir);
        }
        Files.createDirectories(dir);
    }

    /** Deletes the data files {@code prepare} writes, after a failure or before writing anew. */
    static void deleteDataFiles(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> entries = Files.list(dir)) {
            files = entries.filter(p -> isDataFile(p.getFileName().toString())).toList();
        }
        for (Path p : files) {
            Files.deleteIfExists(p);
        }
    }

    private static boolean isDataFile(String name) {
        return ShardFiles.shardNumber(name) > 0 || name.equals(ShardFiles.VALIDATION_FILE)
                || name.equals(DatasetManifest.FILE_NAME);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
