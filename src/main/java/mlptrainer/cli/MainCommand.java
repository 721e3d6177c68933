package mlptrainer.cli;

/** placeholder */
public final class MainCommand {
    public static void main(String[] args) {
    }
}
