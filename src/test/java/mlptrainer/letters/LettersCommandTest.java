package mlptrainer.letters;

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

    private static void assertOneLine(String err, String message) {
        assertTrue(err.contains(message), err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        assertEquals(1, err.lines().filter(l -> !l.isBlank()).count(), err);
    }
}
