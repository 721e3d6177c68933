package mlptrainer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/lib.sh is the one launcher library: the JVM options README states for each program, ports
 * never handed out twice, and no other script starting a JVM or probing a port by itself.
 */
class LauncherLibraryTest {
    /** A JVM started, or a port probed, other than through lib.sh's functions. */
    private static final Pattern OWN_LAUNCH = Pattern.compile("(^|[\\s;&|(])java\\s+[-$\"]|/dev/tcp/|free_port");

    @TempDir
    Path dir;

    @Test
    void everyProgramGetsTheJvmOptionsReadmeStates() throws Exception {
        String opts = "source scripts/lib.sh; for c in ComputeNodeCommand CoordinatorCommand ClientCommand "
                + "StatusCommand FaultProxyCommand; do mlp_jvm_opts $c; echo \"$c:$MLP_JVM_OPTS\"; done";
        List<String> lines = bash(opts, Map.of("JAVA_OPTS", "-Xmx64m"));
        assertEquals(List.of(
                "ComputeNodeCommand:--add-modules jdk.incubator.vector -Xmx64m -XX:+UseSerialGC",
                "CoordinatorCommand:-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
                "ClientCommand:-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
                "StatusCommand:-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
                "FaultProxyCommand:-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"), normalised(lines));
        // a collector named in JAVA_OPTS wins; MLP_COORDINATOR_OPTS replaces the default, even empty
        List<String> replaced = bash("source scripts/lib.sh; mlp_jvm_opts CoordinatorCommand; echo \"$MLP_JVM_OPTS\"",
                Map.of("JAVA_OPTS", "-XX:+UseParallelGC", "MLP_COORDINATOR_OPTS", ""));
        assertEquals(List.of("-XX:+UseParallelGC"), normalised(replaced));
    }

    @Test
    void aJarOlderThanItsSourcesIsNotCurrent() throws Exception {
        Path root = Files.createDirectories(dir.resolve("repo"));
        Path source = Files.createDirectories(root.resolve("src/main")).resolve("A.java");
        Path jar = root.resolve("app.jar");
        Files.writeString(source, "class A {}");
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.writeString(jar, "jar");
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(source, old);
        Files.setLastModifiedTime(root.resolve("pom.xml"), old);
        String check = "source scripts/lib.sh; MLP_ROOT=" + root + "; MLP_JAR=" + jar
                + "; if mlp_jar_current; then echo current; else echo stale; fi";
        assertEquals(List.of("current"), bash(check, Map.of()));
        Files.setLastModifiedTime(source, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(jar).toMillis() + 60_000));
        assertEquals(List.of("stale"), bash(check, Map.of()), "a source edited after the build");
        Files.delete(jar);
        assertEquals(List.of("stale"), bash(check, Map.of()), "no jar");
    }

    @Test
    void noPortIsHandedOutTwice() throws Exception {
        List<String> ports = bash("source scripts/lib.sh; mlp_take_ports 5; printf '%s\\n' \"${MLP_PORTS[@]}\"; "
                + "for _ in $(seq 1 40); do mlp_take_port; echo \"$MLP_PORT\"; done", Map.of());
        assertEquals(45, ports.size(), ports.toString());
        assertEquals(45, new HashSet<>(ports).size(), "a port handed out twice: " + ports);
        for (String p : ports) {
            int port = Integer.parseInt(p);
            assertTrue(port > 0 && port < 65536, p);
        }
    }

    @Test
    void noOtherScriptStartsAJvmOrWaitsForAPortByItself() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("scripts"))) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.endsWith("lib.sh") || f.getParent()
                    .endsWith("faults")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).replaceFirst("^\\s*#.*", "");
                    if (OWN_LAUNCH.matcher(code).find()) {
                        offenders.add(f + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertEquals(List.of(), offenders, "start JVMs and wait for ports through scripts/lib.sh");
    }

    private static List<String> normalised(List<String> lines) {
        return lines.stream().map(l -> String.join(" ", Arrays.stream(l.trim().split("\\s+"))
                .filter(w -> !w.isEmpty()).toList()).replace(": ", ":")).toList();
    }

    /** Runs a bash script from the repository's root; returns its output lines, failing on a non-zero exit. */
    private List<String> bash(String script, Map<String, String> env) throws IOException, InterruptedException {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().put("MLP_CLASSPATH", System.getProperty("java.class.path"));
        for (String v : List.of("JAVA_OPTS", "MLP_SCALAR_KERNEL", "MLP_COORDINATOR_OPTS", "MLP_CLIENT_OPTS")) {
            pb.environment().remove(v);
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            // a safety net against a hung shell, not a synchronisation: the script ends on its own
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running after 60 s: " + script);
            assertEquals(0, p.exitValue(), Files.readString(err));
            return Files.readAllLines(out);
        } finally {
            p.destroyForcibly();
        }
    }
}
