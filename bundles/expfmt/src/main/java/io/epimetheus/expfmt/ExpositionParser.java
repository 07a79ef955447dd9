package io.epimetheus.expfmt;

import io.epimetheus.api.model.Exemplar;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.model.MetricType;
import java.util.Collection;

/**
 * A pull parser over one exposition body held in a byte array, modelled on Prometheus's
 * {@code textparse.Parser}: each {@link #next()} advances to the next entry and the accessors
 * for that kind of entry describe it until the following {@code next()}.
 *
 * <p>Series are cheap to recognise again: {@link #seriesOffset()}/{@link #seriesLength()} locate
 * the raw series text (metric name and label set exactly as written; for protobuf a key the parser
 * builds from them) in {@link #buffer()}, so a
 * scrape cache keyed by those bytes gets {@link #value()} and {@link #timestamp()} of an unchanged
 * line without building labels or allocating anything. Only {@link #labels}, {@link #exemplar()}
 * and the metadata accessors create objects; metadata is as cheap to recognise again by its raw
 * bytes ({@link #metricFamilyOffset()}, {@link #textOffset()}).
 *
 * <p>Every line is fully validated by {@code next()} whether or not its labels are built: UTF-8,
 * escapes and quoting, numbers, timestamps, unique label names, the OpenMetrics {@code # EOF}
 * terminator; with {@link ParseOptions#strict()} also the document rules. By default a parser
 * accepts what Prometheus's scraper accepts (and rejects a few things it would store wrongly), so
 * a target that Prometheus scrapes is scraped alike. A bad body fails with an {@link
 * ExpositionParseException} naming the problem, in Prometheus's words where it has them, and its
 * position; after an exception the parser must be {@link #reset} before further use.
 *
 * <pre>{@code
 * ExpositionParser p = ExpositionFormat.ofContentType(contentType).newParser(ParseOptions.DEFAULT);
 * p.reset(body, length);
 * for (Entry e = p.next(); e != Entry.END; e = p.next()) {
 *     if (e == Entry.SERIES) {
 *         CacheEntry c = cache.get(p.buffer(), p.seriesOffset(), p.seriesLength(), p.seriesHash());
 *         if (c == null) {
 *             p.labels(builder);
 *             c = cache.add(p.buffer(), p.seriesOffset(), p.seriesLength(), builder.build());
 *         }
 *         append(c, p.hasTimestamp() ? p.timestamp() : scrapeTime, p.value());
 *     }
 * }
 * }</pre>
 *
 * <p>Ownership and threading: the parser keeps a reference to the body passed to {@link #reset}
 * and reads it during {@code next()} and the accessors; the caller must not change it until it
 * resets the parser with another body. A parser is not thread-safe; reuse one per scrape loop.
 */
public interface ExpositionParser {

    /** The kinds of entry {@link #next()} returns. */
    enum Entry {
        /** A sample: a series with a float value and optional timestamp (and exemplar). */
        SERIES,
        /** {@code # HELP}: {@link #metricFamily()} and {@link #help()}. */
        HELP,
        /** {@code # TYPE}: {@link #metricFamily()} and {@link #type()}. */
        TYPE,
        /** {@code # UNIT} (OpenMetrics only): {@link #metricFamily()} and {@link #unit()}. */
        UNIT,
        /** Any other {@code #} line of the text format: {@link #comment()}. */
        COMMENT,
        /** The end of the body (after {@code # EOF} for OpenMetrics); repeats from then on. */
        END
    }

    /** The format this parser reads. */
    ExpositionFormat format();

    /**
     * Starts parsing {@code body[0, length)}, forgetting all state of the previous body.
     *
     * @return this parser
     */
    ExpositionParser reset(byte[] body, int length);

    /**
     * Advances to the next entry.
     *
     * @throws ExpositionParseException if the body is malformed at this point
     */
    Entry next() throws ExpositionParseException;

    /**
     * The array that {@link #seriesOffset()} and the metadata offsets index: the body passed to
     * {@link #reset}, or an internal copy when a text-format body does not end with a newline;
     * for the SERIES entries of the protobuf format, the parser's key of the series. Ask again for
     * every entry.
     */
    byte[] buffer();

    /** SERIES: where the raw series text (name and labels, as written) starts in {@link #buffer()}. */
    int seriesOffset();

    /** SERIES: the length of the raw series text. */
    int seriesLength();

    /** SERIES: a 64-bit hash of the raw series text; equal texts have equal hashes. */
    long seriesHash();

    /** SERIES: the sample value. A NaN in the body is always an ordinary NaN, never a staleness marker. */
    double value();

    /** SERIES: whether the sample carries a timestamp. */
    boolean hasTimestamp();

    /** SERIES: the sample timestamp in milliseconds since the epoch; meaningful when {@link #hasTimestamp()}. */
    long timestamp();

    /**
     * SERIES: resets {@code builder} and fills it with the metric name ({@code __name__}) and
     * labels of the sample. As in Prometheus, the {@code le} label of histogram buckets and the
     * {@code quantile} label of summaries are rewritten to the canonical float form
     * ({@code le="1"} becomes {@code "1.0"}); labels with an empty value are left out (see
     * {@link #emptyLabelNames}).
     */
    void labels(LabelsBuilder builder);

    /**
     * SERIES: adds to {@code names} the name of every label the series writes with an empty value
     * ({@code instance=""}), which {@link #labels} leaves out, and returns how many it added (most
     * series have none). Prometheus counts such a label as present while it merges the target's
     * labels under {@code honor_labels: true} and drops it only afterwards: the Pushgateway exposes
     * {@code instance=""} on groups pushed without an instance so that their series are stored
     * without one.
     *
     * <p>Allocates nothing but what {@code names} does to hold them: pass a reused {@code
     * ArrayList}. The names are the strings {@link #labels} gives (shared through the parser's
     * string cache).
     */
    int emptyLabelNames(Collection<? super String> names);

    /** SERIES: the exemplar of the sample, or {@code null}; a new object on each call. */
    Exemplar exemplar();

    /**
     * SERIES: the start (created) timestamp in milliseconds of the sample, taken from the
     * {@code _created} line of its counter, summary or histogram in OpenMetrics, or {@code 0} when
     * there is none (always {@code 0} for the text format).
     */
    long startTimestamp();

    /** HELP, TYPE, UNIT: the metric family the metadata is for. */
    String metricFamily();

    /**
     * HELP, TYPE, UNIT: where the metric family name starts in {@link #buffer()}, as written
     * (inside the quotes of a quoted name, escapes unresolved). Equal bytes name the same family,
     * so a scraper recognises a family it knows without {@link #metricFamily()}.
     */
    int metricFamilyOffset();

    /** HELP, TYPE, UNIT: the length of the metric family name as written. */
    int metricFamilyLength();

    /**
     * HELP, UNIT: where the text starts in {@link #buffer()}, as written (escapes unresolved).
     * Equal bytes give an equal {@link #help()} or {@link #unit()} from parsers of one format.
     */
    int textOffset();

    /** HELP, UNIT: the length of the text as written. */
    int textLength();

    /** HELP: the help text, unescaped. */
    String help();

    /** TYPE: the metric type ({@code untyped} reads as {@link MetricType#UNKNOWN}). */
    MetricType type();

    /** UNIT: the unit ({@code ""} when empty). */
    String unit();

    /** COMMENT: the comment line as written, starting with {@code #}. */
    String comment();
}
