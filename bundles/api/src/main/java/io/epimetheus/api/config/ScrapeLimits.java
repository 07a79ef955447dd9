package io.epimetheus.api.config;

/**
 * The per-scrape limits of {@code global} and of each scrape config; 0 means no limit. A scrape
 * config inherits each limit it leaves at 0 from {@code global}.
 *
 * @param bodySizeLimit bytes of uncompressed response body
 * @param sampleLimit samples per scrape after metric relabeling
 * @param targetLimit targets per scrape config after target relabeling
 * @param labelLimit labels per series after metric relabeling
 * @param labelNameLengthLimit characters per label name
 * @param labelValueLengthLimit characters per label value
 * @param keepDroppedTargets dropped targets kept per scrape config for the targets API
 */
public record ScrapeLimits(long bodySizeLimit, long sampleLimit, long targetLimit, long labelLimit,
        long labelNameLengthLimit, long labelValueLengthLimit, long keepDroppedTargets) {

    /** No limits. */
    public static final ScrapeLimits NONE = new ScrapeLimits(0, 0, 0, 0, 0, 0, 0);
}
