package mlptrainer.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;

/** A command's exit code and what it printed, from an in-process run. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(Callable<Integer> command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(command, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    String[] outLines() {
        return out.isEmpty() ? new String[0] : out.split("\\R");
    }
}
