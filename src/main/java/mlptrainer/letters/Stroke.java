package mlptrainer.letters;

import java.util.Arrays;

/**
 * One pen stroke: a polyline of at least two points, stored as {x0, y0, x1, y1, ...}. Coordinates are
 * in whatever space the stage that made it works in (the unit letter box, y down, for definitions;
 * pixels for the rasteriser). Immutable: the array is copied in and never handed out.
 */
public final class Stroke {
    private final double[] xy;

    /** @param xy interleaved coordinates, an even number of at least 4; copied */
    public Stroke(double[] xy) {
        if (xy.length < 4 || xy.length % 2 != 0) {
            throw new IllegalArgumentException("a stroke needs at least two points, got " + xy.length + " numbers");
        }
        this.xy = xy.clone();
    }

    public int points() {
        return xy.length / 2;
    }

    public double x(int i) {
        return xy[2 * i];
    }

    public double y(int i) {
        return xy[2 * i + 1];
    }

    /** A function of one point, used to transform every point of a stroke. */
    @FunctionalInterface
    public interface PointMap {
        /** Writes the image of (x, y) into {@code out[0]}, {@code out[1]}. */
        void map(double x, double y, double[] out);
    }

    /** @return this stroke with every point mapped through {@code f}, in order */
    public Stroke map(PointMap f) {
        double[] out = new double[xy.length];
        double[] p = new double[2];
        for (int i = 0; i < xy.length; i += 2) {
            f.map(xy[i], xy[i + 1], p);
            out[i] = p[0];
            out[i + 1] = p[1];
        }
        return new Stroke(out);
    }

    /**
     * Chaikin corner cutting, once: each segment is replaced by points at its 1/4 and 3/4, keeping the two
     * end points, so corners become rounded as a pen moving fast would draw them.
     */
    public Stroke smoothed() {
        if (points() < 3) {
            return this;
        }
        int n = points();
        double[] out = new double[2 * (2 * (n - 1) + 2)];
        out[0] = xy[0];
        out[1] = xy[1];
        int k = 2;
        for (int i = 0; i < n - 1; i++) {
            double ax = x(i), ay = y(i), bx = x(i + 1), by = y(i + 1);
            out[k++] = 0.75 * ax + 0.25 * bx;
            out[k++] = 0.75 * ay + 0.25 * by;
            out[k++] = 0.25 * ax + 0.75 * bx;
            out[k++] = 0.25 * ay + 0.75 * by;
        }
        out[k++] = xy[xy.length - 2];
        out[k] = xy[xy.length - 1];
        return new Stroke(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stroke s && Arrays.equals(xy, s.xy);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(xy);
    }

    @Override
    public String toString() {
        return Arrays.toString(xy);
    }
}
