package mlptrainer.prepare;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mlptrainer.Untrusted;
import mlptrainer.data.DataException;
import mlptrainer.data.DataRoot;
import mlptrainer.data.Hashing;

/**
 * The first pass over a CSV file: every row checked ({@link CsvRows}), rows counted per label, the
 * columns whose value never changes found, and the file's SHA-256. Holds O(d + labels) memory, whatever
 * the file's size. Immutable once made.
 *
 * @param layout       the file's layout
 * @param rows         data rows
 * @param labelRows    rows per label, as the file writes the label, in order of first appearance
 * @param constant     the 0-based feature indices whose value is the same in every row
 * @param realValued   whether a feature is not a 32-bit integer somewhere
 * @param sha256       the file's SHA-256, lower-case hex
 */
record SourceScan(CsvLayout layout, long rows, Map<String, Long> labelRows, List<Integer> constant,
        boolean realValued, String sha256) {
    /** More distinct labels than this are refused: the label column is then most likely a feature. */
    static final int MAX_LABELS = 10_000;

    /** Reads the whole file once. */
    static SourceScan of(Path path, PrepareOptions options) throws DataException {
        MessageDigest digest = Hashing.digest();
        try (CsvRows in = CsvRows.open(path, options, digest)) {
            Tally tally = new Tally(in);
            while (in.next()) {
                tally.add();
            }
            return new SourceScan(in.layout(), tally.rows, tally.labels, tally.constant(), tally.realValued,
                    HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            throw new DataException(Untrusted.shown(String.valueOf(path.getFileName())) + ": cannot read: "
                    + DataRoot.reason(e), e);
        }
    }

    /** The running counts of a scan. */
    private static final class Tally {
        private final CsvRows in;
        private final String[] first;
        private final boolean[] varies;
        private final Map<String, Long> labels = new LinkedHashMap<>();
        private long rows;
        private boolean realValued;

        Tally(CsvRows in) {
            this.in = in;
            this.first = new String[in.layout().columns() - 1];
            this.varies = new boolean[first.length];
        }

        void add() throws DataException {
            String[] f = in.features();
            for (int j = 0; j < f.length; j++) {
                if (rows == 0) {
                    first[j] = f[j];
                } else if (!varies[j] && !first[j].equals(f[j])) {
                    varies[j] = true;
                }
                if (!realValued && !NumberText.isInt(f[j])) {
                    realValued = true;
                }
            }
            Long before = labels.merge(in.label(), 1L, Long::sum);
            if (before == 1L && labels.size() > MAX_LABELS) {
                throw new DataException(in.file() + ":" + in.line() + ": more than " + MAX_LABELS + " labels in "
                        + in.layout().describe(in.layout().labelColumn()) + ": is it the label column? (--label)");
            }
            rows++;
        }

        List<Integer> constant() {
            List<Integer> out = new ArrayList<>();
            for (int j = 0; j < varies.length; j++) {
                if (!varies[j]) {
                    out.add(j);
                }
            }
            return out;
        }
    }
}
