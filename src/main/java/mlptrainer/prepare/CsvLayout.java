package mlptrainer.prepare;

import java.util.ArrayList;
import java.util.List;
import mlptrainer.Untrusted;
import mlptrainer.data.DataException;

/**
 * How a CSV file is laid out: its delimiter, whether its first row is a header, its column names and
 * which column holds the label. Decided from the first non-blank line and the options: the delimiter
 * is detected unless given; a label given by a name that is not a column number implies a header;
 * otherwise the first row is a header when one of its feature fields is not a number. Without a
 * header the columns are named {@code column1..columnN}. Immutable.
 *
 * @param delimiter   the field delimiter
 * @param header      whether the first non-blank line is a header
 * @param names       every column's name, in file order
 * @param labelColumn the label's 0-based column
 */
record CsvLayout(char delimiter, boolean header, List<String> names, int labelColumn) {
    /** Names shown in full when a message lists the columns; more are summarised. */
    private static final int LISTED_NAMES = 30;

    CsvLayout {
        names = List.copyOf(names);
    }

    int columns() {
        return names.size();
    }

    /** @return feature names: every column but the label's */
    List<String> featureNames() {
        List<String> out = new ArrayList<>(names);
        out.remove(labelColumn);
        return out;
    }

    /** @return "column 3 (petal_width)" with a header, else "column 3": how messages name a 0-based column */
    String describe(int column) {
        return header ? "column " + (column + 1) + " (" + Untrusted.shown(names.get(column)) + ")"
                : "column " + (column + 1);
    }

    /**
     * Decides the layout from the file's first non-blank line and the options.
     *
     * @param first      that line
     * @param lineNumber its 1-based number
     */
    static CsvLayout detect(String first, long lineNumber, String file, PrepareOptions o) throws DataException {
        char delimiter = o.delimiter() != 0 ? o.delimiter() : FieldSplitter.detect(first);
        if (delimiter == 0) {
            throw new DataException(file + ":" + lineNumber
                    + ": one column only (no ',', tab or ';'): name the delimiter with --delimiter");
        }
        String[] fields = new FieldSplitter(delimiter, file).split(first, lineNumber);
        if (fields.length < 2) {
            throw new DataException(file + ":" + lineNumber + ": one column only: a row needs features and a label");
        }
        return resolve(fields, delimiter, file, o);
    }

    private static CsvLayout resolve(String[] first, char delimiter, String file, PrepareOptions o)
            throws DataException {
        boolean byName = o.label() != null && !isColumnNumber(o.label());
        if (byName && Boolean.FALSE.equals(o.header())) {
            throw new DataException("--label " + Untrusted.shown(o.label()) + " names a column, but --no-header"
                    + " says the file has no header: give the column's number");
        }
        List<String> headerNames = List.of(first);
        int label = byName ? byName(headerNames, o.label(), file)
                : o.label() == null ? first.length - 1 : Integer.parseInt(o.label()) - 1;
        boolean header = o.header() != null ? o.header() : byName || looksLikeHeader(first, label);
        List<String> names = header ? named(first) : numbered(first.length);
        if (label >= first.length) {
            throw new DataException("--label " + o.label() + ": " + file + " has " + first.length
                    + " columns: " + listed(names));
        }
        return new CsvLayout(delimiter, header, names, label);
    }

    private static boolean isColumnNumber(String s) {
        return s.matches("[1-9][0-9]{0,8}");
    }

    private static int byName(List<String> names, String label, String file) throws DataException {
        int at = names.indexOf(label);
        if (at < 0) {
            throw new DataException("--label: no column '" + Untrusted.shown(label) + "' in " + file
                    + "; its columns are: " + listed(names));
        }
        if (names.lastIndexOf(label) != at) {
            throw new DataException("--label: " + file + " has two columns named '" + Untrusted.shown(label)
                    + "': give the column's number");
        }
        return at;
    }

    /** A first row is a header when a feature field in it is neither empty nor a number. */
    private static boolean looksLikeHeader(String[] first, int label) {
        for (int c = 0; c < first.length; c++) {
            if (c != label && !first[c].isEmpty() && NumberText.canonical(first[c]) == null) {
                return true;
            }
        }
        return false;
    }

    private static List<String> named(String[] first) {
        List<String> names = new ArrayList<>(first.length);
        for (int c = 0; c < first.length; c++) {
            names.add(first[c].isEmpty() ? "column" + (c + 1) : first[c]);
        }
        return names;
    }

    private static List<String> numbered(int columns) {
        List<String> names = new ArrayList<>(columns);
        for (int c = 1; c <= columns; c++) {
            names.add("column" + c);
        }
        return names;
    }

    /** @return the names for a message: all of them up to {@link #LISTED_NAMES}, then how many more */
    static String listed(List<String> names) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(names.size(), LISTED_NAMES); i++) {
            out.append(i == 0 ? "" : ", ").append(Untrusted.shown(names.get(i)));
        }
        if (names.size() > LISTED_NAMES) {
            out.append(", ... (").append(names.size()).append(" in all)");
        }
        return out.toString();
    }
}
