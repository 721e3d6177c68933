package mlptrainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new temporary directory, deleted with everything in it on {@link #close}; the start-up
 * warm-ups write their synthetic data files there. Not thread-safe.
 */
public final class ScratchDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScratchDirectory.class);
    private final Path dir;

    private ScratchDirectory(Path dir) {
        this.dir = dir;
    }

    /**
     * @param parent where to make it
     * @param prefix the start of its name
     */
    public static ScratchDirectory create(Path parent, String prefix) throws IOException {
        return new ScratchDirectory(Files.createTempDirectory(parent, prefix));
    }

    /** @return the directory's real path (no links), as a data root needs it */
    public Path path() throws IOException {
        return dir.toRealPath();
    }

    /** Deletes the directory and what it holds; what cannot be deleted is logged at DEBUG. */
    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(ScratchDirectory::delete);
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.debug("scratch directory {}: not deleted: {}", dir, e.toString());
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("scratch directory: {} not deleted: {}", p, e.toString());
        }
    }
}
