package mlptrainer.coordinator;

/** One-line words for a Throwable that ended a job or an attempt, for users: no stack trace. Stateless. */
final class Failures {
    /** An exception's own text can be anything; a status line stays readable. */
    private static final int MAX_DETAIL_CHARS = 300;

    private Failures() {
    }

    /**
     * @param where where it happened, read after "in": "round 3/15", "job 4"
     * @return e.g. "out of memory in round 3/15: Java heap space"
     */
    static String describe(Throwable t, String where) {
        String message = t.getMessage() == null || t.getMessage().isBlank() ? "" : ": " + clip(t.getMessage());
        if (t instanceof OutOfMemoryError) {
            return "out of memory in " + where + message;
        }
        if (t instanceof StackOverflowError) {
            return "stack overflow in " + where;
        }
        return "internal error in " + where + ": " + t.getClass().getSimpleName() + message;
    }

    private static String clip(String s) {
        return s.length() <= MAX_DETAIL_CHARS ? s : s.substring(0, MAX_DETAIL_CHARS) + "...";
    }
}
