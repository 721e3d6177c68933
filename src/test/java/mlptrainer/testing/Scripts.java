package mlptrainer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the repository's scripts from tests. Keeps no state. */
public final class Scripts {
    private Scripts() {
    }

    /**
     * Runs {@code bash SCRIPT ARGS...} from the repository's root on Maven's class path
     * (MLP_CLASSPATH) with {@code JAVA_OPTS=-Xmx96m} and {@code LOG_LEVEL=INFO}, to its end (280 s at most; its EXIT trap stops
     * its servers, anything left is killed), and asserts that it succeeded.
     *
     * @param tmp where its output and errors are kept (bench.out, bench.err)
     * @return its stdout's lines
     */
    public static List<String> stdoutOf(Path tmp, String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", script));
        command.addAll(List.of(args));
        Path err = tmp.resolve("bench.err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile())
                .redirectOutput(tmp.resolve("bench.out").toFile());
        pb.environment().put("MLP_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("JAVA_OPTS", "-Xmx96m");
        // the servers log at INFO as they do from the jar (the tests' logback config says WARN): scripts read those lines
        pb.environment().put("LOG_LEVEL", "INFO");
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(280, TimeUnit.SECONDS), "the script did not end");
            assertEquals(0, p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
            return Files.readAllLines(tmp.resolve("bench.out"), StandardCharsets.UTF_8);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
