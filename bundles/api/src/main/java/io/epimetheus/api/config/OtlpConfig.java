package io.epimetheus.api.config;

import java.util.List;

/**
 * The {@code otlp} section: how OTLP metrics received are translated.
 *
 * @param promoteAllResourceAttributes whether every resource attribute becomes a label
 * @param promoteResourceAttributes resource attributes promoted to labels
 * @param ignoreResourceAttributes resource attributes not promoted when all are
 * @param translationStrategy how names are translated ({@code UnderscoreEscapingWithSuffixes} by default)
 * @param keepIdentifyingResourceAttributes whether {@code service.*} attributes stay on {@code target_info}
 * @param convertHistogramsToNhcb whether explicit-bucket histograms become custom-bucket native histograms
 * @param promoteScopeMetadata whether scope name, version and attributes become labels
 * @param labelNameUnderscoreSanitization whether {@code key_} is prepended to labels starting with {@code _}
 * @param labelNamePreserveMultipleUnderscores whether runs of underscores are preserved
 */
public record OtlpConfig(boolean promoteAllResourceAttributes, List<String> promoteResourceAttributes,
        List<String> ignoreResourceAttributes, String translationStrategy,
        boolean keepIdentifyingResourceAttributes, boolean convertHistogramsToNhcb, boolean promoteScopeMetadata,
        boolean labelNameUnderscoreSanitization, boolean labelNamePreserveMultipleUnderscores) {

    /** Prometheus's defaults. */
    public static final OtlpConfig DEFAULT = new OtlpConfig(false, List.of(), List.of(),
            "UnderscoreEscapingWithSuffixes", false, false, false, true, true);

    public OtlpConfig {
        promoteResourceAttributes = List.copyOf(promoteResourceAttributes);
        ignoreResourceAttributes = List.copyOf(ignoreResourceAttributes);
    }
}
