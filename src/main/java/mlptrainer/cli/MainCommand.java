package mlptrainer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** The jar's entry point: {@code java -jar mlp-trainer.jar <command> ...}, one subcommand per program. */
@Command(name = "mlp-trainer", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Distributed MLP trainer over Apache Thrift.",
        subcommands = {ComputeNodeCommand.class, CoordinatorCommand.class, ClientCommand.class, LocalClusterCommand.class,
                StatusCommand.class,
                LettersCommand.class,
                PrepareCommand.class,
                EvaluateCommand.class, PredictCommand.class,
                CommandLine.HelpCommand.class})
public final class MainCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    public static void main(String[] args) {
        Cli.main(new MainCommand(), args);
    }
}
