package mlptrainer.prepare;

import java.io.PrintWriter;
import java.io.StringWriter;
import mlptrainer.cli.Cli;
import mlptrainer.cli.PrepareCommand;

/** An in-process run of the {@code prepare} command: its exit code and what it printed. */
record PrepareRun(int exitCode, String out, String err) {
    static PrepareRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrepareCommand(), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new PrepareRun(code, out.toString(), err.toString());
    }
}
