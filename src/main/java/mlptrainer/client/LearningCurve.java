package mlptrainer.client;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws the learning curve of a job (validation error and mean training error per round) as a PNG
 * with JFreeChart. Runs headless: it sets {@code java.awt.headless=true} unless already set, so it
 * works on servers and in CI without a display.
 */
public final class LearningCurve {
    /** Image size in pixels. */
    public static final int WIDTH = 800;
    public static final int HEIGHT = 500;

    private LearningCurve() {
    }

    /** Writes the PNG; {@code title} heads the chart. @throws IOException when the file cannot be written */
    public static void writePng(List<RoundResult> rounds, String title, Path file) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart(rounds, title), WIDTH, HEIGHT);
    }

    static JFreeChart chart(List<RoundResult> rounds, String title) {
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
        style(chart.getXYPlot());
        return chart;
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0xD6, 0x27, 0x28));
        renderer.setSeriesPaint(1, new Color(0x1F, 0x77, 0xB4));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        plot.setRenderer(renderer);
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
    }
}
