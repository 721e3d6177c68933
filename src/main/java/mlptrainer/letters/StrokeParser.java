package mlptrainer.letters;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the small path language the letter definitions are written in, in the unit letter box
 * (x 0..1 left to right, y 0..1 top to bottom):
 * <ul>
 * <li>{@code M x y} starts a new stroke at (x, y);</li>
 * <li>{@code L x y} draws a line from the current point to (x, y);</li>
 * <li>{@code A cx cy rx ry a0 a1} draws an elliptic arc around (cx, cy) with radii rx, ry from angle a0
 *     to angle a1 (degrees, counter-clockwise as seen on paper, 0 = right, 90 = up), as straight pieces
 *     of at most 15 degrees; it continues the current stroke, or starts one at its first point.</li>
 * </ul>
 * Angles are evaluated with {@link StrictMath}, so the points are the same on every JVM.
 */
final class StrokeParser {
    private static final double ARC_STEP_DEGREES = 15;

    private StrokeParser() {
    }

    /** @return the strokes of {@code path}; throws IllegalArgumentException on a malformed path */
    static List<Stroke> parse(String path) {
        String[] t = path.trim().split("\\s+");
        List<Stroke> strokes = new ArrayList<>();
        List<Double> current = new ArrayList<>();
        int i = 0;
        while (i < t.length) {
            switch (t[i]) {
                case "M" -> {
                    flush(current, strokes);
                    current.add(num(t, i + 1));
                    current.add(num(t, i + 2));
                    i += 3;
                }
                case "L" -> {
                    current.add(num(t, i + 1));
                    current.add(num(t, i + 2));
                    i += 3;
                }
                case "A" -> {
                    arc(t, i, current);
                    i += 7;
                }
                default -> throw new IllegalArgumentException("bad path token '" + t[i] + "' in: " + path);
            }
        }
        flush(current, strokes);
        return List.copyOf(strokes);
    }

    private static void arc(String[] t, int i, List<Double> current) {
        double cx = num(t, i + 1), cy = num(t, i + 2), rx = num(t, i + 3), ry = num(t, i + 4);
        double a0 = num(t, i + 5), a1 = num(t, i + 6);
        int steps = (int) Math.ceil(Math.abs(a1 - a0) / ARC_STEP_DEGREES);
        // the arc's first point repeats the current point when the arc continues a stroke: skip it then
        for (int s = current.isEmpty() ? 0 : 1; s <= steps; s++) {
            double a = StrictMath.toRadians(a0 + (a1 - a0) * s / steps);
            current.add(cx + rx * StrictMath.cos(a));
            current.add(cy - ry * StrictMath.sin(a));
        }
    }

    private static double num(String[] t, int i) {
        if (i >= t.length) {
            throw new IllegalArgumentException("path ends early after '" + t[t.length - 1] + "'");
        }
        return Double.parseDouble(t[i]);
    }

    private static void flush(List<Double> current, List<Stroke> strokes) {
        if (current.isEmpty()) {
            return;
        }
        double[] xy = new double[current.size()];
        for (int k = 0; k < xy.length; k++) {
            xy[k] = current.get(k);
        }
        strokes.add(new Stroke(xy));
        current.clear();
    }
}
