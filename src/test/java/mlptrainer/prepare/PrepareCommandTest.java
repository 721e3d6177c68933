package mlptrainer.prepare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mlptrainer.data.DatasetManifest;
import mlptrainer.data.Hashing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prepare} end to end through its command: the files and manifest it writes from a CSV with a header,
 * string labels and real, negative features; its stratification; its determinism; the output directory rules.
 */
class PrepareCommandTest {
    private static final String[] SPECIES = {"setosa", "versicolor", "virginica"};
    @TempDir
    Path dir;

    /** 3 labels of 50, 30 and 7 rows; features real, negative, one integer; a quoted header with a comma. */
    private Path irisLike() throws IOException {
        StringBuilder csv = new StringBuilder("\"sepal, length\",width,\"the \"\"count\"\"\",species\r\n");
        int[] rows = {50, 30, 7};
        int n = 0;
        for (int round = 0; round < 50; round++) {
            for (int s = 0; s < 3; s++) {
                if (round < rows[s]) {
                    csv.append(String.format("%d.%02d,-%d.5,%d,%s\r\n", s + 4, n % 100, n % 7, n, SPECIES[s]));
                    n++;
                }
            }
        }
        Path file = dir.resolve("iris.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void writesStratifiedShardsAValidationFileAndTheManifest() throws Exception {
        Path csv = irisLike();
        Path out = dir.resolve("out");
        PrepareRun r = PrepareRun.of(csv.toString(), out.toString(), "--shards", "3", "--validation-fraction", "0.2");
        assertEquals(0, r.exitCode(), r.err());
        DatasetManifest m = DatasetManifest.read(out).orElseThrow();
        assertEquals(3, m.d());
        assertEquals(List.of("sepal, length", "width", "the \"count\""), m.featureNames());
        assertEquals(List.of(SPECIES), m.labelNames());
        assertTrue(m.realValued());
        assertEquals("iris.csv", m.sourceFile());
        assertEquals(Hashing.sha256Hex(Files.readAllBytes(csv)), m.sourceSha256());
        // round(0.2 * 87) = 17 held out, by largest remainders of 10, 6 and 1.4: 10, 6, 1
        assertArrayEquals(new long[] {10, 6, 1}, labelCounts(out.resolve("validate_letters.txt"), 3));
        assertEquals(17, m.validation().rows());
        long[] training = {40, 24, 6};
        for (int s = 1; s <= 3; s++) {
            Path shard = out.resolve("train_letters" + s + ".txt");
            long[] counts = labelCounts(shard, 3);
            for (int label = 0; label < 3; label++) {
                long share = training[label] / 3;
                assertTrue(counts[label] == share || counts[label] == share + 1, "shard " + s + " label " + label);
            }
            assertEquals(m.shards().get(s - 1).rows(), Files.readAllLines(shard).size());
            assertEquals("train_letters" + s + ".txt", m.shards().get(s - 1).file());
        }
        assertTrue(r.out().contains("d 3, k 3, 70 training rows in 3 shards, 17 validation rows"), r.out());
    }

    @Test
    void writesEveryRowOnceWithItsLabelIndexAndValuesInTheirShortestForm() throws Exception {
        Path csv = irisLike();
        Path out = dir.resolve("out");
        assertEquals(0, PrepareRun.of(csv.toString(), out.toString(), "--shards", "2").exitCode());
        List<String> expected = new ArrayList<>();
        for (String line : Files.readAllLines(csv).subList(1, 88)) {
            String[] f = line.split(",");
            String label = String.valueOf(List.of(SPECIES).indexOf(f[3]));
            expected.add(NumberText.format(Double.parseDouble(f[0])) + "," + f[1] + "," + f[2] + "," + label);
        }
        List<String> written = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".txt")).toList()) {
                written.addAll(Files.readAllLines(p));
            }
        }
        assertEquals(expected.stream().sorted().toList(), written.stream().sorted().toList());
        assertTrue(written.contains("4,-0.5,0,0"), "4.00 is written 4, -0.5 keeps its sign");
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedAnotherSplit() throws Exception {
        Path csv = irisLike();
        for (String name : List.of("a", "b")) {
            assertEquals(0, PrepareRun.of(csv.toString(), dir.resolve(name).toString(), "--seed", "5").exitCode());
        }
        assertEquals(0, PrepareRun.of(csv.toString(), dir.resolve("c").toString(), "--seed", "6").exitCode());
        Map<String, byte[]> a = contents(dir.resolve("a"));
        Map<String, byte[]> b = contents(dir.resolve("b"));
        assertEquals(a.keySet(), b.keySet());
        a.forEach((file, bytes) -> assertArrayEquals(bytes, b.get(file), file));
        assertFalse(java.util.Arrays.equals(a.get("validate_letters.txt"),
                contents(dir.resolve("c")).get("validate_letters.txt")));
    }

    @Test
    void refusesADirectoryThatIsNotEmptyUnlessForcedAndThenLeavesNoStaleShard() throws Exception {
        Path csv = irisLike();
        Path out = dir.resolve("out");
        assertEquals(0, PrepareRun.of(csv.toString(), out.toString(), "--shards", "4").exitCode());
        PrepareRun again = PrepareRun.of(csv.toString(), out.toString(), "--shards", "2");
        assertEquals(2, again.exitCode());
        assertEquals("prepare: " + out + ": exists and is not empty (--force writes into it, replacing its data"
                + " files)", again.err().strip());
        Files.writeString(out.resolve("notes.txt"), "mine");
        assertEquals(0, PrepareRun.of(csv.toString(), out.toString(), "--shards", "2", "--force").exitCode());
        assertFalse(Files.exists(out.resolve("train_letters3.txt")));
        assertTrue(Files.exists(out.resolve("notes.txt")));
        assertEquals(2, DatasetManifest.read(out).orElseThrow().shards().size());
    }

    @Test
    void aGivenValidationFileIsUsedWholeWithTheTrainingLabels() throws Exception {
        Path csv = irisLike();
        Path validation = dir.resolve("held.csv");
        Files.writeString(validation, "\"sepal, length\",width,\"the \"\"count\"\"\",species\n"
                + "1.5,2,3,virginica\n-1,0.25,1e2,setosa\n");
        Path out = dir.resolve("out");
        PrepareRun r = PrepareRun.of(csv.toString(), out.toString(), "--validation", validation.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(List.of("1.5,2,3,2", "-1,0.25,100,0"), Files.readAllLines(out.resolve("validate_letters.txt")));
        assertEquals(87, DatasetManifest.read(out).orElseThrow().shards().stream()
                .mapToLong(DatasetManifest.FileRows::rows).sum());
        Files.writeString(validation, "\"sepal, length\",width,\"the \"\"count\"\"\",species\n1,2,3,rosa\n");
        PrepareRun bad = PrepareRun.of(csv.toString(), dir.resolve("out2").toString(), "--validation",
                validation.toString());
        assertEquals("prepare: held.csv:2: label 'rosa' is not in iris.csv", bad.err().strip());
        assertFalse(Files.exists(dir.resolve("out2")), "nothing written after a bad validation file");
    }

    @Test
    void readsATsvWithoutHeaderAndWithTheLabelFirstAndWarnsOfConstantColumnsAndRareLabels() throws Exception {
        StringBuilder tsv = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            tsv.append(i % 2 == 0 ? "10" : i == 39 ? "2.5" : "-3").append('\t').append(i).append("\t7\n");
        }
        Path file = dir.resolve("data.tsv");
        Files.writeString(file, tsv);
        Path out = dir.resolve("out");
        PrepareRun r = PrepareRun.of(file.toString(), out.toString(), "--label", "1", "--shards", "4");
        assertEquals(0, r.exitCode(), r.err());
        DatasetManifest m = DatasetManifest.read(out).orElseThrow();
        assertEquals(List.of("-3", "2.5", "10"), m.labelNames(), "numeric labels in numeric order");
        assertEquals(List.of("column2", "column3"), m.featureNames());
        assertFalse(m.realValued());
        assertEquals(List.of("warning: 1 of 2 feature columns have one value in every row (they cannot help the"
                + " model): column3", "warning: label '2.5' has 1 row, fewer than the 4 shards: some shards have"
                + " none of it"), r.err().lines().toList());
    }

    private static long[] labelCounts(Path file, int k) throws IOException {
        long[] counts = new long[k];
        for (String line : Files.readAllLines(file)) {
            counts[Integer.parseInt(line.substring(line.lastIndexOf(',') + 1))]++;
        }
        return counts;
    }

    private static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                out.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        assertNotEquals(0, out.size());
        return out;
    }
}
