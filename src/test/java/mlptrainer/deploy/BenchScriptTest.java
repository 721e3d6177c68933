package mlptrainer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mlptrainer.cli.Cli;
import mlptrainer.cli.ExitCodes;
import mlptrainer.cli.LettersCommand;
import mlptrainer.testing.Scripts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/bench.sh's modes, cheaply (a tiny generated data set, 2 rounds of 1 epoch, and a stand-in
 * for the numpy reference that answers at once): --e2e --repeat runs the main command each time and
 * summarises the runs; --shards re-splits the data for each count and summarises each, with the task
 * attempts and their cost, and the ratio of the Java times of counts 4 times apart.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BenchScriptTest {
    private static final String SPREAD = "\\d[\\d.e+-]*/\\d[\\d.e+-]*/\\d[\\d.e+-]*";
    @TempDir
    Path tmp;
    private Path data;
    private Path reference;

    @BeforeEach
    void tinyDataAndAStandInReference() throws Exception {
        data = tmp.resolve("tiny");
        assertEquals(ExitCodes.OK, Cli.run(new LettersCommand(), "generate", "-q", "-o", data.toString(),
                "--shards", "2", "--rows", "60", "--validation-rows", "40"));
        reference = tmp.resolve("ref.py");
        Files.writeString(reference, "print('reference: final validation error 0.5000 wall_s 0.01')\n");
    }

    @Test
    void endToEndRepeatedRunsTheMainCommandEachTimeAndSummarisesThem() throws Exception {
        List<String> out = runScript("--e2e", "--repeat", "2", "-r", reference.toString(), data.toString(), "2", "1",
                "5", "0.001");
        assertEquals(2, out.stream().filter(l -> l.startsWith("bench: java_s=")).count(), String.join("\n", out));
        assertEquals(2, out.stream().filter(l -> l.contains("(scripts/local-cluster.sh start to exit)")).count());
        List<String> summaries = summaries(out);
        assertEquals(1, summaries.size(), String.join("\n", out));
        Matcher m = summary("e2e", "as-given", 2).matcher(summaries.get(0));
        assertTrue(m.matches(), summaries.get(0));
        assertTrue(m.group(1).matches("[01]\\.\\d{4}"), "one error, the same in every run: " + m.group(1));
    }

    @Test
    void shardsReSplitTheDataForEachCountAndSummariseEach() throws Exception {
        List<String> out = runScript("-c", "--shards", "3,4", "-r", reference.toString(), data.toString(), "2", "1",
                "5", "0.001");
        for (int n : List.of(3, 4)) {
            assertTrue(out.stream().anyMatch(l -> l.startsWith("bench: the training rows re-split into " + n
                    + " shards")), String.join("\n", out));
        }
        List<String> summaries = summaries(out);
        assertEquals(2, summaries.size(), String.join("\n", out));
        assertTrue(summary("job", "3", 1).matcher(summaries.get(0)).matches(), summaries.get(0));
        assertTrue(summary("job", "4", 1).matcher(summaries.get(1)).matches(), summaries.get(1));
        for (String line : out.stream().filter(l -> l.startsWith("bench: java_s=")).toList()) {
            // 2 rounds of n tasks, each attempt counted once, and a figure for its cost
            assertTrue(line.matches(".* tasks=([6-9]|\\d\\d+) task_ms=-?\\d+\\.\\d{3}"), line);
        }
    }

    @Test
    void shardCountsFourTimesApartGetTheRatioOfTheirJavaTimes() throws Exception {
        List<String> out = runScript("-c", "--shards", "1,4", "-r", reference.toString(), data.toString(), "1", "1",
                "5", "0.001");
        List<String> scaling = out.stream().filter(l -> l.startsWith("bench-scaling:")).toList();
        assertEquals(1, scaling.size(), String.join("\n", out));
        assertTrue(scaling.get(0).matches("bench-scaling: shards=1->4 java_s_ratio=\\d+\\.\\d{3}"), scaling.get(0));
    }

    private static Pattern summary(String mode, String shards, int runs) {
        return Pattern.compile("bench-summary: mode=" + mode + " shards=" + shards + " runs=" + runs + " java_s="
                + SPREAD + " numpy_s=(?:" + SPREAD + "|n/a) ratio=(?:" + SPREAD + "|n/a) java_error=(\\S+)"
                + " numpy_error=\\S+ tasks=(?:" + SPREAD + "|n/a) task_ms=(?:" + SPREAD + "|n/a)");
    }

    private static List<String> summaries(List<String> out) {
        return out.stream().filter(l -> l.startsWith("bench-summary:")).toList();
    }

    private List<String> runScript(String... args) throws Exception {
        return Scripts.stdoutOf(tmp, "scripts/bench.sh", args);
    }
}
