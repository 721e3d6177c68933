package mlptrainer.client;

/** A model file that cannot be read or is not a valid model: the message names the file and, when known, the line. */
public final class ModelFileException extends Exception {
    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
