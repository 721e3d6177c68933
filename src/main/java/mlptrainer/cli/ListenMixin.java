package mlptrainer.cli;

import java.nio.file.Path;
import mlptrainer.data.DataRoot;
import picocli.CommandLine.Option;

/** Where a server listens and which directory it may read data from: shared by the node and the coordinator. */
public final class ListenMixin {
    @Option(names = "--bind", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, every interface).")
    String bind;

    @Option(names = "--data-root", paramLabel = "DIR",
            description = "Directory data paths are resolved against; paths leading outside it are refused "
                    + "(default: the working directory).")
    Path dataRoot;

    /** @return the data root, checked to be a directory */
    DataRoot dataRoot() {
        return Args.dataRoot(dataRoot);
    }

    /** @return true when the server listens on every interface rather than one address */
    boolean everyInterface() {
        return "0.0.0.0".equals(bind) || "::".equals(bind);
    }
}
