package mlptrainer.letters;

/**
 * A black-and-white image: {@code width * height} pixels, each on or off, row 0 at the top.
 * Immutable after construction; the constructor copies its input.
 */
public final class Bitmap {
    private final int width;
    private final int height;
    private final boolean[] on;

    /**
     * @param width  pixels per row, at least 1
     * @param height rows, at least 1
     * @param on     row-major pixels, row 0 at the top; copied
     */
    public Bitmap(int width, int height, boolean[] on) {
        if (width < 1 || height < 1 || on.length != width * height) {
            throw new IllegalArgumentException("bitmap " + width + "x" + height + " needs "
                    + width * height + " pixels, got " + on.length);
        }
        this.width = width;
        this.height = height;
        this.on = on.clone();
    }

    /**
     * Parses rows of '#' (on) and '.' (off), top row first; all rows must have the same length.
     * Meant for tests and documentation, where a picture is easier to check than coordinates.
     */
    public static Bitmap parse(String... rows) {
        int w = rows[0].length();
        boolean[] px = new boolean[w * rows.length];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length() != w) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length() + " pixels, not " + w);
            }
            for (int c = 0; c < w; c++) {
                px[r * w + c] = rows[r].charAt(c) == '#';
            }
        }
        return new Bitmap(w, rows.length, px);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** @return whether the pixel in column {@code col}, row {@code row} (0 = top) is on */
    public boolean isOn(int col, int row) {
        return on[row * width + col];
    }

    /** @return the number of on pixels */
    public int count() {
        int n = 0;
        for (boolean b : on) {
            n += b ? 1 : 0;
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                sb.append(isOn(c, r) ? '#' : '.');
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
