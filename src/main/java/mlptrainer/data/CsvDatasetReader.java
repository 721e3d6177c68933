package mlptrainer.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import mlptrainer.Untrusted;

/**
 * Parses the letters format: one row per line, comma-separated integers, the class label last.
 * Blank lines are skipped; "\r\n" line ends are accepted. Every row must have the column count of
 * the first. Errors name the file and the 1-based line. Stateless and thread-safe.
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
     * A bound known before reading: a value takes at least two bytes ("0," or "0\n") and 8 once
     * parsed, so the rows take at most 4 bytes per byte of the file; the file's bytes and, for the
     * exact parser, their text take one byte each more. Rows are stored in arrays sized once, by a
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
     * The common case straight from the bytes: lines of unsigned integers of at most nine digits
     * separated by single commas, "\n" or "\r\n" line ends, empty lines, every row as long as the
     * first and every label below k. Anything else (signs, spaces, other bytes, a short row, a bad
     * label, no rows) returns null and {@link #parseExact} decides, with its messages; on what this
     * accepts the two give equal datasets (CsvDatasetReaderTest). A node parses each new shard once,
     * and the exact parser's strings (a substring, a split and a strip per field) cost several
     * times this, and a C2 compilation of String.split in every node.
     *
     * @return the dataset, or null when the exact parser must decide
     */
    static Dataset parsePlain(byte[] b, String name, int classes) {
        Rows rows = new Rows(rowLines(b, false), b.length);
        int[] values = new int[32];
        int n = b.length;
        int i = 0;
        while (i < n) {
            int end = lineEnd(b, i);
            if (end < 0) {
                return null;
            }
            if (end > i) {
                values = parseRow(b, i, end, values);
                if (values == null || !addRow(rows, values, classes)) {
                    return null;
                }
            }
            i = end < n && b[end] == '\r' ? end + 2 : end + 1;
        }
        return rows.count == 0 ? null : rows.toDataset(name);
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
     * @return values with the row's fields from values[1] on and their count in values[0] (grown
     *         when needed), or null when the row is not plain
     */
    private static int[] parseRow(byte[] b, int from, int end, int[] values) {
        int[] out = values;
        int count = 0;
        int i = from;
        while (true) {
            int v = 0;
            int digits = 0;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                v = v * 10 + (b[i] - '0');
                i++;
                digits++;
            }
            if (digits == 0 || digits > 9) {
                return null;
            }
            if (count + 2 > out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[1 + count++] = v;
            if (i == end) {
                out[0] = count;
                return out;
            }
            if (b[i] != ',') {
                return null;
            }
            i++;
        }
    }

    /** @return false when the row's length differs from the first's, is below 2, or its label is not below k */
    private static boolean addRow(Rows rows, int[] values, int classes) {
        int columns = values[0];
        if (columns < 2 || (rows.columns >= 0 && columns != rows.columns)) {
            return false;
        }
        int label = values[columns];
        if (classes > 0 && label >= classes) {
            return false;
        }
        rows.columns = columns;
        int features = columns - 1;
        rows.ensureCapacity(features);
        for (int j = 0; j < features; j++) {
            rows.x[rows.count * features + j] = values[1 + j];
        }
        rows.labels[rows.count++] = label;
        return true;
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
            rows.x[rows.count * features + j] = parseInt(fields[j], name, lineNo, j + 1);
        }
        int label = parseInt(fields[features], name, lineNo, fields.length);
        if (label < 0 || (classes > 0 && label >= classes)) {
            throw new DataException(name + " line " + lineNo + ": label " + label + " is outside 0.."
                    + (classes > 0 ? classes - 1 : "") + (classes > 0 ? " (k=" + classes + ")" : ""));
        }
        rows.labels[rows.count++] = label;
    }

    private static int parseInt(String field, String name, int lineNo, int column) throws DataException {
        String s = field.strip();
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new DataException(name + " line " + lineNo + " column " + column + ": '" + abbreviate(s)
                    + "' is not an integer");
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
                return new Dataset(name, features, x, labels);
            }
            return new Dataset(name, features, Arrays.copyOf(x, count * features),
                    Arrays.copyOf(labels, count));
        }
    }
}
