package mlptrainer.prepare;

import java.util.ArrayList;
import java.util.List;
import mlptrainer.data.DataException;

/**
 * Splits one line into fields at a delimiter, as RFC 4180 says: a field may be quoted with '"', a quoted
 * field may hold the delimiter, and '""' in it stands for one '"'. A quoted field must end on its line
 * (fields spanning lines are refused). Unquoted fields lose surrounding spaces and tabs (when tab is not
 * the delimiter), so "1, 2" reads as two numbers. Not thread-safe (reuses its buffers).
 */
final class FieldSplitter {
    private final char delimiter;
    private final String file;
    private final List<String> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();

    FieldSplitter(char delimiter, String file) {
        this.delimiter = delimiter;
        this.file = file;
    }

    char delimiter() {
        return delimiter;
    }

    /** @return the fields of {@code line}, number {@code lineNumber} (for messages) */
    String[] split(String line, long lineNumber) throws DataException {
        fields.clear();
        int i = 0;
        int n = line.length();
        while (true) {
            i = skipBlanks(line, i);
            if (i < n && line.charAt(i) == '"') {
                i = quoted(line, i + 1, lineNumber);
            } else {
                int start = i;
                while (i < n && line.charAt(i) != delimiter) {
                    i++;
                }
                fields.add(line.substring(start, i).strip());
            }
            if (i >= n) {
                return fields.toArray(new String[0]);
            }
            i++; // the delimiter
        }
    }

    /** Reads a quoted field whose text starts at {@code i}; @return the index after it (at a delimiter or the end) */
    private int quoted(String line, int i, long lineNumber) throws DataException {
        field.setLength(0);
        int n = line.length();
        while (true) {
            if (i >= n) {
                throw error(lineNumber, "a quoted field does not end on its line");
            }
            char c = line.charAt(i++);
            if (c != '"') {
                field.append(c);
            } else if (i < n && line.charAt(i) == '"') {
                field.append('"');
                i++;
            } else {
                break;
            }
        }
        fields.add(field.toString());
        i = skipBlanks(line, i);
        if (i < n && line.charAt(i) != delimiter) {
            throw error(lineNumber, "text after a closing quote");
        }
        return i;
    }

    private int skipBlanks(String line, int i) {
        while (i < line.length() && line.charAt(i) != delimiter && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private DataException error(long lineNumber, String what) {
        return new DataException(file + ":" + lineNumber + ": column " + (fields.size() + 1) + ": " + what);
    }

    /**
     * Guesses the delimiter from a file's first line: the one of ',', tab and ';' that occurs most often
     * outside quotes (ties in that order).
     *
     * @return the delimiter, or 0 when none occurs
     */
    static char detect(String firstLine) {
        char[] candidates = {',', '\t', ';'};
        int[] counts = new int[candidates.length];
        boolean inQuotes = false;
        for (int i = 0; i < firstLine.length(); i++) {
            char c = firstLine.charAt(i);
            if (c == '"') {
                inQuotes = !inQuotes;
            }
            for (int j = 0; j < candidates.length && !inQuotes; j++) {
                counts[j] += c == candidates[j] ? 1 : 0;
            }
        }
        int best = 0;
        for (int j = 1; j < candidates.length; j++) {
            best = counts[j] > counts[best] ? j : best;
        }
        return counts[best] > 0 ? candidates[best] : 0;
    }
}
