package mlptrainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reader's memory contract (CsvDatasetReader#heapBound and its "arrays sized once"): parsing a
 * file takes at most the documented bound, and the common path allocates the rows' arrays once,
 * sized by its count of lines, with no growing copies. Measured with the JVM's per-thread
 * allocation counter (HotSpot's); elsewhere the test is skipped.
 */
class CsvAllocationTest {
    private static final int ROWS = 20_000;
    private static final int FEATURES = 16;
    private com.sun.management.ThreadMXBean counter;

    @BeforeEach
    void counter() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no allocation counter");
        counter = (com.sun.management.ThreadMXBean) bean;
        Assumptions.assumeTrue(counter.isThreadAllocatedMemorySupported());
    }

    /** Letters-shaped rows with "\r\n" ends, a blank line now and then, and no line end after the last row. */
    private static byte[] file() {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < ROWS; r++) {
            if (r % 1000 == 1) {
                sb.append("\r\n");
            }
            for (int j = 0; j < FEATURES; j++) {
                sb.append((r + j) % 16).append(',');
            }
            sb.append(r % 26);
            if (r < ROWS - 1) {
                sb.append("\r\n");
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private long allocatedBy(byte[] bytes, boolean plainOnly) throws DataException {
        long id = Thread.currentThread().getId();
        long before = counter.getThreadAllocatedBytes(id);
        Dataset d = plainOnly ? CsvDatasetReader.parsePlain(bytes, "f", 26) : CsvDatasetReader.parse(bytes, "f", 26);
        long used = counter.getThreadAllocatedBytes(id) - before;
        assertEquals(ROWS, d.rows());
        assertEquals(FEATURES, d.features());
        return used;
    }

    @Test
    void thePlainPathAllocatesTheRowsOnce() throws Exception {
        byte[] bytes = file();
        allocatedBy(bytes, true); // loads and links the classes involved, whose allocations are not the parse's
        long rowsBytes = (long) ROWS * FEATURES * Double.BYTES + (long) ROWS * Integer.BYTES;
        long used = allocatedBy(bytes, true);
        // a growing buffer copies about as much again, and trimming a buffer sized wrong once more
        assertTrue(used < rowsBytes + rowsBytes / 4, used + " bytes allocated for " + rowsBytes + " bytes of rows");
    }

    /**
     * What the plain path allocates is what it keeps, so its total is its peak. The exact parser's
     * allocations are mostly short-lived strings (about 40 times the file in all), which a total
     * cannot tell from live heap: it is not measured here.
     */
    @Test
    void parsingStaysWithinTheDocumentedBound() throws Exception {
        byte[] bytes = file();
        allocatedBy(bytes, false);
        long bound = CsvDatasetReader.heapBound(bytes.length) - bytes.length; // the file's bytes are already here
        long used = allocatedBy(bytes, false);
        assertTrue(used <= bound, used + " bytes allocated, bound " + bound);
    }
}
