package mlptrainer.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad CSV ends {@code prepare} with exit code 2 and one line naming the file, the line and the column
 * (or listing the columns), and writes nothing.
 */
class BadCsvTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ragged row|a,b,label\\n1,2,x\\n3,4\\n5,6,y\\n||bad.csv:3: column 3 (label): missing: the row has 2 columns,"
            + " the first row 3",
        "extra field|a,b,label\\n1,2,x\\n3,4,y,9\\n||bad.csv:3: column 4: the row has 4 columns, the first row 3",
        "missing value|a,b,label\\n1,2,x\\n3, ,y\\n||bad.csv:3: column 2 (b): missing value",
        "missing label|1,2,x\\n3,4,\\n||bad.csv:2: column 3: missing value",
        "one class only|a,b,label\\n1,2,x\\n3,4,x\\n||bad.csv: one label only ('x' in column 3 (label)): a classifier"
            + " needs at least two (is --label the right column?)",
        "no such label column|a,b,label\\n1,2,x\\n3,4,y\\n|--label=species|--label: no column 'species' in bad.csv;"
            + " its columns are: a, b, label",
        "label column number too large|a,b,label\\n1,2,x\\n3,4,y\\n|--label=4|--label 4: bad.csv has 3 columns: a,"
            + " b, label",
        "non-numeric value|a,b,label\\n1,2,x\\n3,4.5.6,y\\n||bad.csv:3: column 2 (b): '4.5.6' is not a number",
        "not a finite number|a,b,label\\n1,2,x\\n3,NaN,y\\n||bad.csv:3: column 2 (b): 'NaN' is not a number",
        "unterminated quote|a,b,label\\n1,\"2,x\\n||bad.csv:2: column 2: a quoted field does not end on its line",
        "one column|a\\n1\\n||bad.csv:1: one column only (no ',', tab or ';'): name the delimiter with --delimiter",
        "empty file|\\n\\n||bad.csv: no rows",
        "nothing held out|1,x\\n2,y\\n3,x\\n|--validation-fraction=0.1|bad.csv: --validation-fraction 0.1 holds out"
            + " no row: give a larger one",
        "more shards than rows|1,x\\n2,y\\n3,x\\n4,y\\n|--shards=4|bad.csv: too few training rows for 4 shards"
            + " (shard 1 would be empty): use fewer --shards",
    })
    void aBadFileIsOneLineNamingWhereAndNothingIsWritten(String what, String csv, String option, String message)
            throws Exception {
        Path file = Files.writeString(dir.resolve("bad.csv"), csv.replace("\\n", "\n"));
        Path out = dir.resolve("out");
        PrepareRun r = option == null ? PrepareRun.of(file.toString(), out.toString())
                : PrepareRun.of(file.toString(), out.toString(), option);
        assertEquals(2, r.exitCode(), what);
        assertEquals("prepare: " + message + "\n", r.err(), what);
        assertFalse(Files.exists(out), what);
    }

    @Test
    void bytesThatAreNotUtf8AreOneLineNamingTheLine() throws Exception {
        byte[] latin1 = "a,b,label\n1,2,x\n3,4,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Path file = Files.write(dir.resolve("bad.csv"), latin1);
        PrepareRun r = PrepareRun.of(file.toString(), dir.resolve("out").toString());
        assertEquals(2, r.exitCode());
        assertEquals("prepare: bad.csv:3: not UTF-8 text\n", r.err());
    }
}
