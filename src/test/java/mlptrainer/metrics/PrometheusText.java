package mlptrainer.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page in the Prometheus text format (0.0.4), parsed strictly enough for tests: every line is a
 * HELP or TYPE comment or a sample {@code name{labels} value}, and every sample belongs to a family
 * whose TYPE came before it. Samples are kept by their name and labels as written.
 */
final class PrometheusText {
    private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*");
    private static final Pattern TYPE = Pattern.compile(
            "# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped|info|stateset|unknown)");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*})?"
                    + " (-?[0-9.]+(?:[eE][+-]?[0-9]+)?|NaN|\\+Inf|-Inf)( -?[0-9]+)?");
    private final Map<String, Double> samples = new HashMap<>();

    private PrometheusText() {
    }

    static PrometheusText parse(String page) {
        PrometheusText text = new PrometheusText();
        Set<String> typed = new HashSet<>();
        for (String line : page.split("\n", -1)) {
            Matcher m;
            if (line.isEmpty() || HELP.matcher(line).matches()) {
                continue;
            } else if ((m = TYPE.matcher(line)).matches()) {
                typed.add(m.group(1));
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                assertTrue(typed.stream().anyMatch(name::startsWith), "sample before its TYPE line: " + line);
                String key = name + (m.group(2) == null ? "" : m.group(2).replace(",}", "}"));
                text.samples.put(key, Double.parseDouble(m.group(3).replace("+Inf", "Infinity")));
            } else {
                fail("not Prometheus text format: '" + line + "'");
            }
        }
        return text;
    }

    /** @return the sample's value, or 0 when the page has no such sample (a labelled counter not yet touched) */
    double value(String nameAndLabels) {
        return samples.getOrDefault(nameAndLabels, 0.0);
    }

    /** @return whether the page has this sample */
    boolean has(String nameAndLabels) {
        return samples.containsKey(nameAndLabels);
    }

    /** @return how many samples of this name the page has, whatever their labels */
    long samplesNamed(String name) {
        return samples.keySet().stream().filter(k -> k.equals(name) || k.startsWith(name + "{")).count();
    }

    /** @return the sum of every sample of this name, whatever its labels */
    double sum(String name) {
        return samples.entrySet().stream().filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .mapToDouble(Map.Entry::getValue).sum();
    }
}
