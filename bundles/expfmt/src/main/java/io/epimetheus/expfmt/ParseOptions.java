package io.epimetheus.expfmt;

/**
 * How a parser treats its input. Immutable; {@link #DEFAULT} is what Prometheus's scraper does.
 */
public final class ParseOptions {

    /** Prometheus-compatible parsing; {@code _created} series are returned like any other. */
    public static final ParseOptions DEFAULT = new ParseOptions(false, false);

    private final boolean strict;
    private final boolean skipCreatedSeries;

    private ParseOptions(boolean strict, boolean skipCreatedSeries) {
        this.strict = strict;
        this.skipCreatedSeries = skipCreatedSeries;
    }

    /**
     * With {@code strict}, a parser also enforces the document rules that Prometheus's scraper
     * lets pass: for OpenMetrics every rule of the 1.0 specification (metadata once and before
     * samples, no interleaved or clashing families, histogram, summary, info and stateset rules,
     * counter values, exemplar placement and size, group timestamps, no trailing commas); for the
     * text format the rules of the reference Go parser (one HELP and one TYPE per family, TYPE
     * before samples, only {@code \\ \" \n} escapes, no raw newline in label values, numeric
     * {@code le}/{@code quantile}, no negative histogram counts). Strict parsing keeps state per
     * metric family and per label group, so it allocates per family and group, not per sample.
     */
    public ParseOptions withStrict(boolean strict) {
        return new ParseOptions(strict, skipCreatedSeries);
    }

    /**
     * With {@code skip}, the OpenMetrics parser does not return the {@code _created} series of
     * counters, summaries and histograms; their value is still available as {@link
     * ExpositionParser#startTimestamp()} of the series they belong to (Prometheus's
     * {@code created_timestamp_zero_ingestion}). No effect on the text format.
     */
    public ParseOptions withSkipCreatedSeries(boolean skip) {
        return new ParseOptions(strict, skip);
    }

    public boolean strict() {
        return strict;
    }

    public boolean skipCreatedSeries() {
        return skipCreatedSeries;
    }

    @Override
    public String toString() {
        return "ParseOptions[strict=" + strict + ", skipCreatedSeries=" + skipCreatedSeries + "]";
    }
}
