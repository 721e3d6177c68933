package mlptrainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The warm-ups' temporary directory goes away whether they finish or the JVM stops under them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against a hang, not a performance bound
class ScratchDirectoryTest {
    @TempDir
    Path parent;

    @Test
    void closeDeletesTheDirectoryAndItsFiles() throws Exception {
        try (ScratchDirectory scratch = ScratchDirectory.create(parent, "t-")) {
            Files.createDirectories(scratch.path().resolve("sub"));
            Files.writeString(scratch.path().resolve("sub/a.txt"), "1,2\n");
        }

        assertEquals(List.of(), contents(parent));
    }

    @Test
    void aJvmThatStopsBeforeTheCloseStillDeletesIt() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ExitWithoutClose.class.getName(), parent.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());

        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("written"), out);
        assertEquals(List.of(), contents(parent));
    }

    @Test
    void theDirectoriesOfAKilledProcessAreDeletedByTheNextOneAndNoOthers() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path orphan = Files.createDirectories(parent.resolve("t-" + gone.pid() + "-123/vault"));
        Path ours = Files.createDirectories(parent.resolve("t-" + ProcessHandle.current().pid() + "-456"));
        Path other = Files.createDirectories(parent.resolve("other-" + gone.pid() + "-789"));

        ScratchDirectory.create(parent, "t-").close();

        assertEquals(List.of(other.getFileName(), ours.getFileName()).stream().sorted().toList(),
                contents(parent).stream().map(Path::getFileName).sorted().toList(), orphan.toString());
    }

    /** Makes a scratch directory with a file in it and exits without closing it, as a stopped server does. */
    public static final class ExitWithoutClose {
        public static void main(String[] args) throws Exception {
            ScratchDirectory scratch = ScratchDirectory.create(Path.of(args[0]), "t-");
            Files.writeString(scratch.path().resolve("a.txt"), "1,2\n");
            System.out.println("written");
            System.exit(0);
        }
    }

    private static List<Path> contents(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
