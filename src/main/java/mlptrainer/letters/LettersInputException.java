package mlptrainer.letters;

/**
 * A data file that cannot be read as the format it should have. The message names the file and the
 * line, for example {@code letter-recognition.data line 7: unknown letter '1'}, and is meant to be shown
 * to the user as it is.
 */
public class LettersInputException extends RuntimeException {
    public LettersInputException(String message) {
        super(message);
    }
}
