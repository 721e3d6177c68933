package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import mlptrainer.data.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeListFileTest {
    @TempDir
    Path dir;

    @Test
    void readsEntriesSkippingCommentsAndBlankLines() throws Exception {
        Path f = Files.writeString(dir.resolve("compute_nodes.txt"),
                "# the nodes\n\nlocalhost,9090\n  10.0.0.2 , 9091   # second\r\n\n#host,1\nnode-3:9092\n");
        assertEquals(List.of(new NodeAddress("localhost", 9090), new NodeAddress("10.0.0.2", 9091),
                new NodeAddress("node-3", 9092)), NodeListFile.read(f));
    }

    @Test
    void emptyListIsAllowed() throws Exception {
        assertEquals(List.of(), NodeListFile.read(Files.writeString(dir.resolve("n.txt"), "# none yet\n")));
    }

    @Test
    void badPortNamesFileAndLine() throws Exception {
        Path f = Files.writeString(dir.resolve("n.txt"), "# c\nlocalhost,9090\nlocalhost,90x1\n");
        DataException e = assertThrows(DataException.class, () -> NodeListFile.read(f));
        assertTrue(e.getMessage().contains("n.txt line 3") && e.getMessage().contains("'90x1'"), e.getMessage());
    }

    @Test
    void portOutOfRangeNamesTheLine() throws Exception {
        Path f = Files.writeString(dir.resolve("n.txt"), "localhost,70000\n");
        DataException e = assertThrows(DataException.class, () -> NodeListFile.read(f));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("70000"), e.getMessage());
    }

    @Test
    void missingSeparatorOrHostNamesTheLine() throws Exception {
        Path f = Files.writeString(dir.resolve("n.txt"), "\nlocalhost\n");
        assertTrue(assertThrows(DataException.class, () -> NodeListFile.read(f)).getMessage().contains("line 2"));
        Path g = Files.writeString(dir.resolve("m.txt"), ",9090\n");
        assertTrue(assertThrows(DataException.class, () -> NodeListFile.read(g)).getMessage().contains("line 1"));
    }

    @Test
    void missingFileIsNamed() {
        DataException e = assertThrows(DataException.class, () -> NodeListFile.read(dir.resolve("none.txt")));
        assertTrue(e.getMessage().contains("none.txt") && e.getMessage().contains("no such file"), e.getMessage());
    }
}
