package mlptrainer.injection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mlptrainer.cli.Cli;
import mlptrainer.cli.ExitCodes;
import mlptrainer.cli.LettersCommand;
import mlptrainer.testing.Scripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/bench-strategies.sh's plumbing, cheaply: --quick (2 rounds, h 16, 2 nodes) on a tiny generated
 * letters directory, with mean and a name no build knows. The table has one row per strategy, split and
 * attack, in order, with errors for mean and n/a for the refused name.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BenchStrategiesScriptTest {
    private static final List<String> SPLITS = List.of("shuffled", "dirichlet0.1", "dirichlet0.5");
    private static final String ERROR = "(0|1)\\.\\d{4}";
    @TempDir
    Path tmp;

    @Test
    void quickRunPrintsOneRowPerStrategySplitAndAttack() throws Exception {
        Path data = tmp.resolve("tiny");
        assertEquals(ExitCodes.OK, Cli.run(new LettersCommand(), "generate", "-q", "-o", data.toString(),
                "--shards", "2", "--rows", "60", "--validation-rows", "40"));
        List<String> table = runScript("--quick", "--strategies", "mean,no_such_strategy", data.toString());
        assertEquals("| strategy | split | attack | final error | best error | seconds |", table.get(0));
        assertEquals("|---|---|---|---|---|---|", table.get(1));
        List<String> rows = table.subList(2, table.size());
        assertEquals(12, rows.size(), String.join("\n", table));
        int i = 0;
        for (String strategy : List.of("mean", "no_such_strategy")) {
            for (String split : SPLITS) {
                for (String attack : List.of("none", "sign_flip")) {
                    String[] cells = cells(rows.get(i++));
                    assertEquals(List.of(strategy, split, attack), List.of(cells[0], cells[1], cells[2]));
                    String error = strategy.equals("mean") ? ERROR : "n/a";
                    assertTrue(cells[3].matches(error) && cells[4].matches(error), rows.get(i - 1));
                    assertTrue(cells[5].matches("\\d+\\.\\d"), "seconds: " + rows.get(i - 1));
                }
            }
        }
    }

    private static String[] cells(String row) {
        assertTrue(row.startsWith("| ") && row.endsWith(" |"), row);
        String[] cells = row.substring(2, row.length() - 2).split(" \\| ", -1);
        assertEquals(6, cells.length, row);
        return cells;
    }

    private List<String> runScript(String... args) throws Exception {
        return Scripts.stdoutOf(tmp, "scripts/bench-strategies.sh", args);
    }
}
