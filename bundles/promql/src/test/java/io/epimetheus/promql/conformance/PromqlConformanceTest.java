package io.epimetheus.promql.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.promql.engine.EngineSettings;
import io.epimetheus.promql.engine.PromqlEngine;
import io.epimetheus.promql.parse.ParserOptions;
import io.epimetheus.promql.testing.ScriptRunner;
import io.epimetheus.promql.testing.TestScript;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every eval statement of the upstream PromQL test scripts in {@code
 * ${conformance.dir}/promql}, unchanged. Statements that need native histograms or start
 * timestamps, which the storage API does not carry, are skipped only if listed with a reason in
 * {@code promql-conformance-skips.txt}; every other statement must pass.
 */
class PromqlConformanceTest {

    /** The engine configuration the upstream harness uses (promqltest's NewTestEngine). */
    static final EngineSettings TEST_SETTINGS = new EngineSettings(300_000, 100_000, 10_000, 4, 60_000,
            ParserOptions.ALL, true, false);

    @Test
    void upstreamScriptsPass() throws IOException {
        Path dir = Path.of(System.getProperty("conformance.dir"), "promql");
        Map<String, String> skips = skipList();
        PromqlEngine engine = new PromqlEngine(TEST_SETTINGS);
        int passed = 0;
        int total = 0;
        int skipped = 0;
        List<String> failures = new ArrayList<>();
        List<String> unusedSkips = new ArrayList<>(skips.keySet());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            TestScript script = TestScript.parse(Files.readString(file));
            ScriptRunner runner = new ScriptRunner(engine);
            for (TestScript.Command cmd : script.commands) {
                if (!(cmd instanceof TestScript.Eval eval)) {
                    runner.apply(cmd);
                    continue;
                }
                String key = name + ":" + eval.line;
                if (skips.containsKey(key)) {
                    skipped++;
                    unusedSkips.remove(key);
                    continue;
                }
                total++;
                String err = runner.run(eval);
                if (err == null) {
                    passed++;
                } else {
                    failures.add(key + " " + eval.expr + "\n    " + err);
                }
            }
        }
        System.out.println("promql conformance: " + passed + "/" + total + " evaluated, " + skipped + " skipped");
        failures.forEach(f -> System.out.println("FAILED " + f));
        assertTrue(unusedSkips.isEmpty(), "skip list entries without an eval statement: " + unusedSkips);
        assertTrue(failures.isEmpty(), failures.size() + " statements failed, first: " + (failures.isEmpty() ? ""
                : failures.get(0)));
    }

    /** {@code file:line} → reason, from the skip list. */
    private static Map<String, String> skipList() throws IOException {
        Map<String, String> skips = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                PromqlConformanceTest.class.getResourceAsStream("/promql-conformance-skips.txt"),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int space = line.indexOf(' ');
                if (space < 0) {
                    throw new IllegalStateException("skip list entry without a reason: " + line);
                }
                skips.put(line.substring(0, space), line.substring(space + 1).strip());
            }
        }
        return skips;
    }
}
