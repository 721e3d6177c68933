package mlptrainer.letters;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.List;

/**
 * Draws pen strokes into a {@link #SIZE} x {@link #SIZE} black-and-white image with Java2D in headless mode.
 *
 * <p>Why the output is the same on every machine: no font and no display is involved; antialiasing is off
 * and strokes are "pure" (not adjusted to the pixel grid by a platform-dependent rule); the pen's outline is
 * computed by {@link BasicStroke#createStrokedShape} with square caps and bevel joins, which need only
 * straight lines (no curves, so no trigonometry inside the renderer), and that outline is filled by the JDK's
 * software renderer into an off-screen 8-bit grey image, which is then thresholded.
 *
 * <p>Not thread-safe: it reuses one image. Use one instance per thread.
 */
public final class Rasteriser {
    /** Width and height of the image, in pixels. */
    public static final int SIZE = 64;

    static {
        // before any AWT class loads: never look for a display, even when one is there
        System.setProperty("java.awt.headless", "true");
    }

    private final BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
    private final byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    private final Graphics2D g = image.createGraphics();

    public Rasteriser() {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_SPEED);
    }

    /**
     * @param strokes polylines in pixel coordinates (x right, y down, (0, 0) the top-left corner of the image)
     * @param pen     the pen's width in pixels
     * @param inner   for hollow strokes, the width of paper left inside each (less than {@code pen}); 0 for solid
     * @return the image: a pixel is on when its centre lies inside a stroke (and outside every stroke's inside)
     */
    public Bitmap draw(List<Stroke> strokes, double pen, double inner) {
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, SIZE, SIZE);
        g.setColor(Color.WHITE);
        fill(strokes, pen);
        if (inner > 0) {
            g.setColor(Color.BLACK);
            fill(strokes, inner); // after all strokes, so that crossings stay open as in outline type
        }
        boolean[] on = new boolean[SIZE * SIZE];
        for (int i = 0; i < on.length; i++) {
            on[i] = (pixels[i] & 0xff) >= 128;
        }
        return new Bitmap(SIZE, SIZE, on);
    }

    private void fill(List<Stroke> strokes, double width) {
        BasicStroke pen = new BasicStroke((float) width, BasicStroke.CAP_SQUARE, BasicStroke.JOIN_BEVEL);
        for (Stroke s : strokes) {
            Shape outline = pen.createStrokedShape(path(s));
            g.fill(outline);
        }
    }

    private static Path2D path(Stroke s) {
        Path2D.Double p = new Path2D.Double(Path2D.WIND_NON_ZERO, s.points());
        p.moveTo(s.x(0), s.y(0));
        for (int i = 1; i < s.points(); i++) {
            p.lineTo(s.x(i), s.y(i));
        }
        return p;
    }
}
