package mlptrainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import org.junit.jupiter.api.Test;

/**
 * docs/options.md lists every option and parameter of every program, as picocli knows them: this
 * test renders the page from the commands and fails when the committed page differs (an option
 * added, renamed or re-described without the docs), and when README.md or docs/ name an option
 * that no program has. {@code -Dupdate.docs=true} rewrites the page instead.
 */
class OptionsDocTest {
    private static final Path PAGE = Path.of("docs", "options.md");
    /** Options that the launchers or the JVM take, not a program: named in the docs on purpose. */
    private static final List<String> NOT_PROGRAM_OPTIONS = List.of("--add-modules", "--user-data-dir");
    private static final Pattern OPTION_IN_DOCS = Pattern.compile("`(--[a-z][a-z0-9-]*)");
    /** A case label of a script's option loop: {@code --e2e)} or {@code -h|--help)}. */
    private static final Pattern SCRIPT_OPTION = Pattern.compile("^\\s*(?:-[a-z]\\|)?(--[a-z][a-z0-9-]*)(?:\\|[^)]*)?\\)",
            Pattern.MULTILINE);

    private static List<CommandLine> programs() {
        List<CommandLine> out = new ArrayList<>();
        CommandLine main = new CommandLine(new MainCommand());
        main.getSubcommands().values().stream().filter(c -> !c.getCommandName().equals("help")).forEach(out::add);
        out.add(new CommandLine(new FaultProxyCommand()));
        return out;
    }

    static String render() {
        StringBuilder md = new StringBuilder();
        md.append("# Command-line options\n\n")
                .append("Every option and parameter of every program, as `--help` prints it. The launchers in `scripts/`\n")
                .append("run these programs (`scripts/compute-node`, `scripts/coordinator`, `scripts/client`, ...).\n")
                .append("This page is generated from the code (`mvn -B test -Dtest=OptionsDocTest -Dupdate.docs=true`)\n")
                .append("and `OptionsDocTest` fails when the two differ.\n");
        for (CommandLine program : programs()) {
            renderCommand(md, program, program.getCommandName());
        }
        return md.toString();
    }

    private static void renderCommand(StringBuilder md, CommandLine command, String path) {
        CommandSpec spec = command.getCommandSpec();
        md.append("\n## ").append(path).append("\n\n").append(oneLine(spec.usageMessage().description())).append("\n\n");
        md.append("| option or parameter | default | meaning |\n|---|---|---|\n");
        for (PositionalParamSpec p : spec.positionalParameters()) {
            md.append("| `").append(p.paramLabel()).append("` | ").append(defaultOf(p.defaultValue())).append(" | ")
                    .append(oneLine(p.description())).append(" |\n");
        }
        for (OptionSpec o : spec.options()) {
            md.append("| `").append(String.join("`, `", o.names())).append(o.arity().max > 0 ? " " + o.paramLabel() : "")
                    .append("` | ").append(defaultOf(o.defaultValue())).append(" | ").append(oneLine(o.description()))
                    .append(" |\n");
        }
        command.getSubcommands().values().stream().filter(c -> !c.getCommandName().equals("help"))
                .forEach(sub -> renderCommand(md, sub, path + " " + sub.getCommandName()));
    }

    private static String defaultOf(String value) {
        return value == null || value.isEmpty() ? "" : "`" + value.replace("|", "\\|") + "`";
    }

    private static String oneLine(String[] description) {
        return String.join(" ", description).replace("%n", " ").replace("|", "\\|").replaceAll("\\s+", " ").trim();
    }

    @Test
    void theOptionsPageListsEveryOptionOfEveryProgramAsTheCodeDescribesIt() throws Exception {
        String expected = render();
        if (Boolean.getBoolean("update.docs")) {
            Files.writeString(PAGE, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(PAGE) ? Files.readString(PAGE, StandardCharsets.UTF_8) : "";
        assertEquals(expected, actual, PAGE + " differs from the programs' options: run this test with "
                + "-Dupdate.docs=true and commit the page");
    }

    @Test
    void theDocsNameNoOptionThatNoProgramHas() throws Exception {
        List<String> known = new ArrayList<>(NOT_PROGRAM_OPTIONS);
        for (CommandLine program : programs()) {
            collectNames(program, known);
        }
        collectScriptOptions(known);
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (var files = Files.list(Path.of("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        }
        List<String> unknown = new ArrayList<>();
        for (Path doc : docs) {
            Matcher m = OPTION_IN_DOCS.matcher(Files.readString(doc, StandardCharsets.UTF_8));
            while (m.find()) {
                if (!known.contains(m.group(1))) {
                    unknown.add(doc + ": " + m.group(1));
                }
            }
        }
        assertTrue(unknown.isEmpty(), "options named in the docs that no program has: " + unknown);
    }

    /** The options the scripts' own option loops take (scripts/*.sh: local-cluster.sh, bench.sh, ...). */
    private static void collectScriptOptions(List<String> into) throws IOException {
        try (var files = Files.list(Path.of("scripts"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sh")).toList()) {
                Matcher m = SCRIPT_OPTION.matcher(Files.readString(f, StandardCharsets.UTF_8));
                while (m.find()) {
                    into.add(m.group(1));
                }
            }
        }
    }

    private static void collectNames(CommandLine command, List<String> into) {
        command.getCommandSpec().options().forEach(o -> {
            into.addAll(List.of(o.names()));
            if (o.negatable()) { // picocli also accepts --no-NAME for --NAME
                List.of(o.names()).forEach(n -> into.add(n.replaceFirst("^--", "--no-")));
            }
        });
        command.getSubcommands().values().forEach(sub -> collectNames(sub, into));
    }
}
