package mlptrainer.letters;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The random changes that make every sample of a letter different, as the original's "random
 * distortions" did: a smooth warp plus per-point jitter of the strokes, a change of width (aspect),
 * slant (shear) and rotation, the letter's size, the pen's width, and the position in the image.
 * {@link #sample} draws them from a {@link Random}; {@link #apply} turns letter-height strokes into
 * pixel strokes inside a {@link Rasteriser#SIZE}-pixel square. Only arithmetic, {@link StrictMath} and
 * {@link Random} (whose algorithm the JDK specifies) are used, so a seed gives the same strokes everywhere.
 */
public final class Distortion {
    // Amounts, in letter heights unless said otherwise; they set how hard the data set is. Chosen so that on the
    // default data the course MLP's validation error is about 0.22 (0.24 on the original) while a stronger model
    // stays near 0.07: more jitter or warp raises both errors together (see letters/README.md).
    static final double SIZE_MIN = 14, SIZE_MAX = 44;      // letter height, pixels
    static final double ASPECT_SD = 0.15;                   // log of the width factor
    static final double SHEAR_SD = 0.12;                    // added to the style's slant
    static final double ROTATION_SD = StrictMath.toRadians(7);
    static final double WARP = 0.05;                        // amplitude of the smooth warp
    static final double JITTER_SD = 0.012;                  // independent noise on every point
    static final double PEN_SD = 0.3;                      // log of the pen-width factor
    static final double PEN_MIN = 1.3;                      // pixels; thinner strokes break up
    static final double POSITION_SPREAD = 0.15;             // of the image, for the lower-left corner
    static final double MARGIN = 1;                         // pixels kept free at the image's edges
    static final double RIM = 1.3;                          // pixels of ink on each side of a hollow stroke

    private final double size;
    private final double aspect;
    private final double shear;
    private final double cos;
    private final double sin;
    private final double[] warp;
    private final double jitter;
    private final double pen;
    private final double inner;
    private final double offsetX;
    private final double offsetY;
    private final Random random;

    private Distortion(Random r, Style style) {
        size = SIZE_MIN + (SIZE_MAX - SIZE_MIN) * r.nextDouble();
        aspect = StrictMath.exp(ASPECT_SD * r.nextGaussian());
        shear = style.slant() + SHEAR_SD * r.nextGaussian();
        double angle = ROTATION_SD * r.nextGaussian();
        cos = StrictMath.cos(angle);
        sin = StrictMath.sin(angle);
        warp = new double[8];
        for (int i = 0; i < warp.length; i++) {
            warp[i] = r.nextDouble();
        }
        jitter = JITTER_SD;
        double minimum = style.hollow() ? 2 * RIM + PEN_MIN : PEN_MIN; // a hollow stroke needs room inside
        pen = Math.max(minimum, style.weight() * size * StrictMath.exp(PEN_SD * r.nextGaussian()));
        inner = style.hollow() ? pen - 2 * RIM : 0;
        offsetX = POSITION_SPREAD * Rasteriser.SIZE * r.nextDouble();
        offsetY = POSITION_SPREAD * Rasteriser.SIZE * r.nextDouble();
        random = r;
    }

    /** Draws a distortion from {@code r}; {@link #apply} draws the per-point jitter from the same source. */
    public static Distortion sample(Random r, Style style) {
        return new Distortion(r, style);
    }

    /** @return the width in pixels of the paper left inside hollow strokes, 0 for solid ones */
    public double inner() {
        return inner;
    }

    /** @return the pen's width in pixels */
    public double pen() {
        return pen;
    }

    /** @return {@code strokes} (letter-height units, y down) distorted and placed, in pixels (y down) */
    public List<Stroke> apply(List<Stroke> strokes) {
        List<Stroke> shaped = new ArrayList<>();
        for (Stroke s : strokes) {
            shaped.add(s.map(this::shape));
        }
        return place(shaped);
    }

    /** Warp, jitter, then aspect, shear and rotation about the box's middle, then size. */
    private void shape(double x, double y, double[] p) {
        double wx = x + WARP * StrictMath.sin(2 * Math.PI * (warp[0] * x + warp[1] * y + warp[2]))
                + jitter * random.nextGaussian();
        double wy = y + WARP * StrictMath.sin(2 * Math.PI * (warp[3] * x + warp[4] * y + warp[5]))
                + jitter * random.nextGaussian();
        double ax = (wx - 0.5) * aspect;
        double ay = wy - 0.5;
        double sx = ax - shear * ay; // y grows downwards: the top (ay < 0) leans right for shear > 0
        p[0] = size * (cos * sx - sin * ay);
        p[1] = size * (sin * sx + cos * ay);
    }

    /**
     * Moves the strokes so that their lower-left corner (including the pen) sits at the sampled offset
     * from the image's lower-left corner, like letters standing on a baseline; shrinks them first when
     * they would not fit.
     */
    private List<Stroke> place(List<Stroke> strokes) {
        double[] b = bounds(strokes);
        double half = pen / 2;
        double room = Rasteriser.SIZE - 2 * MARGIN - pen;
        double k = Math.min(1, Math.min(room / (b[2] - b[0] + 1e-9), room / (b[3] - b[1] + 1e-9)));
        double left = MARGIN + half + Math.min(offsetX, room - k * (b[2] - b[0]));
        double bottom = Rasteriser.SIZE - MARGIN - half - Math.min(offsetY, room - k * (b[3] - b[1]));
        List<Stroke> out = new ArrayList<>();
        for (Stroke s : strokes) {
            out.add(s.map((x, y, p) -> {
                p[0] = left + k * (x - b[0]);
                p[1] = bottom - k * (b[3] - y);
            }));
        }
        return out;
    }

    /** @return {minX, minY, maxX, maxY} over all points */
    private static double[] bounds(List<Stroke> strokes) {
        double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (Stroke s : strokes) {
            for (int i = 0; i < s.points(); i++) {
                b[0] = Math.min(b[0], s.x(i));
                b[1] = Math.min(b[1], s.y(i));
                b[2] = Math.max(b[2], s.x(i));
                b[3] = Math.max(b[3], s.y(i));
            }
        }
        return b;
    }
}
