package mlptrainer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs scripts/netns-test.sh: the coordinator and nodes in network namespaces of their own, no
 * shared files, faulty links; it passes only when the model equals a single-host run's. Needs root
 * and iproute2 (CI has both); elsewhere the test is skipped, saying why.
 */
@Timeout(value = 25, unit = TimeUnit.MINUTES)
class NetnsScriptTest {
    /** The script's own bound: its runs take a minute or two. */
    private static final long SCRIPT_TIMEOUT_MIN = 10;
    /** How long the script gets to run its cleanup (namespaces, servers) after SIGTERM. */
    private static final long CLEANUP_S = 60;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"plain", "--tls"})
    void multiHostModelEqualsSingleHostModel(String mode) throws IOException, InterruptedException {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"))
                || Files.isExecutable(Path.of("/usr/bin/ip")), "iproute2 is not installed");
        ProcessBuilder pb = mode.equals("plain") ? new ProcessBuilder("bash", "scripts/netns-test.sh")
                : new ProcessBuilder("bash", "scripts/netns-test.sh", mode);
        pb.environment().put("MLP_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("JAVA_OPTS", "-Xmx128m");
        // to a file, not a pipe: however much the script prints, it never waits for this test to read
        Path log = tmp.resolve("netns-test.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        boolean ended = p.waitFor(SCRIPT_TIMEOUT_MIN, TimeUnit.MINUTES);
        if (!ended) {
            stop(p);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(ended, () -> "the script did not end within " + SCRIPT_TIMEOUT_MIN + " minutes: " + out);
        assumeTrue(p.exitValue() != 77, () -> "skipped by the script: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("PASS"), out);
    }

    /** SIGTERM first, so the script's trap removes its namespaces and servers; then kills what is left. */
    private static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> tree = p.descendants().toList(); // before the script ends and they lose their parent
        p.destroy();
        if (!p.waitFor(CLEANUP_S, TimeUnit.SECONDS)) {
            tree.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(CLEANUP_S, TimeUnit.SECONDS);
        }
    }
}
