package mlptrainer.prepare;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import mlptrainer.Untrusted;
import mlptrainer.data.DataException;
import mlptrainer.data.DataRoot;

/**
 * The data rows of a CSV file, one at a time, each checked: as many fields as the first row (else an
 * error naming the first column missing or extra), no empty field, every feature a number
 * ({@link NumberText}). Each row's features come as the text {@code prepare} writes; blank lines are
 * skipped. Every error is one line naming the file, the line and the column. Reads UTF-8 and refuses
 * other bytes, naming the line. Not thread-safe; close it.
 */
final class CsvRows implements Closeable {
    private final LineReader lines;
    private final String file;
    private final CsvLayout layout;
    private final FieldSplitter splitter;
    private final String[] features;
    /** The first row when it is data, not a header: {@link #next} returns it first. */
    private String pending;
    private long pendingLine;
    private String label;
    private long line;

    private CsvRows(LineReader lines, String file, PrepareOptions options) throws IOException, DataException {
        this.lines = lines;
        this.file = file;
        String first = nonBlankLine();
        if (first == null) {
            throw new DataException(file + ": no rows");
        }
        this.layout = CsvLayout.detect(first, lines.number(), file, options);
        this.splitter = new FieldSplitter(layout.delimiter(), file);
        this.features = new String[layout.columns() - 1];
        if (!layout.header()) {
            pending = first;
            pendingLine = lines.number();
        }
    }

    /**
     * Opens {@code path} and reads its layout.
     *
     * @param digest when not null, every byte of the file goes through it
     */
    static CsvRows open(Path path, PrepareOptions options, MessageDigest digest) throws DataException {
        String file = Untrusted.shown(String.valueOf(path.getFileName()));
        InputStream in = null;
        try {
            in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
            if (digest != null) {
                in = new DigestInputStream(in, digest);
            }
            InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
            return new CsvRows(new LineReader(reader, file), file, options);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            closeQuietly(in);
            throw new DataException(file + ": cannot read: " + DataRoot.reason(e), e);
        } catch (DataException e) {
            closeQuietly(in);
            throw e;
        }
    }

    CsvLayout layout() {
        return layout;
    }

    String file() {
        return file;
    }

    /** @return whether there was another row; its fields are then in {@link #features} and {@link #label} */
    boolean next() throws DataException {
        String text = nextLine();
        if (text == null) {
            return false;
        }
        String[] fields = splitter.split(text, line);
        checkWidth(fields);
        int f = 0;
        for (int c = 0; c < fields.length; c++) {
            if (fields[c].isEmpty()) {
                throw error(c, "missing value");
            }
            if (c == layout.labelColumn()) {
                label = fields[c];
            } else if ((features[f++] = NumberText.canonical(fields[c])) == null) {
                throw error(c, "'" + Untrusted.shown(fields[c]) + "' is not a number");
            }
        }
        return true;
    }

    /** @return the current row's features as {@code prepare} writes them (a reused array) */
    String[] features() {
        return features;
    }

    /** @return the current row's label as the file has it (without surrounding spaces) */
    String label() {
        return label;
    }

    /** @return the current row's 1-based line number */
    long line() {
        return line;
    }

    private String nextLine() throws DataException {
        try {
            if (pending != null) {
                String first = pending;
                pending = null;
                line = pendingLine;
                return first;
            }
            String text = nonBlankLine();
            line = lines.number();
            return text;
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + DataRoot.reason(e), e);
        }
    }

    private String nonBlankLine() throws IOException, DataException {
        String text = lines.next();
        while (text != null && text.isBlank()) {
            text = lines.next();
        }
        return text;
    }

    private void checkWidth(String[] fields) throws DataException {
        int expected = layout.columns();
        if (fields.length < expected) {
            throw error(fields.length, "missing: the row has " + fields.length + " columns, the first row "
                    + expected);
        }
        if (fields.length > expected) {
            throw new DataException(file + ":" + line + ": column " + (expected + 1) + ": the row has "
                    + fields.length + " columns, the first row " + expected);
        }
    }

    private DataException error(int column, String what) {
        return new DataException(file + ":" + line + ": " + layout.describe(column) + ": " + what);
    }

    private static void closeQuietly(InputStream in) {
        try {
            if (in != null) {
                in.close();
            }
        } catch (IOException e) {
            // already failing with a better message
        }
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
