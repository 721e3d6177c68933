package mlptrainer.letters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetGeneratorTest {
    @TempDir
    Path tmp;

    private Path generate(String name, int shards, long rows, long validation, long seed, int threads)
            throws IOException {
        Path dir = tmp.resolve(name);
        new DatasetGenerator(new DatasetGenerator.Options(dir, shards, rows, validation, seed, threads)).generate();
        return dir;
    }

    @Test
    void sameSeedGivesSameBytesWhateverTheThreads() throws IOException {
        // more rows than one block, so that the blocks' order matters too
        Path a = generate("a", 2, DatasetGenerator.BLOCK + 100, 50, 42, 1);
        Path b = generate("b", 2, DatasetGenerator.BLOCK + 100, 50, 42, 3);
        assertEquals(List.of("train_letters1.txt", "train_letters2.txt", "validate_letters.txt"), TestFiles.names(a));
        assertEquals(TestFiles.names(a), TestFiles.names(b));
        for (String f : TestFiles.names(a)) {
            assertArrayEquals(TestFiles.bytes(a.resolve(f)), TestFiles.bytes(b.resolve(f)), f);
        }
    }

    @Test
    void otherSeedGivesOtherRows() throws IOException {
        Path a = generate("a", 1, 50, 10, 1, 2);
        Path b = generate("b", 1, 50, 10, 2, 2);
        String f = LetterFiles.training(1);
        assertNotEquals(Files.readString(a.resolve(f)), Files.readString(b.resolve(f)));
    }

    @Test
    void everyLineHasTheFormatAndTheFilesTheirSizes() throws IOException {
        Path dir = generate("d", 3, 400, 300, 5, 2);
        for (String f : TestFiles.names(dir)) {
            String text = Files.readString(dir.resolve(f), StandardCharsets.US_ASCII);
            assertTrue(text.endsWith("\n") && !text.contains("\r"), f + ": lines end in \\n only");
            String[] lines = text.split("\n", -1);
            assertEquals(f.startsWith("train") ? 400 : 300, lines.length - 1, f);
            for (int i = 0; i < lines.length - 1; i++) {
                assertTrue(lines[i].matches(TestFiles.OUR_LINE), f + " line " + (i + 1) + ": " + lines[i]);
            }
        }
    }

    @Test
    void shardsLeftByAnEarlierRunWithMoreShardsAreRemoved() throws IOException {
        Path dir = generate("d", 4, 5, 5, 1, 1);
        Files.writeString(dir.resolve("train_letters_notes.txt"), "not a shard");
        generate("d", 2, 5, 5, 1, 1);
        assertEquals(List.of("train_letters1.txt", "train_letters2.txt", "train_letters_notes.txt",
                "validate_letters.txt"), TestFiles.names(dir));
    }

    @Test
    void eachRowDependsOnlyOnSeedFileAndRow() throws IOException {
        Path dir = generate("d", 2, 20, 5, 9, 2);
        List<String> lines = Files.readAllLines(dir.resolve("train_letters2.txt"));
        LetterSampler.Row row = new LetterSampler(9).row(2, 13);
        assertEquals(RowFormat.ours(row.features(), row.label()), lines.get(13));
    }

    @Test
    void rowsCoverAllLettersAndVary() {
        LetterSampler s = new LetterSampler(3);
        Set<Integer> labels = new HashSet<>();
        Set<String> rows = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            LetterSampler.Row r = s.row(1, i);
            labels.add(r.label());
            rows.add(RowFormat.ours(r.features(), r.label()));
        }
        assertEquals(Alphabet.LETTERS, labels.size());
        assertTrue(rows.size() > 1900, "distortion should make nearly every row different: " + rows.size());
    }

    @Test
    void everyFormOfEveryLetterDrawsInkInEveryStyle() {
        java.util.Random r = new java.util.Random(1);
        Rasteriser rasteriser = new Rasteriser();
        for (Style style : Style.values()) {
            for (Alphabet.Variant variant : Alphabet.Variant.values()) {
                for (int label = 0; label < Alphabet.LETTERS; label++) {
                    Distortion d = Distortion.sample(r, style);
                    Bitmap image = rasteriser.draw(d.apply(style.apply(label, variant)), d.pen(), d.inner());
                    // the smallest letter (14 px high) drawn with the thinnest pen still covers dozens of pixels
                    String what = style + " " + variant + " " + Alphabet.letter(label);
                    assertTrue(image.count() > 20, what + ":\n" + image);
                }
            }
        }
    }
}
