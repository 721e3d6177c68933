package mlptrainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private DataException readFails(String name, String content, int k) throws IOException {
        Path f = write(name, content);
        return assertThrows(DataException.class, () -> CsvDatasetReader.read(f, name, k));
    }

    private static void assertNames(DataException e, String file, int line) {
        String m = e.getMessage();
        assertTrue(m.contains(file), "names the file: " + m);
        assertTrue(m.contains("line " + line), "names line " + line + ": " + m);
    }

    @Test
    void readsFeaturesAndLabelsInFileOrder() throws Exception {
        Path f = write("train_letters1.txt", "1,2,3,0\n4,5,6,2\n7,8,9,1\n");
        Dataset d = CsvDatasetReader.read(f, "train_letters1.txt", 3);
        assertEquals(3, d.rows());
        assertEquals(3, d.features());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, d.featuresUnsafe());
        assertArrayEquals(new int[] {0, 2, 1}, d.labelsUnsafe());
        assertEquals("train_letters1.txt", d.source());
    }

    @Test
    void crlfLineEndsAndBlankLinesGiveTheSameRowsAsLf() throws Exception {
        Path lf = write("lf.txt", "1,2,0\n3,4,1\n");
        Path crlf = write("crlf.txt", "\r\n1,2,0\r\n\r\n   \n3,4,1\r\n\r\n");
        assertEquals(CsvDatasetReader.read(lf, "lf.txt", 2), CsvDatasetReader.read(crlf, "crlf.txt", 2));
    }

    @Test
    void lastLineWithoutNewlineIsRead() throws Exception {
        Path f = write("f.txt", "1,2,0\n3,4,1");
        assertEquals(2, CsvDatasetReader.read(f, "f.txt", 2).rows());
    }

    @Test
    void missingFileIsNamed() {
        DataException e = assertThrows(DataException.class,
                () -> CsvDatasetReader.read(dir.resolve("nope.txt"), "data/nope.txt", 3));
        assertTrue(e.getMessage().contains("data/nope.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void nonIntegerFieldNamesFileLineAndValue() throws Exception {
        DataException e = readFails("bad.txt", "1,2,0\n3,x7,1\n", 3);
        assertNames(e, "bad.txt", 2);
        assertTrue(e.getMessage().contains("'x7'"), e.getMessage());
        assertTrue(e.getMessage().contains("column 2"), e.getMessage());
    }

    @Test
    void realValuedNegativeAndExponentFeaturesAreReadExactly() throws Exception {
        String[] values = {"-1.143", "2.5", "-0.0", "1e-3", "-7E+2", ".5", "5.", "12345678901234567890", "-3"};
        String row = String.join(",", values) + ",1\n";
        for (String content : new String[] {row, row.replace(",", " , ")}) { // the plain path, then the exact one
            Dataset d = CsvDatasetReader.read(write("real.txt", content), "real.txt", 2);
            double[] expected = java.util.Arrays.stream(values).mapToDouble(Double::parseDouble).toArray();
            assertArrayEquals(expected, d.featuresUnsafe(), 0.0, content);
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(d.feature(0, 2)), content);
            assertEquals(false, d.wholeNumbers(), content);
        }
    }

    @Test
    void integerFeaturesAreWholeNumbersEvenNegativeOrSpaced() throws Exception {
        for (String content : new String[] {"1,2,0\n", "-1,2,0\n", " 3 , +4 ,1\n", "2147483647,-2147483648,0\n"}) {
            assertTrue(CsvDatasetReader.read(write("int.txt", content), "int.txt", 2).wholeNumbers(), content);
        }
        for (String content : new String[] {"2147483648,0\n", "3.0,0\n", "1e2,0\n"}) {
            assertEquals(false, CsvDatasetReader.read(write("dec.txt", content), "dec.txt", 2).wholeNumbers(),
                    content + " is not an int the original reads");
        }
    }

    @Test
    void nanInfinityEmptyAndOtherJavaFormsAreRefusedWithFileLineAndColumn() throws Exception {
        String[] bad = {"NaN", "Infinity", "-Infinity", "1e999", "0x1p3", "1d", "2f", "1e", "-", ".", "1.2.3", "--1",
            "+-1", "1_000"};
        for (String value : bad) {
            DataException e = readFails("bad.txt", "1,2,0\n3," + value + ",1\n", 3);
            assertEquals("bad.txt line 2 column 2: '" + value + "' is not a finite number", e.getMessage());
        }
        assertEquals("empty.txt line 1 column 2: empty value", readFails("empty.txt", "1,,0\n", 3).getMessage());
        assertEquals("empty.txt line 1 column 1: empty value", readFails("empty.txt", " ,1,0\n", 3).getMessage());
    }

    @Test
    void aLabelMustBeAnIntegerIndex() throws Exception {
        assertEquals("lab.txt line 1 column 3: label '1.0' is not an integer (labels are class indices 0..k-1)",
                readFails("lab.txt", "1,2,1.0\n", 3).getMessage());
    }

    @Test
    void wrongColumnCountNamesFileAndLine() throws Exception {
        DataException e = readFails("cols.txt", "1,2,3,0\n4,5,6,1\n7,8,1\n", 3);
        assertNames(e, "cols.txt", 3);
        assertTrue(e.getMessage().contains("found 3"), e.getMessage());
    }

    @Test
    void lineNumbersCountBlankLines() throws Exception {
        // the bad row is the 4th physical line; blank lines before it still count
        assertNames(readFails("blank.txt", "1,2,0\n\n\r\n1,2\n", 3), "blank.txt", 4);
    }

    @Test
    void singleColumnRowIsRefused() throws Exception {
        assertNames(readFails("one.txt", "5\n", 3), "one.txt", 1);
    }

    @Test
    void labelEqualToKIsRefused() throws Exception {
        DataException e = readFails("label.txt", "1,2,0\n1,2,2\n1,2,3\n", 3);
        assertNames(e, "label.txt", 3);
        assertTrue(e.getMessage().contains("label 3"), e.getMessage());
    }

    @Test
    void negativeLabelIsRefused() throws Exception {
        assertNames(readFails("neg.txt", "1,2,-1\n", 3), "neg.txt", 1);
    }

    @Test
    void anyNonNegativeLabelWhenKIsNotGiven() throws Exception {
        Path f = write("any.txt", "1,2,40\n");
        assertEquals(40, CsvDatasetReader.read(f, "any.txt", 0).maxLabel());
    }

    @Test
    void emptyFileAndBlankOnlyFileHaveNoRows() throws Exception {
        for (String content : new String[] {"", "\n\r\n  \n"}) {
            DataException e = readFails("empty.txt", content, 3);
            assertTrue(e.getMessage().contains("empty.txt"), e.getMessage());
            assertTrue(e.getMessage().contains("no data rows"), e.getMessage());
        }
    }

    @Test
    void datasetCacheChecksLabelsAgainstEachRequestsK() throws Exception {
        // a blank line first: the bad label is on row 2 but line 3, and the message must name the line
        write("train_letters1.txt", "\n1,2,0\n1,2,2\n");
        DatasetCache cache = new DatasetCache(new DataRoot(dir), 4);
        assertEquals(2, cache.load("train_letters1.txt", 3).rows());
        DataException e = assertThrows(DataException.class, () -> cache.load("train_letters1.txt", 2));
        assertTrue(e.getMessage().contains("train_letters1.txt line 3"), e.getMessage());
    }

    @Test
    void datasetCacheRereadsAChangedFile() throws Exception {
        Path f = write("s.txt", "1,2,0\n");
        DatasetCache cache = new DatasetCache(new DataRoot(dir), 4);
        assertEquals(1, cache.load("s.txt", 2).rows());
        Files.writeString(f, "1,2,0\n3,4,1\n5,6,1\n");
        assertEquals(3, cache.load("s.txt", 2).rows());
    }

    /**
     * 1000 rows of 40 columns: more rows than the 16 a growing buffer would start from and more
     * fields than the plain parser's first row buffer (32). Each value is known from its place, so
     * every one is checked, by both parsers (spaces after the commas of the second copy send it to
     * the exact one).
     */
    @Test
    void manyLongRowsAreReadWhole() throws Exception {
        int rows = 1000;
        int features = 39;
        StringBuilder plain = new StringBuilder();
        StringBuilder spaced = new StringBuilder();
        double[] x = new double[rows * features];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < features; j++) {
                x[r * features + j] = (r * 7 + j * 3) % 16;
                plain.append((r * 7 + j * 3) % 16).append(',');
                spaced.append((r * 7 + j * 3) % 16).append(", ");
            }
            labels[r] = r % 26;
            plain.append(r % 26).append('\n');
            spaced.append(r % 26).append('\n');
        }
        for (String content : new String[] {plain.toString(), spaced.toString()}) {
            Dataset d = CsvDatasetReader.read(write("long.txt", content), "long.txt", 26);
            assertEquals(rows, d.rows());
            assertEquals(features, d.features());
            assertArrayEquals(x, d.featuresUnsafe());
            assertArrayEquals(labels, d.labelsUnsafe());
        }
    }

    @Test
    void plainParserTakesWellFormedRowsAndLeavesTheRestToTheExactOne() {
        byte[] ok = "3,1\n\n4,0\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Dataset d = CsvDatasetReader.parsePlain(ok, "f", 2);
        assertArrayEquals(new double[] {3, 4}, d.featuresUnsafe());
        assertArrayEquals(new int[] {1, 0}, d.labelsUnsafe());
        for (String other : new String[] {"3,1\r4,0\n", "3, 1\n", "+3,1\n", "NaN,1\n", "1e999,1\n", "3,1.0\n",
                "3,-1\n", "3,2\n", "3\n", "3,1\n4,5,0\n", "3,,1\n", ",1\n", "3,1,\n", "", "\n\n"}) {
            byte[] b = other.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertEquals(null, CsvDatasetReader.parsePlain(b, "f", 2), "'" + other + "' is left to the exact parser");
        }
        assertArrayEquals(new int[] {7},
                CsvDatasetReader.parsePlain("3,7\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "f", 0)
                        .labelsUnsafe(), "any label when k is not given");
        assertArrayEquals(new double[] {123456789},
                CsvDatasetReader.parsePlain("123456789,0\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        "f", 1).featuresUnsafe(), "nine digits are plain");
        assertArrayEquals(new double[] {-1.5e-3, 1234567890},
                CsvDatasetReader.parsePlain("-1.5e-3,1234567890,0\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        "f", 1).featuresUnsafe(), "signs, decimals, exponents and long integers are plain");
    }

    @Test
    void exactParserMessagesNameTheLabelRangeTheFirstRowAndLongValuesShort() throws Exception {
        // spaces send these to the exact parser
        assertEquals("f.txt line 2: label 2 is outside 0..1 (k=2)",
                readFails("f.txt", "1, 0\n1, 2\n", 2).getMessage());
        assertEquals("g.txt line 1: label 1 is outside 0..0 (k=1)", readFails("g.txt", "1, 1\n", 1).getMessage());
        assertEquals("h.txt line 1: label -1 is outside 0..", readFails("h.txt", "1, -1\n", 0).getMessage());
        assertEquals("i.txt line 4: expected 2 columns like line 2, found 3",
                readFails("i.txt", "\n1, 0\n2, 1\n3, 4, 1\n", 2).getMessage());
        assertEquals("j.txt line 1 column 1: '" + "x".repeat(20) + "' is not a finite number",
                readFails("j.txt", "x".repeat(20) + ", 0\n", 2).getMessage());
        assertEquals("k.txt line 1 column 1: '" + "x".repeat(20) + "...' is not a finite number",
                readFails("k.txt", "x".repeat(21) + ", 0\n", 2).getMessage());
        Dataset two = CsvDatasetReader.read(write("two.txt", " 5, 0\n"), "two.txt", 1);
        assertArrayEquals(new double[] {5}, two.featuresUnsafe());
        assertArrayEquals(new int[] {0}, two.labelsUnsafe());
    }

    // ---- the plain fast path against the exact parser ----

    @Test
    void plainPathAgreesWithTheExactParserOnRandomInput() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        int plainTaken = 0;
        for (int trial = 0; trial < 3000; trial++) {
            // half well-formed, half with a random defect somewhere
            int k = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(30);
            byte[] bytes = randomCsv(random, trial % 2 == 1, k);
            Dataset plain = CsvDatasetReader.parsePlain(bytes, "f", k);
            String what = "input " + new String(bytes, java.nio.charset.StandardCharsets.US_ASCII) + " k=" + k;
            try {
                Dataset exact = CsvDatasetReader.parseExact(bytes, "f", k);
                if (plain != null) {
                    plainTaken++;
                    assertEquals(exact.features(), plain.features(), what);
                    assertArrayEquals(exact.featuresUnsafe(), plain.featuresUnsafe(), 0.0, what);
                    assertArrayEquals(exact.labelsUnsafe(), plain.labelsUnsafe(), what);
                    assertEquals(exact.source(), plain.source(), what);
                    assertEquals(exact.wholeNumbers(), plain.wholeNumbers(), what);
                }
            } catch (DataException e) {
                assertEquals(null, plain, what + " failed exactly (" + e.getMessage() + ") but not plainly");
            }
        }
        assertTrue(plainTaken > 1000, "the plain path took only " + plainTaken + " inputs");
    }

    /**
     * Rows of small integers, now and then a decimal, a negative or an exponent, with "\n" or
     * "\r\n" ends and empty lines; with a defect, one character changed or added.
     */
    private static byte[] randomCsv(java.util.SplittableRandom random, boolean defect, int k) {
        StringBuilder sb = new StringBuilder();
        int columns = 2 + random.nextInt(5);
        int rows = random.nextInt(6);
        for (int r = 0; r < rows; r++) {
            if (random.nextInt(5) == 0) {
                sb.append(random.nextBoolean() ? "\n" : "\r\n");
            }
            for (int c = 0; c < columns - 1; c++) {
                sb.append(randomValue(random)).append(',');
            }
            sb.append(random.nextInt(k > 0 && random.nextInt(10) > 0 ? k : 40)); // now and then a label of k or more
            if (r < rows - 1 || random.nextBoolean()) {
                sb.append(random.nextBoolean() ? "\n" : "\r\n");
            }
        }
        if (defect && sb.length() > 0) {
            String junk = " ,\r\n-+a0\t9.eE";
            char ch = junk.charAt(random.nextInt(junk.length()));
            int at = random.nextInt(sb.length() + 1);
            if (random.nextBoolean() && at < sb.length()) {
                sb.setCharAt(at, ch);
            } else {
                sb.insert(at, random.nextInt(8) == 0 ? "1234567890" : String.valueOf(ch));
            }
        }
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static String randomValue(java.util.SplittableRandom random) {
        return switch (random.nextInt(8)) {
            case 0 -> String.valueOf(random.nextInt(1_000_000));
            case 1 -> String.valueOf(-random.nextInt(30));
            case 2 -> String.valueOf((random.nextDouble() - 0.5) * 100);
            case 3 -> random.nextInt(30) + "e" + (random.nextInt(9) - 4);
            default -> String.valueOf(random.nextInt(30));
        };
    }

    /**
     * A wide first line over a million short ones: the row storage is sized by what the file can
     * hold, not by the first row's width times the line count (160 GB here, an int overflow).
     */
    @Test
    void aWideFirstLineOverManyShortOnesIsAColumnErrorNotAHugeAllocation() throws Exception {
        StringBuilder content = new StringBuilder("0,".repeat(19_999)).append("0\n");
        content.append("1,2\n".repeat(1_000_000));
        DataException e = readFails("train_letters1.txt", content.toString(), 26);
        assertNames(e, "train_letters1.txt", 2);
        assertTrue(e.getMessage().contains("expected 20000 columns"), e.getMessage());
    }
}
