package mlptrainer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import mlptrainer.coordinator.NodeAddress;
import mlptrainer.coordinator.NodeListFile;
import org.junit.jupiter.api.Test;

/**
 * The shipped compute_nodes.txt lists exactly the nodes README's "Running each program by hand"
 * starts: a coordinator started by that recipe has no listed node that is not running.
 */
class ShippedNodeListTest {
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1");

    @Test
    void theByHandRecipeStartsEveryNodeOfTheShippedNodeList() throws Exception {
        List<Integer> started = recipeNodePorts(Files.readString(Path.of("README.md")));
        List<NodeAddress> listed = NodeListFile.read(Path.of("compute_nodes.txt"));

        assertFalse(started.isEmpty(), "the recipe starts nodes");
        assertTrue(listed.stream().allMatch(a -> LOCAL_HOSTS.contains(a.host())), listed.toString());
        assertEquals(started.stream().sorted().toList(), listed.stream().map(NodeAddress::port).sorted().toList());
    }

    /** @return the port of every {@code scripts/compute-node PORT} in the section's first code block */
    static List<Integer> recipeNodePorts(String readme) {
        int section = readme.indexOf("## Running each program by hand");
        assertTrue(section >= 0, "README has the section");
        int open = readme.indexOf("```sh\n", section);
        String block = readme.substring(open, readme.indexOf("```\n", open + 6));
        Matcher m = Pattern.compile("(?m)^scripts/compute-node (\\d+)").matcher(block);
        return m.results().map(r -> Integer.parseInt(r.group(1))).collect(Collectors.toList());
    }
}
