package mlptrainer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs scripts/netns-test.sh: the coordinator and nodes in network namespaces of their own, no
 * shared files, faulty links; it passes only when the model equals a single-host run's. Needs root
 * and iproute2 (CI has both); elsewhere the test is skipped, saying why.
 */
class NetnsScriptTest {
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
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the script did not end");
        assumeTrue(p.exitValue() != 77, () -> "skipped by the script: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("PASS"), out);
    }
}
