package mlptrainer.letters;

import java.util.ArrayList;
import java.util.List;

/**
 * A typeface style: how the strokes of {@link Alphabet} are drawn before random distortion. A style
 * fixes the width (condensed, wide), the slant, the pen's weight, serifs, hollow strokes (outline), how
 * much corners are rounded (script) and how often a letter's alternate or round (uncial) form is used. The
 * output of {@link #apply} is in letter-height units: y 0..1 from cap height to baseline, x from 0 to about
 * the letter's width.
 */
public enum Style {
    // width factor, slant, pen weight, serifs, smoothing passes, alternate-form chance, round-form chance
    PLAIN(1.00, 0.00, 0.10, false, 0, 0.3, 0.3),
    SERIF(1.00, 0.00, 0.08, true, 0, 0.4, 0.3),
    HEAVY(1.10, 0.00, 0.22, false, 0, 0.3, 0.3),
    SLANTED(0.95, 0.30, 0.10, false, 0, 0.5, 0.3),
    CONDENSED(0.55, 0.00, 0.09, false, 0, 0.3, 0.3),
    WIDE(1.50, 0.00, 0.07, false, 0, 0.6, 0.3),
    SCRIPT(0.95, 0.35, 0.07, false, 2, 0.9, 0.5),
    UNCIAL(1.00, 0.05, 0.12, false, 1, 0.5, 1.0),
    OUTLINE(1.05, 0.00, 0.26, false, 0, 0.3, 0.0);

    /** Length of a serif bar, in letter heights. */
    private static final double SERIF_LENGTH = 0.24;
    /** An end point closer than this (letter heights) to another stroke joins it, so gets no serif. */
    private static final double JOINED = 0.06;

    private final double widthScale;
    private final double slant;
    private final double weight;
    private final boolean serifs;
    private final int smoothing;
    private final double alternateChance;
    private final double roundChance;

    Style(double widthScale, double slant, double weight, boolean serifs, int smoothing, double alternateChance,
            double roundChance) {
        this.widthScale = widthScale;
        this.slant = slant;
        this.weight = weight;
        this.serifs = serifs;
        this.smoothing = smoothing;
        this.alternateChance = alternateChance;
        this.roundChance = roundChance;
    }

    /** @return the horizontal shift per letter height of the style's slant (0 = upright) */
    public double slant() {
        return slant;
    }

    /** @return whether strokes are drawn hollow: only the pen's outline is inked, as outline typefaces do */
    public boolean hollow() {
        return this == OUTLINE;
    }

    /** @return the pen's width as a fraction of the letter's height */
    public double weight() {
        return weight;
    }

    /**
     * @return which form of a letter to draw, from one uniform random number {@code u} in [0, 1): the round
     *         form with the style's round chance, else the alternate form with its alternate chance
     */
    public Alphabet.Variant variant(double u) {
        if (u < roundChance) {
            return Alphabet.Variant.ROUND;
        }
        boolean alternate = u < roundChance + (1 - roundChance) * alternateChance;
        return alternate ? Alphabet.Variant.ALTERNATE : Alphabet.Variant.BASE;
    }

    /** @return the strokes of {@code label} in this style, in letter-height units */
    public List<Stroke> apply(int label, Alphabet.Variant variant) {
        double w = Alphabet.width(label) * widthScale;
        List<Stroke> out = new ArrayList<>();
        for (Stroke s : Alphabet.strokes(label, variant)) {
            out.add(s.map((x, y, p) -> {
                p[0] = x * w;
                p[1] = y;
            }));
        }
        if (serifs) {
            out.addAll(serifsOf(out));
        }
        for (int i = 0; i < smoothing; i++) {
            out.replaceAll(Stroke::smoothed);
        }
        return out;
    }

    /** Short bars across the free ends of strokes: horizontal on upright strokes, vertical on flat ones. */
    private static List<Stroke> serifsOf(List<Stroke> strokes) {
        List<Stroke> bars = new ArrayList<>();
        for (Stroke s : strokes) {
            int last = s.points() - 1;
            if (distance(s.x(0), s.y(0), s.x(last), s.y(last)) < JOINED) {
                continue; // closed (O): no free end
            }
            addSerif(s, 0, 1, strokes, bars);
            addSerif(s, last, last - 1, strokes, bars);
        }
        return bars;
    }

    private static void addSerif(Stroke s, int end, int next, List<Stroke> all, List<Stroke> bars) {
        double x = s.x(end), y = s.y(end);
        for (Stroke other : all) {
            if (other != s && nearStroke(x, y, other)) {
                return;
            }
        }
        boolean upright = Math.abs(s.y(next) - y) >= Math.abs(s.x(next) - x);
        double h = SERIF_LENGTH / 2;
        bars.add(new Stroke(upright ? new double[] {x - h, y, x + h, y} : new double[] {x, y - h, x, y + h}));
    }

    private static boolean nearStroke(double x, double y, Stroke s) {
        for (int i = 0; i + 1 < s.points(); i++) {
            if (segmentDistance(x, y, s.x(i), s.y(i), s.x(i + 1), s.y(i + 1)) < JOINED) {
                return true;
            }
        }
        return false;
    }

    private static double segmentDistance(double px, double py, double ax, double ay, double bx, double by) {
        double vx = bx - ax, vy = by - ay;
        double len2 = vx * vx + vy * vy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / len2));
        return distance(px, py, ax + t * vx, ay + t * vy);
    }

    private static double distance(double ax, double ay, double bx, double by) {
        return Math.sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by));
    }
}
