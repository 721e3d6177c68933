package mlptrainer.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new temporary directory, deleted with everything in it on {@link #close}, or by a shutdown
 * hook when the JVM stops first (a server stopped during its warm-up: the warm-up's daemon thread
 * never reaches its close). Its name carries the process id, so the directories of a process that
 * was killed outright are deleted by the next one made with the same prefix. The start-up
 * warm-ups write their synthetic data files there. Not thread-safe.
 */
public final class ScratchDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScratchDirectory.class);
    private final Path dir;
    private final Thread cleanup;

    private ScratchDirectory(Path dir) {
        this.dir = dir;
        this.cleanup = new Thread(() -> deleteTree(dir), "scratch-directory-cleanup");
    }

    /**
     * @param parent where to make it
     * @param prefix the start of its name, followed by the process id
     */
    public static ScratchDirectory create(Path parent, String prefix) throws IOException {
        deleteOrphans(parent, prefix);
        long pid = ProcessHandle.current().pid();
        ScratchDirectory scratch = new ScratchDirectory(Files.createTempDirectory(parent, prefix + pid + "-"));
        Runtime.getRuntime().addShutdownHook(scratch.cleanup);
        return scratch;
    }

    /** Deletes directories {@code prefix<pid>-...} of processes that are gone. */
    private static void deleteOrphans(Path parent, String prefix) {
        Pattern name = Pattern.compile(Pattern.quote(prefix) + "(\\d{1,18})-.*");
        try (Stream<Path> entries = Files.list(parent)) {
            entries.filter(p -> isOrphan(name.matcher(p.getFileName().toString())))
                    .forEach(ScratchDirectory::deleteTree);
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("scratch directories in {}: not listed: {}", parent, e.toString());
        }
    }

    private static boolean isOrphan(Matcher name) {
        return name.matches()
                && ProcessHandle.of(Long.parseLong(name.group(1))).filter(ProcessHandle::isAlive).isEmpty();
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
        deleteTree(dir);
    }

    /** Deletes {@code dir} and everything in it; what cannot be deleted is logged at DEBUG. */
    public static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(ScratchDirectory::delete);
        } catch (IOException | UncheckedIOException e) {
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
