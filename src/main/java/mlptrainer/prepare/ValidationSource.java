package mlptrainer.prepare;

import java.io.IOException;
import java.nio.file.Path;
import mlptrainer.Untrusted;
import mlptrainer.data.DataException;
import mlptrainer.data.DataRoot;

/**
 * A validation file given to {@code prepare} ({@code --validation FILE}): read with the same options as
 * the training file, it must have the same columns (the same names when both have a header) and only
 * labels the training file has. Checked whole before anything is written, then copied row by row.
 * Immutable.
 */
final class ValidationSource {
    private final Path path;
    private final PrepareOptions options;
    private final long rows;
    private final boolean realValued;

    private ValidationSource(Path path, PrepareOptions options, long rows, boolean realValued) {
        this.path = path;
        this.options = options;
        this.rows = rows;
        this.realValued = realValued;
    }

    /** Reads the whole file, checking its layout against the training file's and its labels. */
    static ValidationSource check(Path path, PrepareOptions o, CsvLayout training, Labels labels)
            throws DataException {
        long rows = 0;
        boolean realValued = false;
        try (CsvRows in = CsvRows.open(path, o, null)) {
            checkLayout(in.layout(), training, in.file(), Preparer.fileName(o.input()));
            while (in.next()) {
                labelIndex(in, labels, o.input());
                for (String f : in.features()) {
                    realValued |= !NumberText.isInt(f);
                }
                rows++;
            }
        } catch (IOException e) {
            throw new DataException(Preparer.fileName(path) + ": cannot read: " + DataRoot.reason(e), e);
        }
        if (rows == 0) {
            throw new DataException(Preparer.fileName(path) + ": no rows");
        }
        return new ValidationSource(path, o, rows, realValued);
    }

    boolean realValued() {
        return realValued;
    }

    /** Writes every row to the validation file of {@code out}. */
    void copy(Labels labels, ShardWriters out) throws DataException, IOException {
        long copied = 0;
        try (CsvRows in = CsvRows.open(path, options, null)) {
            while (in.next()) {
                out.write(Allocation.VALIDATION, in.features(), labelIndex(in, labels, options.input()));
                copied++;
            }
        }
        if (copied != rows) {
            throw new DataException(Preparer.fileName(path) + ": changed while being prepared; nothing was written");
        }
    }

    private static int labelIndex(CsvRows in, Labels labels, Path training) throws DataException {
        int label = labels.indexOf(in.label());
        if (label < 0) {
            throw new DataException(in.file() + ":" + in.line() + ": label '" + Untrusted.shown(in.label())
                    + "' is not in " + Preparer.fileName(training));
        }
        return label;
    }

    private static void checkLayout(CsvLayout v, CsvLayout t, String file, String trainingFile)
            throws DataException {
        if (v.columns() != t.columns()) {
            throw new DataException(file + ": " + v.columns() + " columns, " + trainingFile + " has " + t.columns());
        }
        if (v.labelColumn() != t.labelColumn()) {
            throw new DataException(file + ": the label is in column " + (v.labelColumn() + 1) + ", in "
                    + trainingFile + " in column " + (t.labelColumn() + 1));
        }
        for (int c = 0; v.header() && t.header() && c < v.columns(); c++) {
            if (!v.names().get(c).equals(t.names().get(c))) {
                throw new DataException(file + ": column " + (c + 1) + " is '" + Untrusted.shown(v.names().get(c))
                        + "', in " + trainingFile + " '" + Untrusted.shown(t.names().get(c)) + "'");
            }
        }
    }
}
