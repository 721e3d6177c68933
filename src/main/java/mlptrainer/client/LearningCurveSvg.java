package mlptrainer.client;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.jfree.data.Range;

/**
 * The learning curve as a small SVG document written here (JFreeSVG, which would render the
 * JFreeChart itself, is GPL-licensed): the same title, subtitle, colours, y range, best-round mark
 * and markers rule as {@link LearningCurve}'s PNG, each curve one {@code polyline} with a point
 * per round. Stateless and thread-safe.
 */
final class LearningCurveSvg {
    private static final int LEFT = 70;
    private static final int RIGHT = LearningCurve.WIDTH - 20;
    private static final int TOP = 70;
    private static final int BOTTOM = LearningCurve.HEIGHT - 70;
    private static final int Y_TICKS = 5;
    private static final int MAX_X_TICKS = 10;
    /** Space left of the first round and right of the last, as a share of the rounds' span. */
    private static final double X_MARGIN = 0.02;

    private LearningCurveSvg() {
    }

    /** Writes the document; {@code errors} is the y axis' range. */
    static void write(List<RoundResult> rounds, String title, String subtitle, Range errors, Path file)
            throws IOException {
        Files.writeString(file, svg(rounds, title, subtitle, errors), StandardCharsets.UTF_8);
    }

    static String svg(List<RoundResult> rounds, String title, String subtitle, Range errors) {
        Scale scale = new Scale(rounds, errors);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %1$d %2$d\" font-family=\"sans-serif\">%n", LearningCurve.WIDTH, LearningCurve.HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(svg, LearningCurve.WIDTH / 2, 28, "middle", 16, "black", "bold", title);
        text(svg, LearningCurve.WIDTH / 2, 48, "middle", 11, "#404040", "normal", subtitle);
        axes(svg, scale);
        curve(svg, "validation", LearningCurve.VALIDATION, rounds, RoundResult::validationError, scale);
        curve(svg, "training", LearningCurve.TRAINING, rounds, RoundResult::meanTrainingError, scale);
        LearningCurve.best(rounds).ifPresent(b -> best(svg, b, scale));
        legend(svg);
        return svg.append("</svg>\n").toString();
    }

    /** Maps rounds and errors to the plot area's pixels. */
    private record Scale(int firstRound, int lastRound, Range errors) {
        Scale(List<RoundResult> rounds, Range errors) {
            this(rounds.isEmpty() ? 1 : rounds.get(0).round(), rounds.isEmpty() ? 1 : rounds.get(rounds.size() - 1)
                    .round(), errors);
        }

        double x(double round) {
            double span = Math.max(1, lastRound - firstRound) * (1 + 2 * X_MARGIN);
            return LEFT + (round - firstRound + X_MARGIN * Math.max(1, lastRound - firstRound)) * (RIGHT - LEFT) / span;
        }

        double y(double error) {
            return BOTTOM - (error - errors.getLowerBound()) * (BOTTOM - TOP) / errors.getLength();
        }
    }

    private static void axes(StringBuilder svg, Scale s) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#808080\"/>%n", LEFT, TOP, RIGHT - LEFT, BOTTOM - TOP));
        errorTicks(svg, s);
        roundTicks(svg, s);
        text(svg, (LEFT + RIGHT) / 2.0, BOTTOM + 34, "middle", 12, "black", "normal", "round");
        svg.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\" "
                + "transform=\"rotate(-90 18 %1$d)\">error rate</text>%n", (TOP + BOTTOM) / 2));
    }

    /** Grid lines and labels at round multiples of 1, 2 or 5 times a power of ten. */
    private static void errorTicks(StringBuilder svg, Scale s) {
        double step = niceStep(s.errors().getLength() / Y_TICKS);
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        for (long i = (long) Math.ceil(s.errors().getLowerBound() / step - 1e-9); i * step <= s.errors()
                .getUpperBound() + 1e-12; i++) {
            double y = s.y(i * step);
            gridLine(svg, LEFT, y, RIGHT, y);
            text(svg, LEFT - 6, y + 4, "end", 11, "#404040", "normal", String.format(Locale.ROOT, "%." + decimals
                    + "f", i * step));
        }
    }

    private static void roundTicks(StringBuilder svg, Scale s) {
        int step = Math.max(1, (int) niceStep((s.lastRound() - s.firstRound()) / (double) MAX_X_TICKS));
        for (int r = s.firstRound(); r <= s.lastRound(); r += step) {
            gridLine(svg, s.x(r), TOP, s.x(r), BOTTOM);
            text(svg, s.x(r), BOTTOM + 16, "middle", 11, "#404040", "normal", Integer.toString(r));
        }
    }

    /** @return the smallest of 1, 2 and 5 times a power of ten that is at least {@code rough} */
    static double niceStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double m : new double[] {1, 2, 5}) {
            if (m * power >= rough - 1e-12) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static void curve(StringBuilder svg, String name, Color colour, List<RoundResult> rounds,
            ToDoubleFunction<RoundResult> error, Scale s) {
        StringBuilder points = new StringBuilder();
        for (RoundResult r : rounds) {
            points.append(points.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f,%.2f",
                    s.x(r.round()), s.y(error.applyAsDouble(r))));
        }
        svg.append(String.format(Locale.ROOT, "<polyline class=\"%s\" points=\"%s\" fill=\"none\" stroke=\"%s\" "
                + "stroke-width=\"2\"/>%n", name, points, hex(colour)));
        if (rounds.size() <= LearningCurve.MAX_ROUNDS_WITH_MARKERS) {
            for (RoundResult r : rounds) {
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3\" fill=\"%s\"/>%n",
                        s.x(r.round()), s.y(error.applyAsDouble(r)), hex(colour)));
            }
        }
    }

    private static void best(StringBuilder svg, BestRound b, Scale s) {
        double x = s.x(b.round());
        svg.append(String.format(Locale.ROOT, "<line class=\"best\" x1=\"%.2f\" y1=\"%d\" x2=\"%1$.2f\" y2=\"%d\" "
                + "stroke=\"%s\" stroke-dasharray=\"6 4\"/>%n", x, TOP, BOTTOM, hex(LearningCurve.BEST)));
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"5\" fill=\"none\" stroke=\"%s\" "
                + "stroke-width=\"2\"/>%n", x, s.y(b.validationError()), hex(LearningCurve.BEST)));
        boolean leftOfMark = x > (LEFT + RIGHT) / 2.0;
        text(svg, x + (leftOfMark ? -6 : 6), TOP + 14, leftOfMark ? "end" : "start", 11, hex(LearningCurve.BEST),
                "normal", LearningCurve.bestLabel(b));
    }

    private static void legend(StringBuilder svg) {
        int y = LearningCurve.HEIGHT - 14;
        int x = LearningCurve.WIDTH / 2 - 130;
        for (String[] entry : new String[][] {{"validation error", hex(LearningCurve.VALIDATION)},
                {"mean training error", hex(LearningCurve.TRAINING)}}) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%2$d\" stroke=\"%s\" "
                    + "stroke-width=\"2\"/>%n", x, y - 4, x + 20, entry[1]));
            text(svg, x + 26, y, "start", 11, "black", "normal", entry[0]);
            x += 140;
        }
    }

    private static void gridLine(StringBuilder svg, double x1, double y1, double x2, double y2) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
                + "stroke=\"#D3D3D3\" stroke-width=\"0.5\"/>%n", x1, y1, x2, y2));
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, int size, String fill,
            String weight, String content) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"%s\" font-size=\"%d\" "
                + "fill=\"%s\" font-weight=\"%s\">%s</text>%n", x, y, anchor, size, fill, weight, escape(content)));
    }

    private static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02X%02X%02X", c.getRed(), c.getGreen(), c.getBlue());
    }

    /** Text in XML: a data directory's name may hold any character. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c < 0x20 && c != '\t' ? ' ' : c);
            }
        }
        return out.toString();
    }
}
