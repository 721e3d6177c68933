package mlptrainer.letters;

/**
 * The 16 attributes of Frey and Slate (1991) as raw real numbers, computed from a {@link Bitmap}.
 * {@link FeatureScale} maps them to the integers 0..15 that the data files hold.
 *
 * <p>Coordinates: x is the pixel column (0 = left), y is measured upwards (0 = bottom row), as in
 * the paper, which scans "bottom to top". The <em>box</em> is the smallest rectangle holding every
 * on pixel; its centre is (cx, cy), its size w x h pixels. Moments use the box-relative, size-normalised
 * coordinates dx = (x - cx) / w and dy = (y - cy) / h, each in [-0.5, 0.5], so that they describe
 * the shape whatever its size and position.
 *
 * <p>An image with no on pixel has no box; every attribute is then 0 (the generator never makes one).
 * The computation is pure double arithmetic in a fixed order, so it is the same on every JVM.
 */
public final class Features {
    /** Number of attributes. */
    public static final int COUNT = 16;

    /** Attribute names, in file order, as the UCI documentation spells them. */
    public static final String[] NAMES = {"x-box", "y-box", "width", "high", "onpix", "x-bar", "y-bar",
        "x2bar", "y2bar", "xybar", "x2ybr", "xy2br", "x-ege", "xegvy", "y-ege", "yegvx"};

    public static final int X_BOX = 0;
    public static final int Y_BOX = 1;
    public static final int WIDTH = 2;
    public static final int HIGH = 3;
    public static final int ONPIX = 4;
    public static final int X_BAR = 5;
    public static final int Y_BAR = 6;
    public static final int X2BAR = 7;
    public static final int Y2BAR = 8;
    public static final int XYBAR = 9;
    public static final int X2YBR = 10;
    public static final int XY2BR = 11;
    public static final int X_EGE = 12;
    public static final int XEGVY = 13;
    public static final int Y_EGE = 14;
    public static final int YEGVX = 15;

    private Features() {
    }

    /** @return the 16 raw attributes of {@code image}, indexed by the constants above */
    public static double[] raw(Bitmap image) {
        double[] f = new double[COUNT];
        Box box = Box.of(image);
        if (box == null) {
            return f;
        }
        // x-box, y-box: horizontal and vertical position of the box, as the pixel coordinates of its centre.
        f[X_BOX] = box.cx();
        f[Y_BOX] = box.cy();
        // width, high: the box's size in pixels.
        f[WIDTH] = box.w();
        f[HIGH] = box.h();
        moments(image, box, f);
        xEdges(image, box, f);
        yEdges(image, box, f);
        return f;
    }

    /** onpix and the seven moments of the on pixels, over box-normalised coordinates (dx, dy). */
    private static void moments(Bitmap image, Box box, double[] f) {
        double n = 0;
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, sxxy = 0, sxyy = 0;
        for (int y = box.y0(); y <= box.y1(); y++) {
            for (int x = box.x0(); x <= box.x1(); x++) {
                if (box.on(image, x, y)) {
                    double dx = box.dx(x);
                    double dy = box.dy(y);
                    n++;
                    sx += dx;
                    sy += dy;
                    sxx += dx * dx;
                    syy += dy * dy;
                    sxy += dx * dy;
                    sxxy += dx * dx * dy;
                    sxyy += dx * dy * dy;
                }
            }
        }
        f[ONPIX] = n;          // onpix: the number of on pixels
        f[X_BAR] = sx / n;     // x-bar: mean dx, where the ink lies left (<0) or right (>0) of the centre
        f[Y_BAR] = sy / n;     // y-bar: mean dy, below (<0) or above (>0) the centre
        f[X2BAR] = sxx / n;    // x2bar: mean dx^2, the horizontal spread ("mean x variance")
        f[Y2BAR] = syy / n;    // y2bar: mean dy^2, the vertical spread
        f[XYBAR] = sxy / n;    // xybar: mean dx*dy, >0 for ink along a rising diagonal
        f[X2YBR] = sxxy / n;   // x2ybr: mean dx^2*dy, >0 when the wide parts are high (like T, V)
        f[XY2BR] = sxyy / n;   // xy2br: mean dx*dy^2, >0 when the tall parts are right
    }

    /**
     * x-ege: scanning each row of the box left to right, an edge is an on pixel whose left neighbour
     * is off or outside the box (the start of a run of ink); x-ege is the mean number of edges per row.
     * xegvy: the sum of dy over those edges divided by the number of rows, so it is above 0 when the
     * edges are mostly in the upper half (their correlation with y).
     */
    private static void xEdges(Bitmap image, Box box, double[] f) {
        double edges = 0;
        double sumDy = 0;
        for (int y = box.y0(); y <= box.y1(); y++) {
            for (int x = box.x0(); x <= box.x1(); x++) {
                if (box.on(image, x, y) && (x == box.x0() || !box.on(image, x - 1, y))) {
                    edges++;
                    sumDy += box.dy(y);
                }
            }
        }
        f[X_EGE] = edges / box.h();
        f[XEGVY] = sumDy / box.h();
    }

    /**
     * y-ege: scanning each column of the box bottom to top, an edge is an on pixel whose lower neighbour
     * is off or outside the box; y-ege is the mean number of edges per column. yegvx: the sum of dx
     * over those edges divided by the number of columns (their correlation with x).
     */
    private static void yEdges(Bitmap image, Box box, double[] f) {
        double edges = 0;
        double sumDx = 0;
        for (int x = box.x0(); x <= box.x1(); x++) {
            for (int y = box.y0(); y <= box.y1(); y++) {
                if (box.on(image, x, y) && (y == box.y0() || !box.on(image, x, y - 1))) {
                    edges++;
                    sumDx += box.dx(x);
                }
            }
        }
        f[Y_EGE] = edges / box.w();
        f[YEGVX] = sumDx / box.w();
    }

    /** The bounding box of the on pixels in y-up coordinates: columns x0..x1, y0..y1 (inclusive). */
    private record Box(int x0, int x1, int y0, int y1, int imageHeight) {
        static Box of(Bitmap image) {
            int x0 = Integer.MAX_VALUE, x1 = -1, r0 = Integer.MAX_VALUE, r1 = -1;
            for (int r = 0; r < image.height(); r++) {
                for (int c = 0; c < image.width(); c++) {
                    if (image.isOn(c, r)) {
                        x0 = Math.min(x0, c);
                        x1 = Math.max(x1, c);
                        r0 = Math.min(r0, r);
                        r1 = Math.max(r1, r);
                    }
                }
            }
            int top = image.height() - 1;
            return x1 < 0 ? null : new Box(x0, x1, top - r1, top - r0, image.height());
        }

        boolean on(Bitmap image, int x, int y) {
            return image.isOn(x, imageHeight - 1 - y);
        }

        double cx() {
            return (x0 + x1) / 2.0;
        }

        double cy() {
            return (y0 + y1) / 2.0;
        }

        int w() {
            return x1 - x0 + 1;
        }

        int h() {
            return y1 - y0 + 1;
        }

        double dx(int x) {
            return (x - cx()) / w();
        }

        double dy(int y) {
            return (y - cy()) / h();
        }
    }
}
