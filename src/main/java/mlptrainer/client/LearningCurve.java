package mlptrainer.client;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws the learning curve of a job (validation error and mean training error per round) with
 * JFreeChart, as a PNG, or as an SVG ({@link LearningCurveSvg}) when the file's name ends in
 * ".svg": a short title, the settings in a smaller subtitle, the best round marked, markers on the
 * points only when there are few, and a y axis fitted to the errors (not from 0, so a plateau
 * shows). Runs headless: it sets {@code java.awt.headless=true} unless already set, so it works on
 * servers and in CI without a display. Stateless and thread-safe.
 */
public final class LearningCurve {
    /** Image size in pixels. */
    public static final int WIDTH = 800;
    public static final int HEIGHT = 500;
    /** With more rounds than this, the curves are lines only: markers would merge into a band. */
    static final int MAX_ROUNDS_WITH_MARKERS = 30;
    static final Color VALIDATION = new Color(0xD6, 0x27, 0x28);
    static final Color TRAINING = new Color(0x1F, 0x77, 0xB4);
    static final Color BEST = new Color(0x2C, 0xA0, 0x2C);

    private LearningCurve() {
    }

    /**
     * Writes the chart, as SVG when the file's name ends in ".svg" (any case), else as PNG.
     *
     * @param title    the heading, short (the data's name)
     * @param subtitle the settings, in smaller text under it
     * @throws IOException when the file cannot be written
     */
    public static void write(List<RoundResult> rounds, String title, String subtitle, Path file) throws IOException {
        if (isSvg(file)) {
            LearningCurveSvg.write(rounds, title, subtitle, yRange(rounds), file);
            return;
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart(rounds, title, subtitle), WIDTH, HEIGHT);
    }

    static boolean isSvg(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".svg");
    }

    /** @return the round with the lowest validation error (the first of equals), if any round ended */
    static Optional<BestRound> best(List<RoundResult> rounds) {
        return rounds.stream().min(Comparator.comparingDouble(RoundResult::validationError))
                .map(r -> new BestRound(r.round(), r.validationError()));
    }

    /** @return the error axis' range: both curves with a margin, not forced to include 0 */
    static Range yRange(List<RoundResult> rounds) {
        return chart(rounds, "", "").getXYPlot().getRangeAxis().getRange();
    }

    static JFreeChart chart(List<RoundResult> rounds, String title, String subtitle) {
        XYSeries validation = new XYSeries("validation error");
        XYSeries training = new XYSeries("mean training error");
        for (RoundResult r : rounds) {
            validation.add(r.round(), r.validationError());
            training.add(r.round(), r.meanTrainingError());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(validation);
        data.addSeries(training);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "round", "error rate", data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        TextTitle settings = new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        settings.setPaint(Color.DARK_GRAY);
        chart.addSubtitle(0, settings);
        style(chart.getXYPlot(), rounds.size() <= MAX_ROUNDS_WITH_MARKERS);
        best(rounds).ifPresent(b -> chart.getXYPlot().addDomainMarker(bestMarker(b)));
        return chart;
    }

    static String bestLabel(BestRound b) {
        return String.format(Locale.ROOT, "best: round %d, %.4f", b.round(), b.validationError());
    }

    private static ValueMarker bestMarker(BestRound b) {
        ValueMarker m = new ValueMarker(b.round(), BEST, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        m.setLabel(bestLabel(b));
        m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        m.setLabelPaint(BEST);
        m.setLabelBackgroundColor(new Color(255, 255, 255, 220));
        m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        m.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        return m;
    }

    private static void style(XYPlot plot, boolean markers) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, markers);
        renderer.setSeriesPaint(0, VALIDATION);
        renderer.setSeriesPaint(1, TRAINING);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        plot.setRenderer(renderer);
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis errors = (NumberAxis) plot.getRangeAxis();
        errors.setAutoRangeIncludesZero(false);
        errors.setAutoRangeMinimumSize(0.01);
    }
}
