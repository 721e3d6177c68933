package mlptrainer.letters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Helpers shared by the letters tests. */
final class TestFiles {
    /** One line of our format: 16 attributes 0..15, then a label 0..25, nothing else. */
    static final String OUR_LINE = "^((1[0-5]|[0-9]),){16}(2[0-5]|1[0-9]|[0-9])$";

    private TestFiles() {
    }

    /** @return the names of the regular files in {@code dir}, sorted */
    static List<String> names(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the file's bytes */
    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the repository root: the Maven basedir, which is the tests' working directory */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no pom.xml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** @return the sample UCI file of the test resources */
    static Path sampleUci() {
        return repoRoot().resolve("src/test/resources/mlptrainer/letters/letter-recognition-sample.data");
    }
}
