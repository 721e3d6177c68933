package mlptrainer.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import mlptrainer.Untrusted;

/**
 * Parses the letters format: one row per line, comma-separated features, the class label (an
 * integer index) last. Features are decimal numbers: integers as the original writes them, or
 * with a sign, a fraction and an exponent ({@code -1.25e-3}); NaN, infinities, empty fields and
 * values beyond a double's range are refused. The dataset says whether every feature was
 * written as an integer ({@link Dataset#wholeNumbers()}), the original's programs reading no other.
 * Blank lines are skipped; "\r\n" line ends are accepted. Every row must have the column count of
 * the first. Errors name the file, the 1-based line and, for a bad value, the column. Stateless
 * and thread-safe.
 */
public final class CsvDatasetReader {
    private CsvDatasetReader() {
    }

    /**
     * @param file    the file to read
     * @param name    how messages name it (the path as the user gave it)
     * @param classes labels must lie in 0..classes-1; 0 or less to accept any label >= 0
     */
    public static Dataset read(Path file, String name, int classes) throws DataException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException(Untrusted.shown(name) + ": no such file");
        } catch (IOException e) {
            throw new DataException(Untrusted.shown(name) + ": cannot read: " + DataRoot.reason(e), e);
        }
        return parse(bytes, name, classes);
    }

    /**
     * A bound known before reading: a value takes at least two bytes ("0," or "0\n"; a sign, a
     * fraction or an exponent only adds bytes) and 8 once parsed, so the rows take at most 4 bytes
     * per byte of the file; the file's bytes and, for the exact parser, their text take one byte
     * each more (a decimal's own string is garbage as soon as it is parsed). Rows are stored in arrays sized once, by a
     * count of the lines, so parsing makes no growing copies.
     *
     * @return the most heap reading and parsing a file of this size takes, in bytes
     */
    public static long heapBound(long fileBytes) {
        return 6 * fileBytes + 4096;
    }

    /** Parses file contents already in memory (a shipped shard); see {@link #read}. */
    public static Dataset parse(byte[] bytes, String name, int classes) throws DataException {
        Dataset plain = parsePlain(bytes, name, classes);
        return plain != null ? plain : parseExact(bytes, Untrusted.shown(name), classes);
    }

    /**
     * The common case straight from the bytes: lines of numbers without spaces or '+' signs
     * separated by single commas, "\n" or "\r\n" line ends, empty lines, every row as long as the
     * first and every label an unsigned integer below k. Anything else (spaces, other bytes, a short
     * row, a bad label, a value out of range, no rows) returns null and {@link #parseExact} decides,
     * with its messages; on what this accepts the two give equal datasets (CsvDatasetReaderTest).
     * Integers of up to 18 digits are read digit by digit; only other numbers go through
     * {@link Double#parseDouble}. A node parses each new shard once, and the exact parser's strings
     * (a substring, a split and a strip per field) cost several times this.
     *
     * @return the dataset, or null when the exact parser must decide
     */
    static Dataset parsePlain(byte[] b, String name, int classes) {
        Rows rows = new Rows(rowLines(b, false), b.length);
        RowScan scan = new RowScan();
        int n = b.length;
        int i = 0;
        while (i < n) {
            int end = lineEnd(b, i);
            if (end < 0) {
                return null;
            }
            if (end > i && !(scan.row(b, i, end) && addRow(rows, scan, classes))) {
                return null;
            }
            i = end < n && b[end] == '\r' ? end + 2 : end + 1;
        }
        return rows.count == 0 ? null : rows.toDataset(name);
    }

    /** @return the 1-based line of the file's first row (its first line that is not blank), or 1 when none */
    public static int firstRowLine(byte[] b) {
        int line = 1;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                line++;
            } else if (b[i] < 0 || !Character.isWhitespace((char) b[i])) {
                return line;
            }
        }
        return 1;
    }

    /**
     * @param blankIsEmpty whether a line of whitespace holds no row (the exact parser) or only an
     *                     empty one does (the plain parser)
     * @return how many lines (split at "\n", one "\r" before it dropped) may hold a row
     */
    private static int rowLines(byte[] b, boolean blankIsEmpty) {
        int count = 0;
        boolean content = false;
        for (int i = 0; i < b.length; i++) {
            byte c = b[i];
            if (c == '\n') {
                count += content ? 1 : 0;
                content = false;
            } else if (!content && !(c == '\r' && (i + 1 == b.length || b[i + 1] == '\n'))) {
                content = !blankIsEmpty || c < 0 || !Character.isWhitespace((char) c);
            }
        }
        return count + (content ? 1 : 0);
    }

    /** @return where the line starting at i ends (its "\n" or "\r\n", or n), or -1 at a lone "\r" */
    private static int lineEnd(byte[] b, int i) {
        int n = b.length;
        int j = i;
        while (j < n && b[j] != '\n' && b[j] != '\r') {
            j++;
        }
        if (j < n && b[j] == '\r' && (j + 1 >= n || b[j + 1] != '\n')) {
            return -1;
        }
        return j;
    }

    /**
     * One row of the plain parser: its values, whether each was an int as the original reads it,
     * and the last field as a label. Reused row after row; not thread-safe.
     */
    private static final class RowScan {
        double[] values = new double[32];
        int count;
        boolean wholeNumbers;
        int label;
        private boolean lastWasInt;

        /** @return false when the row is not plain */
        boolean row(byte[] b, int from, int end) {
            count = 0;
            wholeNumbers = true;
            int i = from;
            while (true) {
                if (count == values.length) {
                    values = Arrays.copyOf(values, count * 2);
                }
                i = field(b, i, end);
                if (i < 0) {
                    return false;
                }
                count++;
                if (i == end) {
                    label = lastWasInt ? (int) values[count - 1] : -1;
                    return true;
                }
                i++; // the comma
            }
        }

        /** Parses the field at i into values[count]; @return the index after it, or -1 when it is not plain. */
        private int field(byte[] b, int i, int end) {
            int start = i;
            boolean negative = i < end && b[i] == '-';
            i += negative ? 1 : 0;
            long whole = 0;
            int digits = 0;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                whole = whole * 10 + (b[i++] - '0');
                digits++;
            }
            if ((i == end || b[i] == ',') && digits > 0 && digits <= 18) {
                long v = negative ? -whole : whole;
                lastWasInt = v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
                wholeNumbers &= lastWasInt;
                values[count] = v;
                return i;
            }
            int after = decimalEnd(b, start, end, false);
            if (after < 0 || (after < end && b[after] != ',')) {
                return -1;
            }
            double v = Double.parseDouble(new String(b, start, after - start, StandardCharsets.ISO_8859_1));
            if (!Double.isFinite(v)) {
                return -1;
            }
            lastWasInt = false;
            wholeNumbers = false;
            values[count] = v;
            return after;
        }
    }

    /** @return false when the row's length differs from the first's, is below 2, or its label is not below k */
    private static boolean addRow(Rows rows, RowScan scan, int classes) {
        int columns = scan.count;
        if (columns < 2 || (rows.columns >= 0 && columns != rows.columns)) {
            return false;
        }
        int label = scan.label;
        if (label < 0 || (classes > 0 && label >= classes)) {
            return false;
        }
        rows.columns = columns;
        int features = columns - 1;
        rows.ensureCapacity(features);
        System.arraycopy(scan.values, 0, rows.x, rows.count * features, features);
        rows.wholeNumbers &= scan.wholeNumbers; // the label is an int here: any other value was a feature
        rows.labels[rows.count++] = label;
        return true;
    }

    /**
     * The decimal syntax both parsers read: an optional sign ('-', or '+' when {@code plusAllowed}),
     * digits with an optional fraction (or a fraction alone), an optional exponent; no spaces, no
     * NaN or Infinity, none of the suffixes and hexadecimal forms {@link Double#parseDouble} takes.
     *
     * @return the index after the number starting at {@code from}, or -1 when none starts there
     */
    static int decimalEnd(byte[] b, int from, int end, boolean plusAllowed) {
        int i = from;
        if (i < end && (b[i] == '-' || (plusAllowed && b[i] == '+'))) {
            i++;
        }
        int whole = digitsEnd(b, i, end);
        int fraction = whole;
        if (whole < end && b[whole] == '.') {
            fraction = digitsEnd(b, whole + 1, end);
        }
        if (whole == i && fraction <= whole + 1) {
            return -1; // no digit before or after the point
        }
        if (fraction < end && (b[fraction] == 'e' || b[fraction] == 'E')) {
            int sign = fraction + 1 < end && (b[fraction + 1] == '-' || b[fraction + 1] == '+') ? 1 : 0;
            int exponent = digitsEnd(b, fraction + 1 + sign, end);
            return exponent == fraction + 1 + sign ? -1 : exponent;
        }
        return fraction;
    }

    private static int digitsEnd(byte[] b, int from, int end) {
        int i = from;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    /** The parser for every input, with the messages; see {@link #read}. */
    static Dataset parseExact(byte[] bytes, String name, int classes) throws DataException {
        Rows rows = new Rows(rowLines(bytes, true), bytes.length);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        int lineNo = 0;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNo++;
            String line = stripCr(text, start, end);
            if (!line.isBlank()) {
                parseLine(line, name, lineNo, classes, rows);
            }
            start = end + 1;
        }
        if (rows.count == 0) {
            throw new DataException(name + ": no data rows");
        }
        return rows.toDataset(name);
    }

    private static String stripCr(String text, int start, int end) {
        return end > start && text.charAt(end - 1) == '\r' ? text.substring(start, end - 1) : text.substring(start, end);
    }

    private static void parseLine(String line, String name, int lineNo, int classes, Rows rows) throws DataException {
        String[] fields = line.split(",", -1);
        if (fields.length < 2) {
            throw new DataException(name + " line " + lineNo + ": expected features then a label, found "
                    + fields.length + " column");
        }
        if (rows.columns < 0) {
            rows.columns = fields.length;
        } else if (fields.length != rows.columns) {
            throw new DataException(name + " line " + lineNo + ": expected " + rows.columns
                    + " columns like line " + rows.firstLine + ", found " + fields.length);
        }
        if (rows.firstLine == 0) {
            rows.firstLine = lineNo;
        }
        int features = fields.length - 1;
        rows.ensureCapacity(features);
        for (int j = 0; j < features; j++) {
            rows.x[rows.count * features + j] = parseFeature(fields[j], name, lineNo, j + 1, rows);
        }
        int label = parseLabel(fields[features], name, lineNo, fields.length);
        if (label < 0 || (classes > 0 && label >= classes)) {
            throw new DataException(name + " line " + lineNo + ": label " + label + " is outside 0.."
                    + (classes > 0 ? classes - 1 : "") + (classes > 0 ? " (k=" + classes + ")" : ""));
        }
        rows.labels[rows.count++] = label;
    }

    /** An int as the original reads it, else a finite decimal (which clears the rows' whole-number flag). */
    private static double parseFeature(String field, String name, int lineNo, int column, Rows rows)
            throws DataException {
        String s = field.strip();
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            rows.wholeNumbers = false;
            return number(s, name + " line " + lineNo + " column " + column);
        }
    }

    /**
     * A feature as every reader of data files takes it: a finite decimal in the syntax of
     * {@link #decimalEnd} (a '+' allowed), spaces around it ignored.
     *
     * @param where what messages name: the file, line and column
     * @throws DataException "WHERE: empty value" or "WHERE: 'x' is not a finite number"
     */
    public static double number(String field, String where) throws DataException {
        String s = field.strip();
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        double v = decimalEnd(b, 0, b.length, true) == b.length ? Double.parseDouble(s) : Double.NaN;
        if (!Double.isFinite(v)) {
            throw new DataException(where + ": "
                    + (s.isEmpty() ? "empty value" : "'" + abbreviate(s) + "' is not a finite number"));
        }
        return v;
    }

    private static int parseLabel(String field, String name, int lineNo, int column) throws DataException {
        String s = field.strip();
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new DataException(name + " line " + lineNo + " column " + column + ": label '" + abbreviate(s)
                    + "' is not an integer (labels are class indices 0..k-1)");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "...";
    }

    /**
     * Row storage sized once by the count of lines that may hold a row, so a file is parsed in one
     * pass without boxing and without growing copies (it still grows should the count be short).
     * The count is capped by the rows of the first row's width the file's bytes can hold, so a
     * wide first line over many short ones (a malformed file) cannot claim more than the file's size.
     */
    private static final class Rows {
        private final int expected;
        private final long fileBytes;
        int columns = -1;
        int firstLine;
        boolean wholeNumbers = true;
        int count;
        double[] x = new double[0];
        int[] labels = new int[0];

        Rows(int expectedRows, long fileBytes) {
            this.expected = expectedRows;
            this.fileBytes = fileBytes;
        }

        void ensureCapacity(int features) {
            if (count < labels.length) {
                return;
            }
            // a row of c values takes at least 2c - 1 bytes ("0,0,...,0"): no file holds more rows of this width
            long fitting = Math.max(count + 1L, (fileBytes + 1) / (2L * (features + 1)));
            long wanted = labels.length == 0 ? Math.max(1, expected) : Math.max(16, labels.length * 2L);
            int capacity = (int) Math.min(wanted, fitting);
            labels = Arrays.copyOf(labels, capacity);
            x = Arrays.copyOf(x, Math.multiplyExact(capacity, features));
        }

        Dataset toDataset(String name) {
            int features = columns - 1;
            if (labels.length == count && x.length == (long) count * features) {
                return new Dataset(name, features, x, labels, wholeNumbers);
            }
            return new Dataset(name, features, Arrays.copyOf(x, count * features),
                    Arrays.copyOf(labels, count), wholeNumbers);
        }
    }
}
