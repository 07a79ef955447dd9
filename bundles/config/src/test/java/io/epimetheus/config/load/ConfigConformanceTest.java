package io.epimetheus.config.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.epimetheus.api.config.ConfigException;
import io.epimetheus.api.config.FileGlob;
import io.epimetheus.api.discovery.DiscovererFactory;
import io.epimetheus.scrape.discovery.FileDiscovererFactory;
import io.epimetheus.scrape.discovery.StaticDiscovererFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every fixture of {@code conformance/config} (Prometheus's {@code config/testdata}): good ones
 * load, bad ones are rejected with the substring the README tabulates from Prometheus's tests.
 *
 * <p>Service discovery: Epimetheus ships the {@code static} and {@code file} plugins (the scrape
 * bundle, used here). A fixture with a {@code <type>_sd_configs} section of another Prometheus SD
 * type (ec2, azure, kubernetes, consul, dns, ...) needs a plugin that is not installed in this
 * test, so it must be rejected with the message naming the Karaf feature to install, for the first
 * such section in the file. This includes good fixtures ({@code conf.good.yml},
 * {@code roundtrip.good.yml}, {@code kubernetes_*.good.yml}, {@code scrape_interval_larger.good.yml})
 * and bad ones whose expected error is raised inside the plugin's section (all {@code kubernetes_*},
 * {@code azure_*}, {@code marathon_*}, ... bad fixtures): each of those is listed by the test name.
 * {@code consult_sd_configs} is not a Prometheus SD type, so {@code unknown_attr.bad.yml} keeps
 * its generic "field not found" expectation.
 *
 * <p>Agent mode does not exist in Epimetheus: the {@code agent_mode.*} fixtures are loaded in
 * normal mode, where they are valid. {@code config_with_deprecated_am_api_config.yml} uses
 * Alertmanager API v1, which Prometheus no longer accepts (README), so it must fail.
 */
class ConfigConformanceTest {

    private static final Path DIR = Path.of(System.getProperty("conformance.dir"), "config");
    private static final Pattern TABLE1_ROW = Pattern.compile("^\\| *\\d+ \\| `([^`]+)` \\| (.+) \\|$");
    private static final Pattern SD_KEY = Pattern.compile("^[\\s-]*([a-z0-9]+)_sd_configs\\s*:");
    private static final String PARSING_PREFIX = "parsing YAML file testdata/";

    private static final Map<String, String> TABLE2 = Map.ofEntries(
            Map.entry("scrape_config_files_double_import.bad.yml", "found multiple scrape configs with job name \"prometheus\""),
            Map.entry("scrape_config_files_duplicate.bad.yml", "found multiple scrape configs with job name \"prometheus\""),
            Map.entry("scrape_config_files_global.bad.yml",
                    "scrape timeout greater than scrape interval for scrape config with job name \"prometheus\""),
            Map.entry("scrape_config_files.bad.yml",
                    "scrape timeout greater than scrape interval for scrape config with job name \"prometheus\""),
            Map.entry("scrape_config_files_global_duplicate.bad.yml", "found multiple scrape configs with job name \"prometheus\""),
            Map.entry("otlp_allow_utf8.bad.yml", "unsupported OTLP translation strategy \"Invalid\""),
            Map.entry("otlp_allow_utf8.incompatible.yml",
                    "OTLP translation strategy \"NoUTF8EscapingWithSuffixes\" is not allowed when UTF8 is disabled"),
            Map.entry("otlp_no_translation.incompatible.yml",
                    "OTLP translation strategy \"NoTranslation\" is not allowed when UTF8 is disabled"),
            Map.entry("otlp_promote_all_resource_attributes.bad.yml",
                    "'promote_all_resource_attributes' and 'promote_resource_attributes' cannot be configured simultaneously"),
            Map.entry("otlp_ignore_resource_attributes_without_promote_all.bad.yml",
                    "'ignore_resource_attributes' cannot be configured unless 'promote_all_resource_attributes' is true"),
            Map.entry("config_with_deprecated_am_api_config.yml",
                    "expected Alertmanager api version to be one of [v2] but got v1"));

    private static final Map<String, List<String>> ALL_OF = Map.of(
            "otlp_sanitize_promote_resource_attributes.bad.yml", List.of("invalid 'promote_resource_attributes'",
                    "duplicated promoted OTel resource attribute \"k8s.job.name\"", "empty promoted OTel resource attribute"),
            "otlp_sanitize_ignore_resource_attributes.bad.yml", List.of("invalid 'ignore_resource_attributes'",
                    "duplicated ignored OTel resource attribute \"k8s.job.name\"", "empty ignored OTel resource attribute"));

    static ConfigLoader loader() {
        Map<String, DiscovererFactory> shipped = Map.of("static", new StaticDiscovererFactory(),
                "file", new FileDiscovererFactory());
        return new ConfigLoader(shipped::get, name -> null);
    }

    @TestFactory
    Stream<DynamicTest> fixtures() throws IOException {
        Map<String, String> table1 = table1();
        assertEquals(136, table1.size(), "README table 1 rows");
        ConfigLoader loader = loader();
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        for (Path file : files) {
            String name = DIR.relativize(file).toString();
            if (name.equals("static_config.bad.yml")) {
                continue; // a target group, not a prometheus.yml: see StaticConfigFixtureTest
            }
            String plugin = firstUnshippedSdType(file);
            if (plugin != null) {
                String feature = "feature:install epimetheus-sd-" + plugin;
                tests.add(DynamicTest.dynamicTest(name + " needs the " + plugin + " SD plugin",
                        () -> assertRejected(loader, file, List.of(feature))));
            } else if (table1.containsKey(name)) {
                tests.add(DynamicTest.dynamicTest(name, () -> assertRejected(loader, file, List.of(table1.get(name)))));
            } else if (TABLE2.containsKey(name)) {
                tests.add(DynamicTest.dynamicTest(name, () -> assertRejected(loader, file, List.of(TABLE2.get(name)))));
            } else if (ALL_OF.containsKey(name)) {
                tests.add(DynamicTest.dynamicTest(name, () -> assertRejected(loader, file, ALL_OF.get(name))));
            } else {
                tests.add(DynamicTest.dynamicTest(name + " loads", () -> {
                    try {
                        loader.load(file);
                    } catch (ConfigException e) {
                        fail(name + " must load: " + e.getMessage(), e);
                    }
                }));
            }
        }
        return tests.stream();
    }

    private static void assertRejected(ConfigLoader loader, Path file, List<String> substrings) {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(file),
                () -> file.getFileName() + " must be rejected");
        for (String expected : substrings) {
            String want = expected;
            if (want.startsWith(PARSING_PREFIX)) {
                // Prometheus prefixes "parsing YAML file <file>: "; ConfigException carries the file separately.
                String rest = want.substring(PARSING_PREFIX.length());
                String fixture = rest.substring(0, rest.indexOf(": "));
                assertTrue(e.file().endsWith(fixture), () -> "error names the file: " + e.getMessage());
                want = rest.substring(fixture.length() + 2);
            }
            String wanted = want;
            assertTrue(e.getMessage().contains(wanted),
                    () -> file.getFileName() + ": expected \"" + wanted + "\" in: " + e.getMessage());
        }
        assertTrue(e.file() != null && !e.file().isEmpty(), () -> "error names the file: " + e.getMessage());
    }

    /**
     * The first SD section (in load order: the file, then its {@code scrape_config_files}) of a
     * Prometheus SD type that Epimetheus does not ship.
     */
    private static String firstUnshippedSdType(Path file) throws IOException {
        List<String> includes = new ArrayList<>();
        boolean inIncludes = false;
        for (String line : Files.readAllLines(file)) {
            Matcher m = SD_KEY.matcher(line);
            if (m.find()) {
                String type = m.group(1);
                if (!type.equals("file") && SdCatalog.isPrometheusType(type)) {
                    return type;
                }
            }
            if (line.startsWith("scrape_config_files:")) {
                inIncludes = true;
            } else if (inIncludes && line.startsWith("  - ")) {
                includes.add(line.substring(4).strip());
            } else {
                inIncludes = false;
            }
        }
        for (String pattern : includes) {
            for (Path included : FileGlob.expand(file.getParent().resolve(pattern).toString())) {
                if (Files.isRegularFile(included)) {
                    String type = firstUnshippedSdType(included);
                    if (type != null) {
                        return type;
                    }
                }
            }
        }
        return null;
    }

    private static Map<String, String> table1() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DIR.resolve("README.md"))) {
            if (line.startsWith("## Table 2")) {
                break;
            }
            Matcher m = TABLE1_ROW.matcher(line);
            if (m.matches()) {
                String cell = m.group(2);
                String expected = cell.startsWith("``") ? cell.substring(2, cell.length() - 2).strip()
                        : cell.substring(1, cell.length() - 1);
                rows.put(m.group(1), expected);
            }
        }
        return rows;
    }
}
