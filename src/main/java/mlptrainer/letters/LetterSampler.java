package mlptrainer.letters;

import java.util.List;
import java.util.Random;

/**
 * Makes one generated row: picks a letter and a style, distorts it, draws it and measures it. Every row's
 * randomness comes from its own {@link Random}, seeded from (seed, file, row) alone, so any row can be made
 * on its own, in any order and on any thread, and still come out the same.
 *
 * <p>Thread-safe: the drawing surface is per thread.
 */
public final class LetterSampler {
    private static final ThreadLocal<Rasteriser> RASTERISER = ThreadLocal.withInitial(Rasteriser::new);
    private static final Style[] STYLES = Style.values();

    private final long seed;

    /** @param seed the data set's seed */
    public LetterSampler(long seed) {
        this.seed = seed;
    }

    /** One row: the label 0..25 and the 16 attributes scaled to 0..15. */
    public record Row(int label, int[] features) {
    }

    /**
     * @param file the file's number (by convention 0 for validation, 1.. for training shards)
     * @param row  the row's number within the file, from 0
     */
    public Row row(int file, long row) {
        Random r = new Random(rowSeed(seed, file, row));
        int label = r.nextInt(Alphabet.LETTERS);
        Bitmap image = draw(label, r);
        return new Row(label, FeatureScale.scale(Features.raw(image)));
    }

    /** @return the image of {@code label} drawn with randomness from {@code r} (for tests and previews) */
    static Bitmap draw(int label, Random r) {
        Style style = STYLES[r.nextInt(STYLES.length)];
        Alphabet.Variant variant = style.variant(r.nextDouble());
        Distortion d = Distortion.sample(r, style);
        List<Stroke> pixels = d.apply(style.apply(label, variant));
        return RASTERISER.get().draw(pixels, d.pen(), d.inner());
    }

    /**
     * Mixes the three numbers with SplitMix64's finaliser at each step, so that neighbouring rows and files
     * get unrelated seeds (java.util.Random's own seeding would leave them correlated).
     */
    static long rowSeed(long seed, int file, long row) {
        long h = mix(seed);
        h = mix(h ^ (file * 0x9E3779B97F4A7C15L));
        return mix(h ^ (row * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
