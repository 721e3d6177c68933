package mlptrainer.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import mlptrainer.cli.Cli;
import mlptrainer.cli.CoordinatorCommand;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coordinator --http}: a bad value and a taken port are refused with one line, before serving. */
class DashboardOptionTest {
    @TempDir
    Path dir;

    private String[] run(int expectedCode, String... args) throws Exception {
        Path nodes = Files.writeString(dir.resolve("nodes.txt"), "");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 8];
        System.arraycopy(new String[] {"0", "1", "--nodes", nodes.toString(), "--bind", TestCluster.HOST,
            "--no-checkpoints", "-q"}, 0, all, 0, 8);
        System.arraycopy(args, 0, all, 8, args.length);
        int code = Cli.run(new CoordinatorCommand(), new PrintWriter(out, true), new PrintWriter(err, true), all);
        assertEquals(expectedCode, code, err.toString());
        return err.toString().strip().split("\n");
    }

    @Test
    void anUnparseableValueIsRefusedWithOneLine() throws Exception {
        for (String bad : new String[] {"nine", "65536", "-1", ""}) {
            String[] err = run(2, "--http", bad);
            assertEquals(1, err.length, String.join("\n", err));
            assertTrue(err[0].contains("--http must be"), err[0]);
        }
    }

    @Test
    void aTakenPortNamedWithHttpStopsTheCoordinatorWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(TestCluster.HOST))) {
            String[] err = run(1, "--http", String.valueOf(taken.getLocalPort()));
            assertTrue(err[err.length - 1].contains("cannot listen on " + TestCluster.HOST + ":"
                    + taken.getLocalPort()), String.join("\n", err));
        }
    }
}
