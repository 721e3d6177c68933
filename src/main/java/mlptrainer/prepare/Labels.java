package mlptrainer.prepare;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mlptrainer.Untrusted;
import mlptrainer.data.DataException;

/**
 * The labels of a data set and their indices. When every label is a number, labels are numbers: named by
 * their {@link NumberText} text ("1.0" and "1" are one label, "1") and ordered by value; otherwise they
 * are strings, ordered by {@link String#compareTo} (UTF-16 code units: "B" before "a"). Label i of a
 * written row is the i-th name. Immutable.
 */
final class Labels {
    private final boolean numeric;
    private final List<String> names;
    private final Map<String, Integer> indexOfName = new HashMap<>();
    private final long[] rows;

    private Labels(boolean numeric, Map<String, Long> rowsByName) {
        this.numeric = numeric;
        this.names = List.copyOf(rowsByName.keySet());
        this.rows = new long[names.size()];
        for (int i = 0; i < names.size(); i++) {
            indexOfName.put(names.get(i), i);
            rows[i] = rowsByName.get(names.get(i));
        }
    }

    /**
     * Orders the labels of a scan.
     *
     * @param column how messages name the label column
     * @throws DataException when there are fewer than two labels
     */
    static Labels of(Map<String, Long> labelRows, String file, String column) throws DataException {
        boolean numeric = labelRows.keySet().stream().allMatch(t -> NumberText.canonical(t) != null);
        Comparator<String> order = numeric ? Comparator.comparing(BigDecimal::new) : Comparator.naturalOrder();
        Map<String, Long> byName = new TreeMap<>(order);
        labelRows.forEach((text, n) -> byName.merge(numeric ? NumberText.canonical(text) : text, n, Long::sum));
        if (byName.size() < 2) {
            throw new DataException(file + ": one label only (" + (byName.isEmpty() ? "no rows"
                    : "'" + Untrusted.shown(byName.keySet().iterator().next()) + "'") + " in " + column
                    + "): a classifier needs at least two (is --label the right column?)");
        }
        return new Labels(numeric, byName);
    }

    /** @return the label names, in index order */
    List<String> names() {
        return names;
    }

    int count() {
        return names.size();
    }

    /** @return rows of label i in the scanned file */
    long rows(int i) {
        return rows[i];
    }

    /** @return the names of the labels with fewer than {@code min} rows */
    List<String> rarerThan(long min) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < min) {
                out.add(names.get(i));
            }
        }
        return out;
    }

    /** @return the index of a label as a file writes it, or -1 when it is not one of these labels */
    int indexOf(String text) {
        String name = numeric ? NumberText.canonical(text) : text;
        Integer i = name == null ? null : indexOfName.get(name);
        return i == null ? -1 : i;
    }
}
