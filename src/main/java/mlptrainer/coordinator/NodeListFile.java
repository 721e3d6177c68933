package mlptrainer.coordinator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mlptrainer.data.DataException;

/**
 * Reads {@code compute_nodes.txt}: one {@code host,port} per line; blank lines and lines starting
 * with {@code #} are skipped; a {@code #} after an entry starts a comment.
 */
public final class NodeListFile {
    private NodeListFile() {
    }

    /** @return the nodes in file order (may be empty: nodes can also join) */
    public static List<NodeAddress> read(Path file) throws DataException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file (the node list: one host,port per line)");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
        List<NodeAddress> nodes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = stripComment(lines.get(i));
            if (!line.isEmpty()) {
                nodes.add(parseLine(line, file, i + 1));
            }
        }
        return nodes;
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return (hash >= 0 ? line.substring(0, hash) : line).strip();
    }

    /** Parses "host,port" (also "host:port"), naming the file and line on error. */
    static NodeAddress parseLine(String line, Object file, int lineNo) throws DataException {
        int sep = line.lastIndexOf(',');
        if (sep < 0) {
            sep = line.lastIndexOf(':');
        }
        if (sep <= 0) {
            throw new DataException(file + " line " + lineNo + ": expected host,port, found '" + line + "'");
        }
        String host = line.substring(0, sep).strip();
        String port = line.substring(sep + 1).strip();
        try {
            return new NodeAddress(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new DataException(file + " line " + lineNo + ": port '" + port + "' is not a number");
        } catch (IllegalArgumentException e) {
            throw new DataException(file + " line " + lineNo + ": " + e.getMessage());
        }
    }

    /** Parses "host:port" or "host,port" as typed on a command line. */
    public static NodeAddress parse(String text) throws DataException {
        return parseLine(text.strip(), "address", 1);
    }
}
