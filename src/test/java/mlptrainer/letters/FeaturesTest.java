package mlptrainer.letters;

import static mlptrainer.letters.Features.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The 16 raw attributes on small hand-made images. Every expected value is worked out in the comments
 * from the definitions in {@link Features}: y is counted upwards from the bottom row, the box centre is
 * (cx, cy), and moments use dx = (x - cx) / w, dy = (y - cy) / h.
 */
class FeaturesTest {
    private static final double EPS = 1e-12;

    @Test
    void emptyImageHasAllAttributesZero() {
        double[] f = Features.raw(Bitmap.parse("....", "....", "...."));
        assertArrayEquals(new double[COUNT], f, EPS);
    }

    @Test
    void singlePixel() {
        // column 3, row 2 of 8 rows: y = 7 - 2 = 5; a 1x1 box centred on it, so dx = dy = 0.
        // One run of ink in the one row and in the one column: one edge each, at dx = dy = 0.
        double[] f = Features.raw(Bitmap.parse(
                "........", "........", "...#....", "........", "........", "........", "........", "........"));
        assertArrayEquals(new double[] {3, 5, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0}, f, EPS);
    }

    @Test
    void filledRectangle() {
        // columns 2..5, rows 1..3 of 8: y = 6..4. Box w 4, h 3, centre (3.5, 5); 12 pixels.
        // dx in {-1.5, -.5, .5, 1.5}/4: mean 0, mean dx^2 = (2.25 + .25 + .25 + 2.25)/4/16 = 0.078125.
        // dy in {-1, 0, 1}/3: mean 0, mean dy^2 = (2/3)/9 = 2/27. On a full grid the mixed moments
        // factor into products containing mean dx or mean dy, so they are 0.
        // Each row is one run (x-ege 3/3 = 1) with dy summing to 0; each column too (y-ege 4/4 = 1).
        double[] f = Features.raw(Bitmap.parse(
                "........", "..####..", "..####..", "..####..", "........", "........", "........", "........"));
        assertArrayEquals(new double[] {3.5, 5, 4, 3, 12, 0, 0, 0.078125, 2.0 / 27, 0, 0, 0, 1, 0, 1, 0}, f, EPS);
    }

    @Test
    void verticalBar() {
        // column 1, all 5 rows of a 3x5 image: box w 1, h 5, centre (1, 2); dx = 0.
        // dy = (y - 2)/5 for y = 0..4: mean 0, mean dy^2 = (4 + 1 + 0 + 1 + 4)/25/5 = 0.08.
        // Every row one edge: x-ege 5/5 = 1, xegvy = sum of dy / 5 = 0.
        // The column is one run seen from the bottom: y-ege 1/1 = 1 at dx 0.
        double[] f = Features.raw(Bitmap.parse(".#.", ".#.", ".#.", ".#.", ".#."));
        assertArrayEquals(new double[] {1, 2, 1, 5, 5, 0, 0, 0, 0.08, 0, 0, 0, 1, 0, 1, 0}, f, EPS);
    }

    @Test
    void diagonalFromTopLeft() {
        // pixel (i, row i) for i = 0..3 in a 4x4 image: y = 3 - i. Box 4x4, centre (1.5, 1.5).
        // dx = (i - 1.5)/4 and dy = -dx. mean dx = mean dy = 0; mean dx^2 = mean dy^2 = (2.25+.25+.25+2.25)/16/4
        // = 5/64; xybar = -5/64 (falling diagonal); x2ybr = -mean dx^3 = 0 and xy2br = mean dx^3 = 0 by symmetry.
        // One edge per row and per column, their dy and dx summing to 0.
        double[] f = Features.raw(Bitmap.parse("#...", ".#..", "..#.", "...#"));
        double m2 = 5.0 / 64;
        assertArrayEquals(new double[] {1.5, 1.5, 4, 4, 4, 0, 0, m2, m2, -m2, 0, 0, 1, 0, 1, 0}, f, EPS);
    }

    @Test
    void letterLShapeHasOddMoments() {
        // pixels (x, y): (0,2) (0,1) (0,0) (1,0) (2,0); box 3x3, centre (1, 1): dx = (x-1)/3, dy = (y-1)/3.
        // dx: -1/3 -1/3 -1/3 0 1/3 -> mean -2/15;  dy: 1/3 0 -1/3 -1/3 -1/3 -> mean -2/15.
        // dx^2: four of 1/9 -> 4/45; dy^2 likewise 4/45. dx*dy: -1/9 0 1/9 0 -1/9 -> -1/45.
        // dx^2*dy: 1/27 0 -1/27 0 -1/27 -> -1/135.  dx*dy^2: -1/27 0 -1/27 0 1/27 -> -1/135.
        // Rows: one run each (x-ege 1), their dy 1/3, 0, -1/3 sum to 0. Columns: one run each (y-ege 1),
        // dx -1/3, 0, 1/3 sum to 0.
        double[] f = Features.raw(Bitmap.parse("#..", "#..", "###"));
        assertArrayEquals(new double[] {1, 1, 3, 3, 5, -2.0 / 15, -2.0 / 15, 4.0 / 45, 4.0 / 45, -1.0 / 45,
            -1.0 / 135, -1.0 / 135, 1, 0, 1, 0}, f, EPS);
    }

    @Test
    void edgesCountRunsOfInk() {
        // two bars (columns 1 and 3, all 4 rows) of a 5x4 image: box columns 1..3 (w 3, cx 2), rows h 4.
        // Each row crosses two runs: x-ege = 8/4 = 2, and dy sums to 0 over symmetric rows.
        // Columns 1 and 3 have one run each, column 2 none: y-ege = 2/3; yegvx = (-1/3 + 1/3)/3 = 0.
        // Top half heavier: add a bar across the top row and the upper rows hold fewer edges.
        double[] f = Features.raw(Bitmap.parse(".#.#.", ".#.#.", ".#.#.", ".#.#."));
        assertEquals(2, f[X_EGE], EPS);
        assertEquals(2.0 / 3, f[Y_EGE], EPS);
        assertEquals(0, f[XEGVY], EPS);
        // "A"-like: the top row is one run, the three below are two runs each: x-ege = 7/4;
        // dy = (y - 1.5)/4 with y = 3 for the top row: xegvy = (1.5 + 2*(.5 - .5 - 1.5))/4/4 = -1.5/16.
        double[] a = Features.raw(Bitmap.parse(".###.", ".#.#.", ".#.#.", ".#.#."));
        assertEquals(7.0 / 4, a[X_EGE], EPS);
        assertEquals(-1.5 / 16, a[XEGVY], EPS);
    }

    @Test
    void scaleIsLinearRoundedAndClamped() {
        // [0, 30] onto 0..15: 2 per step; 7 -> 3.5 rounds up to 4; 6.9 -> 3.45 -> 3
        assertEquals(0, FeatureScale.scale(0, 0, 30));
        assertEquals(15, FeatureScale.scale(30, 0, 30));
        assertEquals(4, FeatureScale.scale(7, 0, 30));
        assertEquals(3, FeatureScale.scale(6.9, 0, 30));
        assertEquals(0, FeatureScale.scale(-5, 0, 30));
        assertEquals(15, FeatureScale.scale(99, 0, 30));
        // a symmetric range maps its middle, 0, to 7.5 -> 8
        assertEquals(8, FeatureScale.scale(0, -1, 1));
    }
}
