package mlptrainer.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.data.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The learning curve: short title, settings beneath, best round marked, y axis fitted, PNG and SVG. */
class LearningCurveTest {
    private static final String SUBTITLE = "100 rounds, 1 epochs, h 384, eta 0.3, {optimizer=momentum, batch_size=32}";

    @TempDir
    Path tmp;

    /** A plateau above 0.5: validation falls from 0.9 to 0.6 by round 12, then stays; round 40 is the best. */
    private static List<RoundResult> plateau(int n) {
        List<RoundResult> rounds = new ArrayList<>();
        for (int r = 1; r <= n; r++) {
            double v = r == 40 ? 0.55 : 0.6 + Math.max(0, 12 - r) * 0.025 + (r % 3) * 0.002;
            rounds.add(new RoundResult(r, v, v + 0.05, 100, 1));
        }
        return rounds;
    }

    @Test
    void theErrorAxisFitsTheErrorsInsteadOfStartingAtZero() {
        List<RoundResult> rounds = plateau(100);
        Range y = LearningCurve.yRange(rounds);
        assertTrue(y.getLowerBound() > 0.4, "the plateau above 0.5 is not squashed against 0: " + y);
        for (RoundResult r : rounds) {
            assertTrue(y.contains(r.validationError()) && y.contains(r.meanTrainingError()), y + " holds " + r);
        }
    }

    @Test
    void theTitleIsShortTheSettingsAreASubtitleAndTheBestRoundIsMarked() {
        JFreeChart chart = LearningCurve.chart(plateau(100), "Learning curve: letters", SUBTITLE);
        assertEquals("Learning curve: letters", chart.getTitle().getText());
        TextTitle settings = (TextTitle) chart.getSubtitle(0);
        assertEquals(SUBTITLE, settings.getText());
        assertTrue(settings.getFont().getSize() < chart.getTitle().getFont().getSize());
        assertEquals(1, chart.getXYPlot().getDomainMarkers(Layer.FOREGROUND).size());
        assertEquals("best: round 40, 0.5500", ((ValueMarker) chart.getXYPlot()
                .getDomainMarkers(Layer.FOREGROUND).iterator().next()).getLabel());
    }

    @Test
    void markersOnlyWhenThereAreFewRounds() {
        XYLineAndShapeRenderer many = (XYLineAndShapeRenderer) LearningCurve.chart(plateau(100), "t", "s").getXYPlot()
                .getRenderer();
        XYLineAndShapeRenderer few = (XYLineAndShapeRenderer) LearningCurve.chart(plateau(15), "t", "s").getXYPlot()
                .getRenderer();
        assertFalse(many.getDefaultShapesVisible());
        assertTrue(few.getDefaultShapesVisible());
    }

    @Test
    void thePngIsWritten() throws Exception {
        Path png = tmp.resolve("curve.png");
        LearningCurve.write(plateau(100), "Learning curve: letters", SUBTITLE, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(LearningCurve.WIDTH, image.getWidth());
        assertEquals(LearningCurve.HEIGHT, image.getHeight());
    }

    @Test
    void theSvgIsXmlWithAPointPerRoundOnEachCurve() throws Exception {
        List<RoundResult> rounds = plateau(100);
        Path svg = tmp.resolve("curve.SVG");
        LearningCurve.write(rounds, "Learning curve: a&b <letters>", SUBTITLE, svg);

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getTagName());
        double[][] validation = points(doc, "validation");
        assertEquals(rounds.size(), validation.length);
        assertEquals(rounds.size(), points(doc, "training").length);
        for (int i = 1; i < rounds.size(); i++) {
            assertTrue(validation[i][0] > validation[i - 1][0], "rounds left to right");
            int cmp = Double.compare(rounds.get(i).validationError(), rounds.get(i - 1).validationError());
            assertEquals(cmp, -Double.compare(validation[i][1], validation[i - 1][1]), "lower error, higher point");
        }
        assertTrue(doc.getDocumentElement().getTextContent().contains("Learning curve: a&b <letters>"));
        assertTrue(doc.getDocumentElement().getTextContent().contains("best: round 40, 0.5500"));
        assertEquals(1, doc.getElementsByTagName("circle").getLength(), "no markers on 100 rounds, only the best's");
    }

    private static double[][] points(Document doc, String curve) {
        NodeList lines = doc.getElementsByTagName("polyline");
        for (int i = 0; i < lines.getLength(); i++) {
            Element e = (Element) lines.item(i);
            if (e.getAttribute("class").equals(curve)) {
                String[] pairs = e.getAttribute("points").trim().split("\\s+");
                double[][] out = new double[pairs.length][];
                for (int p = 0; p < pairs.length; p++) {
                    String[] xy = pairs[p].split(",");
                    out[p] = new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])};
                }
                return out;
            }
        }
        throw new AssertionError("no polyline " + curve);
    }

    @Test
    void theSubtitleShowsEtaAsTyped() {
        TrainingRequest r = new TrainingRequest("/data/letters", 15, 50, 24, 26, 0.0001, java.util.Map.of());
        assertEquals("Learning curve: letters", r.plotTitle());
        assertEquals("15 rounds, 50 epochs, h 24, eta 0.0001", r.plotSubtitle());
    }
}
