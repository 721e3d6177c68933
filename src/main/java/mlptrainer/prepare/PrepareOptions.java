package mlptrainer.prepare;

import java.nio.file.Path;

/**
 * What {@code prepare} is asked to do. Immutable.
 *
 * @param input              the CSV or TSV file
 * @param output             the data directory to write
 * @param label              the label column: a header name or a 1-based number; null for the last column
 * @param header             whether the first row names the columns; null to detect it
 * @param delimiter          the field delimiter; 0 to detect it (',', tab or ';')
 * @param shards             training files to write, at least 1
 * @param validationFraction the share of rows held out for validation, in (0, 1); ignored with a validation file
 * @param validationFile     a file with the same columns to use as the validation set, or null
 * @param seed               seeds the split; the same input, options and seed give the same bytes
 * @param force              whether an output directory that is not empty may be written into
 */
public record PrepareOptions(Path input, Path output, String label, Boolean header, char delimiter, int shards,
        double validationFraction, Path validationFile, long seed, boolean force) {
}
