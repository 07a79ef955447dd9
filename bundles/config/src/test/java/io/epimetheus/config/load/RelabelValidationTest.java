package io.epimetheus.config.load;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.config.ConfigException;
import io.epimetheus.api.config.NameValidationScheme;
import io.epimetheus.api.config.RelabelAction;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tables 2 and 3 of {@code conformance/relabel/README.md}: Prometheus's {@code TestRelabelValidate}
 * (fields not set are empty, as in the Go test) and {@code TestTargetLabelLegacyValidity}.
 */
class RelabelValidationTest {

    private static final NameValidationScheme UTF8 = NameValidationScheme.UTF8;
    private static final NameValidationScheme LEGACY = NameValidationScheme.LEGACY;

    private static RelabelReader.Parsed rule(RelabelAction action, List<String> sources, String regex,
            String target, String replacement) {
        return new RelabelReader.Parsed(sources, "", regex, false, 0, target, replacement, action, 1);
    }

    private static void rejected(RelabelReader.Parsed p, NameValidationScheme scheme, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> RelabelReader.validate(p, scheme));
        assertTrue(e.getMessage().contains(expected), () -> e.getMessage() + " should contain " + expected);
    }

    @Test
    void table2() {
        rejected(rule(null, List.of(), "", "", ""), UTF8, "relabel action cannot be empty");
        rejected(rule(RelabelAction.REPLACE, List.of(), "", "", ""), UTF8, "requires 'target_label' value");
        rejected(rule(RelabelAction.LOWERCASE, List.of(), "", "", ""), UTF8, "requires 'target_label' value");
        assertDoesNotThrow(() -> RelabelReader.validate(rule(RelabelAction.LOWERCASE, List.of(), "", "${3}", "$1"), UTF8));
        rejected(rule(RelabelAction.LOWERCASE, List.of(), "", "${3}", "$1"), LEGACY,
                "\"${3}\" is invalid 'target_label' for lowercase action");
        String re = "some-([^-]+)-([^,]+)";
        for (String target : List.of("${3}", "0${3}", "-${3}")) {
            assertDoesNotThrow(() -> RelabelReader.validate(rule(RelabelAction.REPLACE, List.of("a"), re, target, "${1}"), UTF8),
                    target);
        }
        assertDoesNotThrow(() -> RelabelReader.validate(rule(RelabelAction.LABELMAP, List.of(),
                "__meta_kubernetes_pod_label_(strimzi_io_.+)", "", "$1"), LEGACY));
        assertDoesNotThrow(() -> RelabelReader.validate(rule(RelabelAction.LABELMAP, List.of(), "__meta_(.+)", "", "${1}"), LEGACY));
    }

    @Test
    void table3LegacyTargetLabels() {
        String[][] cases = {
            {"-label", "false"}, {"label", "true"}, {"label${1}", "true"}, {"${1}label", "true"}, {"${1}", "true"},
            {"${", "false"}, {"$", "false"}, {"${}", "false"}, {"foo${", "false"}, {"$1", "true"},
            {"asd$2asd", "true"}, {"-foo${1}bar-", "false"}, {"bar.foo${1}bar", "false"}, {"_${1}_", "true"},
            {"foo${bar}foo", "true"},
        };
        for (String[] c : cases) {
            assertEquals(Boolean.parseBoolean(c[1]), RelabelReader.isValidNameWithVariables(c[0], LEGACY), c[0]);
        }
    }
}
