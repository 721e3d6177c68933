package mlptrainer.letters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UciConverterTest {
    @TempDir
    Path tmp;

    @Test
    void splitThenConvertGivesTheSameFileBack() throws IOException {
        Path sample = TestFiles.sampleUci(); // 40 rows
        UciConverter.split(sample, tmp.resolve("ours"), 3, 7, null);
        // 33 training rows over 3 shards: 11 each; the last 7 rows validate
        for (int s = 1; s <= 3; s++) {
            assertEquals(11, Files.readAllLines(tmp.resolve("ours").resolve(LetterFiles.training(s))).size());
        }
        List<String> validation = Files.readAllLines(tmp.resolve("ours").resolve(LetterFiles.VALIDATION));
        assertEquals(7, validation.size());
        for (String line : validation) {
            assertTrue(line.matches(TestFiles.OUR_LINE), line);
        }
        Path back = tmp.resolve("back.data");
        assertEquals(40, UciConverter.toUci(List.of(tmp.resolve("ours")), back));
        assertArrayEquals(TestFiles.bytes(sample), TestFiles.bytes(back));
    }

    @Test
    void unevenSplitGivesEarlierShardsTheExtraRows() throws IOException {
        UciConverter.split(TestFiles.sampleUci(), tmp, 4, 10, null); // 30 training rows: 8, 8, 7, 7
        int[] sizes = new int[4];
        for (int s = 1; s <= 4; s++) {
            sizes[s - 1] = Files.readAllLines(tmp.resolve(LetterFiles.training(s))).size();
        }
        assertArrayEquals(new int[] {8, 8, 7, 7}, sizes);
    }

    @Test
    void shuffleKeepsTheRowsAndChangesTheOrder() throws IOException {
        Path sample = TestFiles.sampleUci();
        UciConverter.split(sample, tmp.resolve("s"), 2, 5, 11L);
        Path back = tmp.resolve("back.data");
        UciConverter.toUci(List.of(tmp.resolve("s")), back);
        List<String> original = Files.readAllLines(sample);
        List<String> shuffled = Files.readAllLines(back);
        assertNotEquals(original, shuffled);
        List<String> a = new ArrayList<>(original);
        List<String> b = new ArrayList<>(shuffled);
        Collections.sort(a);
        Collections.sort(b);
        assertEquals(a, b);
    }

    @Test
    void unknownLetterNamesFileAndLine() throws IOException {
        Path bad = badFile("letter-recognition.data", 7, "1,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8");
        LettersInputException e = assertThrows(LettersInputException.class,
                () -> UciConverter.split(bad, tmp.resolve("o"), 2, 3, null));
        assertEquals(bad + " line 7: unknown letter '1'", e.getMessage());
    }

    @Test
    void wrongColumnCountNamesFileAndLine() throws IOException {
        Path bad = badFile("short.data", 4, "T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0");
        LettersInputException e = assertThrows(LettersInputException.class,
                () -> UciConverter.split(bad, tmp.resolve("o"), 2, 3, null));
        assertEquals(bad + " line 4: expected 17 comma-separated fields, found 16", e.getMessage());
    }

    @Test
    void nonIntegerAndOutOfRangeNameTheField() throws IOException {
        Path notInt = badFile("x.data", 2, "T,2,8,3,5,1,8,13,0,6,six,10,8,0,8,0,8");
        assertEquals(notInt + " line 2: field 11 is not an integer: 'six'", assertThrows(LettersInputException.class,
                () -> UciConverter.split(notInt, tmp.resolve("o"), 1, 1, null)).getMessage());
        Path ours = tmp.resolve("train_letters1.txt");
        Files.writeString(ours, "2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8,19\n2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8,26\n");
        assertEquals(ours + " line 2: label 26 is not in 0..25", assertThrows(LettersInputException.class,
                () -> UciConverter.toUci(List.of(ours), tmp.resolve("u.data"))).getMessage());
        assertTrue(Files.notExists(tmp.resolve("u.data")), "no half-written output is left behind");
    }

    @Test
    void tooFewRowsIsAnError() {
        LettersInputException e = assertThrows(LettersInputException.class,
                () -> UciConverter.split(TestFiles.sampleUci(), tmp, 5, 36, null));
        assertTrue(e.getMessage().contains("40 rows are too few"), e.getMessage());
    }

    /** The real data's course split, when this machine has it: convert back and split again, same bytes. */
    @Test
    void reproducesTheCourseSplitOfTheRealData() throws IOException {
        Path real = TestFiles.repoRoot().resolve("../shared/letters").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(real.resolve(LetterFiles.VALIDATION)), "no ../shared/letters");
        Path uci = tmp.resolve("letter-recognition.data");
        assertEquals(20000, UciConverter.toUci(List.of(real), uci));
        UciConverter.split(uci, tmp.resolve("split"), 11, 3500, null);
        for (String f : TestFiles.names(real)) {
            // the shared validate_letters.txt lacks its last "\n"; ours always end every line with one
            String expected = Files.readString(real.resolve(f));
            expected = expected.endsWith("\n") ? expected : expected + "\n";
            assertEquals(expected, Files.readString(tmp.resolve("split").resolve(f)), f);
        }
    }

    /** Writes a valid UCI row on every line but {@code badLine}, which gets {@code text}. */
    private Path badFile(String name, int badLine, String text) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(TestFiles.sampleUci()).subList(0, 10));
        lines.set(badLine - 1, text);
        Path f = tmp.resolve(name);
        Files.write(f, lines);
        return f;
    }
}
