package mlptrainer.data;

/**
 * Bad or unreadable data: the message names the file and, where there is one, the line
 * ("train_letters3.txt line 17: expected 17 columns, found 16"). Not worth retrying unchanged.
 */
public class DataException extends Exception {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
