package mlptrainer.letters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import mlptrainer.cli.Cli;
import mlptrainer.cli.ExitCodes;
import mlptrainer.cli.LettersCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The letters command line: exit codes and one-line errors (run in-process through {@link Cli#run}). */
class LettersCommandTest {
    @TempDir
    Path tmp;

    /** Runs the command, capturing stdout and stderr. */
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Cli.run(new LettersCommand(), args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : List.of("generate", "split", "convert")) {
            Run r = run(cmd, "--help");
            assertEquals(ExitCodes.OK, r.code(), cmd);
            assertTrue(r.out().startsWith("Usage: letters " + cmd), r.out());
        }
        assertTrue(run("--help").out().contains("generate"));
    }

    @Test
    void generateSplitConvertEndToEnd() throws IOException {
        Path gen = tmp.resolve("gen");
        Run g = run("generate", "-q", "-o", gen.toString(), "--shards", "2", "--rows", "30", "--validation-rows", "12");
        assertEquals(ExitCodes.OK, g.code(), g.err());
        assertEquals(List.of("train_letters1.txt", "train_letters2.txt", "validate_letters.txt"), TestFiles.names(gen));
        Path uci = tmp.resolve("all.data");
        assertEquals(ExitCodes.OK, run("convert", "-q", gen.toString(), "-o", uci.toString()).code());
        assertEquals(72, Files.readAllLines(uci).size());
        Path split = tmp.resolve("split");
        assertEquals(ExitCodes.OK, run("split", "-q", uci.toString(), "-o", split.toString(), "--shards", "2",
                "--validation-rows", "12").code());
        for (String f : TestFiles.names(gen)) {
            assertEquals(Files.readString(gen.resolve(f)), Files.readString(split.resolve(f)), f);
        }
    }

    @Test
    void badInputFileIsOneLineAndExitCode2() throws IOException {
        Path bad = tmp.resolve("letter-recognition.data");
        Files.writeString(bad, "A,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,0\n?,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,0\n");
        Run r = run("split", bad.toString(), "-o", tmp.resolve("o").toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertOneLine(r.err(), bad + " line 2: unknown letter '?'");
    }

    @Test
    void missingFileAndBadOptionsAreUsageErrors() {
        Run missing = run("convert", tmp.resolve("nothing.txt").toString(), "-o", tmp.resolve("x").toString());
        assertEquals(ExitCodes.USAGE, missing.code());
        assertOneLine(missing.err(), "no such file or directory: " + tmp.resolve("nothing.txt"));
        Run zero = run("generate", "--shards", "0", "-o", tmp.toString());
        assertEquals(ExitCodes.USAGE, zero.code());
        assertTrue(zero.err().contains("--shards must be at least 1, got 0"), zero.err());
        assertEquals(ExitCodes.USAGE, run("generate", "--rows", "many").code());
        Run notDir = run("split", TestFiles.sampleUci().toString(), "-o", TestFiles.sampleUci().toString(),
                "--shards", "2", "--validation-rows", "3");
        assertEquals(ExitCodes.USAGE, notDir.code());
        assertOneLine(notDir.err(), TestFiles.sampleUci() + " exists and is not a directory");
        assertEquals(ExitCodes.USAGE, run().code());
    }

    @Test
    void nonIidSplitsOfADirectoryKeepEveryRowAndAreByteIdenticalAcrossRuns() throws IOException {
        Path gen = tmp.resolve("gen");
        assertEquals(ExitCodes.OK, run("generate", "-q", "-o", gen.toString(), "--shards", "3", "--rows", "200",
                "--validation-rows", "20").code());
        for (List<String> mode : List.of(List.of("--mode", "dirichlet", "--alpha", "0.1"),
                List.of("--mode", "dirichlet", "--alpha", "0.5", "--seed", "9"), List.of("--mode", "shuffled"))) {
            Path a = tmp.resolve("a" + mode.hashCode());
            Path b = tmp.resolve("b" + mode.hashCode());
            for (Path out : List.of(a, b)) {
                List<String> args = new java.util.ArrayList<>(List.of("split", "-q", gen.toString(), "-o",
                        out.toString(), "--shards", "11"));
                args.addAll(mode);
                Run r = run(args.toArray(String[]::new));
                assertEquals(ExitCodes.OK, r.code(), r.err());
                assertTrue(r.out().startsWith("wrote 11 training files ("), r.out());
            }
            assertEquals(TestFiles.names(a), TestFiles.names(b));
            for (String f : TestFiles.names(a)) {
                assertArrayEquals(TestFiles.bytes(a.resolve(f)), TestFiles.bytes(b.resolve(f)), mode + " " + f);
            }
            assertArrayEquals(TestFiles.bytes(gen.resolve(LetterFiles.VALIDATION)),
                    TestFiles.bytes(a.resolve(LetterFiles.VALIDATION)), "validation copied as it is");
            assertEquals(sortedTrainingLines(gen), sortedTrainingLines(a), mode + ": the shards' rows are the input's");
            for (int s = 1; s <= 11; s++) {
                assertFalse(Files.readAllLines(a.resolve(LetterFiles.training(s))).isEmpty(), "shard " + s);
            }
        }
    }

    @Test
    void badSplitOptionsAreOneLineErrors() throws IOException {
        String uci = TestFiles.sampleUci().toString();
        String out = tmp.resolve("o").toString();
        assertUsage(run("split", uci, "-o", out, "--mode", "dirichlet", "--alpha", "0", "--validation-rows", "5"),
                "--alpha must be a finite number > 0, got 0.0");
        assertUsage(run("split", uci, "-o", out, "--mode", "dirichlet", "--alpha", "-1", "--validation-rows", "5"),
                "--alpha must be a finite number > 0, got -1.0");
        assertUsage(run("split", uci, "-o", out, "--mode", "dirichlet"), "--mode dirichlet needs --alpha");
        assertUsage(run("split", uci, "-o", out, "--mode", "iid"), "--mode must be shuffled, dirichlet or labels");
        assertUsage(run("split", uci, "-o", out, "--alpha", "0.5"), "--alpha is for --mode dirichlet");
        assertUsage(run("split", uci, "-o", out, "--mode", "labels", "--labels-per-shard", "3"),
                "--labels-per-shard must be 1 or 2, got 3");
        assertUsage(run("split", uci, "-o", out, "--mode", "labels", "--labels-per-shard", "1", "--shards", "4",
                "--validation-rows", "5"), "--labels-per-shard 1 with 4 shards holds at most 4 labels");
        assertUsage(run("split", uci, "-o", out, "--mode", "labels", "--shuffle-seed", "3", "--labels-per-shard",
                "2"), "--shuffle-seed is for --mode shuffled");
        Path dir = tmp.resolve("dir");
        assertEquals(ExitCodes.OK, run("split", "-q", uci, "-o", dir.toString(), "--shards", "2",
                "--validation-rows", "5").code());
        assertUsage(run("split", dir.toString(), "-o", out, "--validation-rows", "5"),
                "--validation-rows is for a UCI file");
        Files.delete(dir.resolve(LetterFiles.VALIDATION));
        assertUsage(run("split", dir.toString(), "-o", out), dir + " has no validate_letters.txt to copy");
        assertFalse(Files.exists(tmp.resolve("o")), "nothing written after an error");
    }

    private static List<String> sortedTrainingLines(Path dir) throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        for (String f : TestFiles.names(dir)) {
            if (f.startsWith("train_letters")) {
                lines.addAll(Files.readAllLines(dir.resolve(f)));
            }
        }
        lines.sort(null);
        return lines;
    }

    private static void assertUsage(Run r, String message) {
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertOneLine(r.err(), message);
    }

    private static void assertOneLine(String err, String message) {
        assertTrue(err.contains(message), err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        assertEquals(1, err.lines().filter(l -> !l.isBlank()).count(), err);
    }
}
