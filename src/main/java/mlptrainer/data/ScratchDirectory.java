package mlptrainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new temporary directory, deleted with everything in it on {@link #close}, or by a shutdown
 * hook when the JVM stops first (a server stopped during its warm-up: the warm-up's daemon thread
 * never reaches its close). The start-up warm-ups write their synthetic data files there. Not
 * thread-safe.
 */
public final class ScratchDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScratchDirectory.class);
    private final Path dir;
    private final Thread cleanup;

    private ScratchDirectory(Path dir) {
        this.dir = dir;
        this.cleanup = new Thread(this::deleteTree, "scratch-directory-cleanup");
    }

    /**
     * @param parent where to make it
     * @param prefix the start of its name
     */
    public static ScratchDirectory create(Path parent, String prefix) throws IOException {
        ScratchDirectory scratch = new ScratchDirectory(Files.createTempDirectory(parent, prefix));
        Runtime.getRuntime().addShutdownHook(scratch.cleanup);
        return scratch;
    }

    /** @return the directory's real path (no links), as a data root needs it */
    public Path path() throws IOException {
        return dir.toRealPath();
    }

    /** Deletes the directory and what it holds; what cannot be deleted is logged at DEBUG. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            return; // the JVM is stopping: the hook deletes it
        }
        deleteTree();
    }

    private void deleteTree() {
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
