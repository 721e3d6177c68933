package mlptrainer.cli;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** A client command about one job: {@code client attach|cancel|model|metrics HOST PORT ID ...}. */
abstract class OneJobCommand extends JobCommand {
    @Parameters(index = "2", paramLabel = "ID", description = "The job's id (client jobs lists them).")
    String jobId;

    /** A command that writes one of the job's results to a file: {@code client model|metrics HOST PORT ID FILE}. */
    abstract static class ToFile extends OneJobCommand {
        @Parameters(index = "3", paramLabel = "FILE", description = "Where to write it.")
        Path file;

        @Override
        void checkArguments() {
            Args.outputFile(file);
        }
    }
}
