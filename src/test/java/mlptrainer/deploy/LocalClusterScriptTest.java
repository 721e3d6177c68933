package mlptrainer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/local-cluster.sh as a newcomer meets it: --help works, a failed run keeps its logs and
 * says where, nothing is left in the caller's directory, and scripts started at once on a fresh
 * clone build the jar once (lib.sh's build lock).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LocalClusterScriptTest {
    private static final Path SCRIPT = Path.of("scripts/local-cluster.sh").toAbsolutePath();

    @TempDir
    Path tmp;

    /** The script's exit code and output; stdin is closed. */
    private record Run(int code, String out, String err) {
    }

    private Run run(Path cwd, Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd(args)).directory(cwd.toFile())
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        try {
            assertTrue(p.waitFor(200, TimeUnit.SECONDS), "the script did not end");
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out.txt")), Files.readString(tmp.resolve("err.txt")));
    }

    private static List<String> cmd(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void helpPrintsTheUsageAndSucceeds() throws Exception {
        for (String flag : List.of("--help", "-h")) {
            Run r = run(tmp, Map.of(), flag);
            assertEquals(0, r.code(), flag + ": " + r.err());
            assertTrue(r.out().contains("usage: scripts/local-cluster.sh"), r.out());
        }
    }

    @Test
    void aFailedRunKeepsItsLogsSaysWhereAndLeavesNothingInTheCallersDirectory() throws Exception {
        assertAFailedRunKeeps(List.of("--processes"), List.of("coordinator.log", "node1.log", "compute_nodes.txt"));
    }

    /** The servers' log lines go to servers.log beside the checkpoints, unless (as on the tests' class path) a logback file rules. */
    @Test
    void aFailedRunInOneJvmKeepsItsWorkDirectory() throws Exception {
        assertAFailedRunKeeps(List.of(), List.of());
    }

    private void assertAFailedRunKeeps(List<String> options, List<String> kept) throws Exception {
        Path data = TestCluster.writeData(tmp, "data");
        Path caller = Files.createDirectories(tmp.resolve("caller"));
        Map<String, String> env = Map.of("MLP_CLASSPATH", System.getProperty("java.class.path"),
                "JAVA_OPTS", "-Xmx64m", "TMPDIR", Files.createDirectories(tmp.resolve("runs")).toString());

        // two rounds write a checkpoint after the first; the model then cannot be written, so the client fails
        List<String> args = new java.util.ArrayList<>(options);
        args.addAll(List.of("-n", "1", data.toString(), "2", "1", "5", "0.001", "--", "--k",
                String.valueOf(TestCluster.K), "--save-model", caller.resolve("no-such-dir/m.model").toString()));
        Run r = run(caller, env, args.toArray(String[]::new));

        assertNotEquals(0, r.code(), r.err());
        Matcher keptIn = Pattern.compile("logs kept in (\\S+)").matcher(r.err());
        assertTrue(keptIn.find(), r.err());
        Path work = Path.of(keptIn.group(1));
        assertTrue(Files.isDirectory(work), work + " is gone");
        for (String name : kept) {
            assertTrue(Files.exists(work.resolve(name)), work + " lacks " + name);
        }
        try (var left = Files.list(caller)) {
            assertEquals(List.of(), left.toList(), "left in the caller's directory");
        }
    }

    /**
     * Two builds at once with the jar missing: the first holds the lock while it builds (a stand-in
     * build that waits for a gate the test opens), the second waits on the lock, then finds the jar.
     */
    @Test
    void twoScriptsStartedAtOnceWithoutTheJarBuildItOnce() throws Exception {
        Path jar = tmp.resolve("target/mlp-trainer.jar");
        Path lock = tmp.resolve("target/.build.lock");
        Path builds = tmp.resolve("builds.txt");
        Path gate = tmp.resolve("gate");
        Files.createDirectories(jar.getParent());
        Files.writeString(lock, "");
        String build = "echo built >> " + builds + "; until [ -e " + gate + " ]; do sleep 0.05; done; touch " + jar;
        String script = "source scripts/lib.sh; MLP_JAR=" + jar + "; mlp_ensure_jar";
        Map<String, String> env = Map.of("MLP_BUILD_LOCK", lock.toString(), "MLP_BUILD_COMMAND", build);
        Process first = bash(script, env);
        Process second = bash(script, env);
        try {
            awaitSecondBuildOrWaiter(builds, lock);
            Files.writeString(gate, "");
            assertTrue(first.waitFor(60, TimeUnit.SECONDS) && second.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, first.exitValue());
            assertEquals(0, second.exitValue());
            assertEquals(List.of("built"), Files.readAllLines(builds), "one build");
            assertTrue(Files.exists(jar));
        } finally {
            for (Process p : List.of(first, second)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    private Process bash(String script, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        pb.environment().remove("MLP_CLASSPATH");
        return pb.start();
    }

    /**
     * Waits until one build runs and the other script either runs a second build (no lock) or waits
     * for the lock file (in the kernel's table of locks, a waiter is listed with "->").
     */
    private static void awaitSecondBuildOrWaiter(Path builds, Path lock) throws Exception {
        String inode = ":" + Files.getAttribute(lock, "unix:ino") + " ";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            long started = Files.exists(builds) ? Files.readAllLines(builds).size() : 0;
            boolean waiter = Files.readAllLines(Path.of("/proc/locks"), StandardCharsets.US_ASCII).stream()
                    .anyMatch(l -> l.contains("->") && l.contains(inode));
            if (started >= 2 || (started == 1 && waiter)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("neither a second build nor a waiter on " + lock + File.separator);
    }
}
