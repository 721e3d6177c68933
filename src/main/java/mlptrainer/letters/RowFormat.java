package mlptrainer.letters;

/**
 * The two text formats of a letter row, one row per line:
 * <ul>
 * <li>ours (what the trainer reads): the 16 attributes, then the label 0..25, comma-separated,
 *     for example {@code 2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8,19};</li>
 * <li>UCI's {@code letter-recognition.data}: the letter A..Z, then the 16 attributes,
 *     for example {@code T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8}.</li>
 * </ul>
 * Parsing checks everything (field count, integers, ranges) and reports the file and line.
 * A parsed row is an int[17]: the 16 attributes, then the label.
 */
public final class RowFormat {
    /** Fields per line in both formats. */
    public static final int FIELDS = Features.COUNT + 1;

    private RowFormat() {
    }

    /** @return the row in our format, without the line ending */
    public static String ours(int[] features, int label) {
        StringBuilder sb = new StringBuilder(48);
        for (int f : features) {
            sb.append(f).append(',');
        }
        return sb.append(label).toString();
    }

    /** @return the row (16 attributes then the label) in UCI's format, without the line ending */
    public static String uci(int[] row) {
        StringBuilder sb = new StringBuilder(48).append(Alphabet.letter(row[Features.COUNT]));
        for (int i = 0; i < Features.COUNT; i++) {
            sb.append(',').append(row[i]);
        }
        return sb.toString();
    }

    /** Parses a line of our format; {@code file} and {@code line} (from 1) are for the message. */
    public static int[] parseOurs(String text, String file, long line) {
        String[] f = fields(text, file, line);
        int[] row = new int[FIELDS];
        for (int i = 0; i < Features.COUNT; i++) {
            row[i] = attribute(f[i], i + 1, file, line);
        }
        int label = integer(f[Features.COUNT], FIELDS, file, line);
        if (label < 0 || label >= Alphabet.LETTERS) {
            throw error(file, line, "label " + label + " is not in 0.." + (Alphabet.LETTERS - 1));
        }
        row[Features.COUNT] = label;
        return row;
    }

    /** Parses a line of UCI's format into 16 attributes then the label. */
    public static int[] parseUci(String text, String file, long line) {
        String[] f = fields(text, file, line);
        String letter = f[0].trim();
        int label = letter.length() == 1 ? Alphabet.label(letter.charAt(0)) : -1;
        if (label < 0) {
            throw error(file, line, "unknown letter '" + letter + "'");
        }
        int[] row = new int[FIELDS];
        for (int i = 0; i < Features.COUNT; i++) {
            row[i] = attribute(f[i + 1], i + 2, file, line);
        }
        row[Features.COUNT] = label;
        return row;
    }

    private static String[] fields(String text, String file, long line) {
        String[] f = text.split(",", -1);
        if (f.length != FIELDS) {
            throw error(file, line, "expected " + FIELDS + " comma-separated fields, found " + f.length);
        }
        return f;
    }

    private static int attribute(String text, int column, String file, long line) {
        int v = integer(text, column, file, line);
        if (v < 0 || v > FeatureScale.MAX) {
            throw error(file, line, "field " + column + " is " + v + ", not in 0.." + FeatureScale.MAX);
        }
        return v;
    }

    private static int integer(String text, int column, String file, long line) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw error(file, line, "field " + column + " is not an integer: '" + text + "'");
        }
    }

    private static LettersInputException error(String file, long line, String what) {
        return new LettersInputException(file + " line " + line + ": " + what);
    }
}
