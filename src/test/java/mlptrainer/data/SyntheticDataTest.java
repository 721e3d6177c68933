package mlptrainer.data;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import mlptrainer.cli.Cli;
import mlptrainer.cli.ExitCodes;
import mlptrainer.cli.LettersCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one synthetic-data generator, and {@code letters synthetic}, which the fault scripts use. */
class SyntheticDataTest {
    private static final List<String> FILES =
            List.of("train_letters1.txt", "train_letters2.txt", "train_letters3.txt", "validate_letters.txt");

    @TempDir
    Path tmp;

    @Test
    void clusteredSetsHaveTheAskedShape() throws IOException {
        Path dir = SyntheticData.writeClustered(tmp.resolve("d"), 3, 25, 4, 3, 7L);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(FILES, files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Set<Integer> labels = new HashSet<>();
        for (String f : FILES) {
            List<String> lines = Files.readAllLines(dir.resolve(f));
            assertEquals(25, lines.size(), f);
            for (String line : lines) {
                String[] cells = line.split(",");
                assertEquals(5, cells.length, line);
                for (int j = 0; j < 4; j++) {
                    int v = Integer.parseInt(cells[j]);
                    assertTrue(v >= 0 && v <= 15, line);
                }
                int label = Integer.parseInt(cells[4]);
                assertTrue(label >= 0 && label < 3, line);
                labels.add(label);
            }
        }
        assertEquals(Set.of(0, 1, 2), labels, "100 rows of 3 classes draw every class");
    }

    @Test
    void theSeedAloneDecidesTheBytes() throws IOException {
        Path a = SyntheticData.writeClustered(tmp.resolve("a"), 3, 25, 4, 3, 7L);
        Path b = SyntheticData.writeClustered(tmp.resolve("b"), 3, 25, 4, 3, 7L);
        Path c = SyntheticData.writeClustered(tmp.resolve("c"), 3, 25, 4, 3, 8L);
        for (String f : FILES) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
        assertFalse(Files.readString(a.resolve("train_letters1.txt"))
                .equals(Files.readString(c.resolve("train_letters1.txt"))), "another seed, other rows");
    }

    @Test
    void theCommandWritesTheGeneratorsBytes() throws IOException {
        Path out = tmp.resolve("cli");
        Run r = run("synthetic", "-o", out.toString(), "--shards", "3", "--rows", "25", "--features", "4",
                "--k", "3", "--seed", "7");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        Path direct = SyntheticData.writeClustered(tmp.resolve("direct"), 3, 25, 4, 3, 7L);
        for (String f : FILES) {
            assertArrayEquals(Files.readAllBytes(direct.resolve(f)), Files.readAllBytes(out.resolve(f)), f);
        }
    }

    @Test
    void badOptionsAreOneLineUsageErrors() {
        for (String[] bad : List.of(new String[] {"--k", "1"}, new String[] {"--rows", "0"},
                new String[] {"--features", "0"}, new String[] {"--shards", "0"})) {
            Run r = run("synthetic", "-o", tmp.resolve("x").toString(), bad[0], bad[1]);
            assertEquals(ExitCodes.USAGE, r.code(), String.join(" ", bad));
            assertTrue(r.err().contains(bad[0] + " must be at least"), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
        assertFalse(Files.exists(tmp.resolve("x")), "nothing written on a bad option");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
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
}
