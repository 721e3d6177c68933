package mlptrainer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4: compute nodes run with the Vector API's incubator module, and the JVM then warns about it
 * on stderr at start-up with no option to turn that off; the launchers (scripts/lib.sh) drop that line.
 */
class NodeLauncherTest {
    private static final String WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    @TempDir
    Path dir;

    @Test
    void theJvmItselfWarnsWhenTheModuleIsAdded() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Run run = run(List.of(java, "--add-modules", "jdk.incubator.vector", "-version"));
        assertEquals(0, run.exit);
        assertTrue(run.err.lines().anyMatch(WARNING::equals), "the warning this launcher drops: " + run.err);
    }

    @Test
    void computeNodeScriptDropsTheIncubatorWarning() throws Exception {
        Run run = run(List.of("bash", "scripts/compute-node", "--help"));
        assertEquals(0, run.exit, run.err);
        assertTrue(run.out.contains("Usage: compute-node"), run.out);
        assertFalse(run.err.contains("incubator"), run.err);
    }

    private record Run(int exit, String out, String err) {
    }

    /** Runs a command from the repository's root on Maven's class path; output and errors through files. */
    private Run run(List<String> command) throws IOException, InterruptedException {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("MLP_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("MLP_SCALAR_KERNEL");
        Process p = pb.start();
        try {
            // a safety net against a hung JVM, not a synchronisation: the command ends on its own
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "still running after 120 s: " + command);
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            p.destroyForcibly();
        }
    }
}
