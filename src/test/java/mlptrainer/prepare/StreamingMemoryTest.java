package mlptrainer.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import mlptrainer.data.DatasetManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prepare} streams: a CSV of about 48 MB (460,000 rows) prepares in a child JVM whose heap is 16 MB,
 * where its rows could not be held (their text alone is 48 MB, as Latin-1 strings, before any object's
 * header). scripts/bench-prepare.sh runs the 1 GB case at 64 MB.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class StreamingMemoryTest {
    private static final long TARGET_BYTES = 48L << 20;
    @TempDir
    Path dir;

    @Test
    void aFileThreeTimesTheHeapPreparesInOneChildJvm() throws Exception {
        Path csv = dir.resolve("large.csv");
        long rows = writeCsv(csv);
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx16m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "mlptrainer.cli.PrepareCommand", csv.toString(), dir.resolve("out").toString(), "--shards", "8")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(child.waitFor(8, TimeUnit.MINUTES), "prepare did not end within 8 minutes");
        } finally {
            child.destroyForcibly();
        }
        assertEquals(0, child.exitValue(), Files.readString(log));
        DatasetManifest m = DatasetManifest.read(dir.resolve("out")).orElseThrow();
        long written = m.validation().rows() + m.shards().stream().mapToLong(DatasetManifest.FileRows::rows).sum();
        assertEquals(rows, written);
    }

    /** 20 features (integers and 3-decimal reals, some negative) and one of 7 labels per row; @return rows */
    private static long writeCsv(Path file) throws IOException {
        long rows = 0;
        long state = 18;
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            StringBuilder row = new StringBuilder(160);
            for (long bytes = 0; bytes < TARGET_BYTES; rows++) {
                row.setLength(0);
                for (int j = 0; j < 20; j++) {
                    state = state * 6364136223846793005L + 1442695040888963407L;
                    int v = (int) (state >>> 40) & 0xFFFF;
                    row.append(j % 2 == 0 ? String.valueOf(v & 0xFF) : (v % 10_000 - 5000) / 1000.0).append(',');
                }
                row.append("class").append(rows % 7).append('\n');
                out.append(row);
                bytes += row.length();
            }
        }
        return rows;
    }
}
