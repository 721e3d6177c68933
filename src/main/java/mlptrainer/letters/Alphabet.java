package mlptrainer.letters;

import java.util.List;

/**
 * The 26 capital letters as pen strokes, written for this project (no font is read), in the unit
 * letter box: x 0..1 left to right, y 0..1 top (cap height) to bottom (baseline); see
 * {@link StrokeParser} for the path language. Each letter has a base form and, for some, an
 * alternate form that real typefaces also use (a flat-topped A, a splayed M, a J without a top bar...), and
 * for some a round form as uncial capitals draw them (a bowl and a stem for A and D, arches for H, M, N), so
 * that a letter can look very different between styles, as in the original's gothic and script fonts;
 * {@link Style} decides how often each form is drawn. Each letter also has a width relative to
 * its height, so that I is narrow and M wide before any style or distortion is applied.
 */
public final class Alphabet {
    /** Number of letters; labels are 0 (A) to 25 (Z). */
    public static final int LETTERS = 26;

    // width, base form, alternate form (or null), round form (or null); A to Z
    private static final Form[] FORMS = {
        form(0.80,
                "M 0 1 L .5 0 L 1 1 M .2 .62 L .8 .62",
                "M 0 1 L .36 0 L .64 0 L 1 1 M .18 .62 L .82 .62",
                "A .45 .66 .45 .34 0 360 M .9 .25 L .9 1"),
        form(0.68,
                "M 0 0 L 0 1 M 0 0 L .6 0 A .6 .25 .36 .25 90 -90 L 0 .5 M .6 .5 A .62 .75 .38 .25 90 -90 L 0 1",
                null,
                "M 0 0 L 0 1 M 0 .68 A .5 .68 .5 .32 180 540"),
        form(0.80,
                "A .55 .5 .5 .5 45 315",
                "A .55 .5 .5 .5 60 300",
                null),
        form(0.80,
                "M 0 0 L 0 1 M 0 0 L .45 0 A .45 .5 .55 .5 90 -90 L 0 1",
                null,
                "A .45 .66 .45 .34 0 360 M .9 .66 L .5 0"),
        form(0.62,
                "M 1 0 L 0 0 L 0 1 L 1 1 M 0 .5 L .8 .5",
                "A .55 .26 .45 .26 30 270 A .55 .76 .45 .24 90 330 M .1 .52 L .55 .52",
                "A .55 .5 .5 .5 50 310 M .05 .5 L .8 .5"),
        form(0.62,
                "M 1 0 L 0 0 L 0 1 M 0 .5 L .8 .5",
                "M 1 0 L .1 0 L .1 1 M 0 1 L .3 1 M 0 .5 L .7 .5",
                null),
        form(0.84,
                "A .5 .5 .5 .5 45 360 L .55 .5",
                "A .5 .5 .5 .5 45 360 L 1 1 M .6 .55 L 1 .55",
                "M 0 .08 L 1 .08 M .45 .08 L .45 .65 A .45 .8 .35 .2 90 -200"),
        form(0.78,
                "M 0 0 L 0 1 M 1 0 L 1 1 M 0 .5 L 1 .5",
                null,
                "M 0 0 L 0 1 M 0 .62 A .45 .62 .45 .3 180 0 L .9 1"),
        form(0.30,
                "M .5 0 L .5 1",
                "M .5 0 L .5 1 M 0 0 L 1 0 M 0 1 L 1 1",
                null),
        form(0.55,
                "M .25 0 L 1 0 M .8 0 L .8 .7 A .45 .7 .35 .3 0 -180",
                "M .8 0 L .8 .7 A .45 .7 .35 .3 0 -200",
                null),
        form(0.74,
                "M 0 0 L 0 1 M 1 0 L 0 .6 M .3 .42 L 1 1",
                "M 0 0 L 0 1 M 1 0 L 0 .55 L 1 1",
                null),
        form(0.60,
                "M 0 0 L 0 1 L 1 1",
                null,
                null),
        form(0.95,
                "M 0 1 L 0 0 L .5 .7 L 1 0 L 1 1",
                "M 0 1 L .15 0 L .5 .75 L .85 0 L 1 1",
                "M 0 .3 L 0 1 M 0 .6 A .25 .6 .25 .3 180 0 L .5 1 M .5 .6 A .75 .6 .25 .3 180 0 L 1 1"),
        form(0.80,
                "M 0 1 L 0 0 L 1 1 L 1 0",
                null,
                "M 0 .3 L 0 1 M 0 .62 A .5 .62 .5 .32 180 0 L 1 1"),
        form(0.88,
                "A .5 .5 .5 .5 90 450",
                null,
                null),
        form(0.68,
                "M 0 1 L 0 0 L .6 0 A .6 .27 .4 .27 90 -90 L 0 .54",
                null,
                null),
        form(0.88,
                "A .5 .5 .5 .5 90 450 M .62 .72 L 1 1",
                "A .5 .5 .5 .5 90 450 M .45 .6 L .95 1.05",
                null),
        form(0.70,
                "M 0 1 L 0 0 L .6 0 A .6 .27 .4 .27 90 -90 L 0 .54 M .45 .54 L 1 1",
                "M 0 1 L 0 0 L .6 0 A .6 .27 .4 .27 90 -90 L 0 .54 M 0 .54 L 1 1",
                null),
        form(0.68,
                "A .5 .25 .46 .25 20 270 A .5 .75 .48 .25 90 -160",
                "A .5 .25 .46 .25 10 270 A .5 .75 .48 .25 90 -180",
                null),
        form(0.78,
                "M 0 0 L 1 0 M .5 0 L .5 1",
                null,
                "M 0 .06 L 1 .06 M .5 .06 L .5 .7 A .75 .7 .25 .3 180 330"),
        form(0.78,
                "M 0 0 L 0 .65 A .5 .65 .5 .35 180 360 L 1 0",
                "M 0 0 L 0 .65 A .5 .65 .5 .35 180 360 L 1 0 M 1 0 L 1 1",
                null),
        form(0.80,
                "M 0 0 L .5 1 L 1 0",
                null,
                null),
        form(1.05,
                "M 0 0 L .25 1 L .5 .3 L .75 1 L 1 0",
                "M 0 0 L .3 1 L .5 .45 L .7 1 L 1 0",
                "M 0 .2 L 0 .7 A .25 .7 .25 .3 180 360 L .5 .45 M .5 .7 A .75 .7 .25 .3 180 360 L 1 .2"),
        form(0.78,
                "M 0 0 L 1 1 M 1 0 L 0 1",
                "M 0 0 L 1 1 M 1 0 L .55 .45 M .45 .55 L 0 1",
                null),
        form(0.80,
                "M 0 0 L .5 .5 L 1 0 M .5 .5 L .5 1",
                "M 0 0 L .55 .5 M 1 0 L .2 1",
                null),
        form(0.72,
                "M 0 0 L 1 0 L 0 1 L 1 1",
                "M 0 0 L 1 0 L 0 1 L 1 1 M .22 .5 L .78 .5",
                null),
    };

    private Alphabet() {
    }

    /** @return the letter for label 0..25 */
    public static char letter(int label) {
        return (char) ('A' + label);
    }

    /** @return the label 0..25 of capital {@code c}, or -1 when it is not one of A..Z */
    public static int label(char c) {
        return c >= 'A' && c <= 'Z' ? c - 'A' : -1;
    }

    /** Which of a letter's forms to draw. */
    public enum Variant {
        /** The usual form. */
        BASE,
        /** The alternate form where the letter has one, else the base form. */
        ALTERNATE,
        /** The round (uncial) form where the letter has one, else the alternate, else the base form. */
        ROUND
    }

    /** @return the strokes of letter {@code label} in the {@code variant} form, falling back as {@link Variant} says */
    public static List<Stroke> strokes(int label, Variant variant) {
        Form f = FORMS[label];
        if (variant == Variant.ROUND && f.round != null) {
            return f.round;
        }
        return variant != Variant.BASE && f.alternate != null ? f.alternate : f.base;
    }

    /** @return the letter's width relative to its height, before styles and distortion */
    public static double width(int label) {
        return FORMS[label].width;
    }

    private static Form form(double width, String base, String alternate, String round) {
        return new Form(width, StrokeParser.parse(base), parseOrNull(alternate), parseOrNull(round));
    }

    private static List<Stroke> parseOrNull(String path) {
        return path == null ? null : StrokeParser.parse(path);
    }

    private record Form(double width, List<Stroke> base, List<Stroke> alternate, List<Stroke> round) {
    }
}
