package mlptrainer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mlptrainer.rpc.TlsConfig;

/**
 * Keys for TLS tests, made with the JDK's keytool: one cluster key pair that everyone trusts
 * ({@code cluster.p12}, trusted by {@code trust.p12}), password "changeit". Stateless.
 */
public final class TestKeys {
    public static final char[] PASSWORD = "changeit".toCharArray();

    private TestKeys() {
    }

    /** Writes cluster.p12 and trust.p12 into {@code dir}. */
    public static void make(Path dir) throws IOException, InterruptedException {
        keytool("-genkeypair", "-alias", "cluster", "-keyalg", "EC", "-dname", "CN=cluster", "-validity", "2",
                "-keystore", dir.resolve("cluster.p12").toString(), "-storepass", "changeit");
        keytool("-exportcert", "-alias", "cluster", "-keystore", dir.resolve("cluster.p12").toString(),
                "-storepass", "changeit", "-file", dir.resolve("cluster.crt").toString());
        keytool("-importcert", "-noprompt", "-alias", "cluster", "-file", dir.resolve("cluster.crt").toString(),
                "-keystore", dir.resolve("trust.p12").toString(), "-storepass", "changeit");
    }

    /** @return TLS with the cluster's key, trusting the cluster; as a server, demanding a client certificate or not */
    public static TlsConfig tls(Path dir, boolean requireClientAuth) throws IOException {
        return TlsConfig.load(dir.resolve("cluster.p12"), PASSWORD, dir.resolve("trust.p12"), PASSWORD,
                requireClientAuth);
    }

    /** Runs the JDK's keytool with these arguments; fails the test when it fails. */
    public static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }
}
