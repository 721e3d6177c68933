package mlptrainer.cli;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import mlptrainer.coordinator.NodeAddress;
import mlptrainer.coordinator.NodeListFile;
import mlptrainer.data.DataException;
import mlptrainer.data.DataRoot;

/** Checks of command-line values that picocli's types do not cover; each failure is a {@link UserException}. */
final class Args {
    private Args() {
    }

    static void port(int port, String name, boolean zeroAllowed) {
        if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
            throw usage(name + " must be in " + (zeroAllowed ? 0 : 1) + "..65535, got " + port);
        }
    }

    static void probability(double p, String name) {
        if (!(p >= 0 && p <= 1)) {
            throw usage(name + " must be a probability in [0, 1], got " + p);
        }
    }

    static void atLeast(long value, long min, String name) {
        if (value < min) {
            throw usage(name + " must be >= " + min + ", got " + value);
        }
    }

    static void positiveFinite(double value, String name) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw usage(name + " must be a finite number > 0, got " + value);
        }
    }

    static DataRoot dataRoot(Path dir) {
        if (dir == null) {
            return DataRoot.workingDirectory();
        }
        if (!Files.isDirectory(dir)) {
            throw usage("--data-root " + dir + ": no such directory");
        }
        return new DataRoot(dir);
    }

    static NodeAddress address(String text, String option) {
        try {
            return NodeListFile.parse(text);
        } catch (DataException e) {
            throw usage(option + " " + text + ": expected HOST:PORT");
        }
    }

    /** Checks, before any work, that an output file's directory exists (null: no such output). */
    static void outputFile(Path file) {
        if (file == null) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw usage(file + ": directory " + parent + " does not exist; create it or choose another path");
        }
        if (Files.isDirectory(file)) {
            throw usage(file + " is a directory; give a file name");
        }
    }

    /** @return the port an --http option names (0: a free one), or null for 'off' */
    static Integer httpPort(String text) {
        if (text.equalsIgnoreCase("off")) {
            return null;
        }
        try {
            int p = Integer.parseInt(text.strip());
            port(p, "--http", true);
            return p;
        } catch (NumberFormatException e) {
            throw usage("--http must be a port (0..65535, 0 picks a free one) or 'off', got '" + text + "'");
        }
    }

    static UserException usage(String message) {
        return new UserException(ExitCodes.USAGE, message);
    }

    /** Something that binds a port. */
    interface Binder<T> {
        T bind() throws IOException;
    }

    /** Runs the binder, turning "address in use" and friends into a one-line user error. */
    static <T> T bound(Binder<T> binder, String address, int port) {
        try {
            return binder.bind();
        } catch (BindException e) {
            throw new UserException(ExitCodes.FAILED, "cannot listen on " + address + ":" + port + ": "
                    + e.getMessage() + " (is another server using the port?)", e);
        } catch (IOException e) {
            throw new UserException(ExitCodes.FAILED, "cannot listen on " + address + ":" + port + ": " + e.getMessage(), e);
        }
    }
}
