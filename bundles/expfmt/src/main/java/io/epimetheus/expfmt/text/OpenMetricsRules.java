package io.epimetheus.expfmt.text;

import static io.epimetheus.expfmt.text.TextParserBase.F_NAME_ESCAPED;
import static io.epimetheus.expfmt.text.TextParserBase.F_VALUE_ESCAPED;
import static io.epimetheus.expfmt.text.TextParserBase.L_FLAGS;
import static io.epimetheus.expfmt.text.TextParserBase.L_NAME_END;
import static io.epimetheus.expfmt.text.TextParserBase.L_NAME_START;
import static io.epimetheus.expfmt.text.TextParserBase.L_STRIDE;
import static io.epimetheus.expfmt.text.TextParserBase.L_VALUE_END;
import static io.epimetheus.expfmt.text.TextParserBase.L_VALUE_START;
import static io.epimetheus.expfmt.text.TextParserBase.LE;
import static io.epimetheus.expfmt.text.TextParserBase.QUANTILE;
import static io.epimetheus.expfmt.text.TextParserBase.T_HELP;
import static io.epimetheus.expfmt.text.TextParserBase.T_TYPE;

import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.expfmt.ExpositionParseException;
import io.epimetheus.expfmt.text.TextParserBase.Line;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The document rules of OpenMetrics 1.0 that a line-by-line parser does not see, checked as the
 * lines stream by (the rules of the specification and of its reference parser):
 *
 * <ul>
 *   <li>a metric family's metadata comes once each (HELP, TYPE, UNIT) and before its samples;
 *       a sample whose name the current family does not allow starts a new, untyped family;
 *   <li>family names and the sample names they imply never repeat or clash;
 *   <li>samples of a label group are contiguous, with timestamps all present or all absent and
 *       never going backwards;
 *   <li>type rules: counter-like values are neither NaN nor negative; buckets have a valid
 *       {@code le} ({@code +Inf} spelled so), integer values, increasing bounds and
 *       non-decreasing counts, end with {@code +Inf}, and agree with {@code _count}; {@code _sum}
 *       and {@code _count} come together; summaries have a {@code quantile} in [0, 1] and
 *       non-negative quantile values; stateset samples carry the state label and are 0 or 1;
 *       info samples are 1; info and stateset have no unit;
 *   <li>exemplars only on histogram buckets and counter totals, with at most 128 characters of
 *       labels; no trailing comma in label sets.
 * </ul>
 *
 * State is per family and label group; group keys are allocated per group, not per sample.
 */
final class OpenMetricsRules {

    private static final int NOT_ALLOWED = -1;
    private static final int SUFFIX_NONE = 0;
    private static final int SUFFIX_TOTAL = 1;
    private static final int SUFFIX_CREATED = 2;
    private static final int SUFFIX_COUNT = 3;
    private static final int SUFFIX_SUM = 4;
    private static final int SUFFIX_BUCKET = 5;
    private static final int SUFFIX_GCOUNT = 6;
    private static final int SUFFIX_GSUM = 7;
    private static final int SUFFIX_INFO = 8;
    private static final String[] SUFFIXES = {"", "_total", "_created", "_count", "_sum", "_bucket", "_gcount",
        "_gsum", "_info"};

    private static final int MAX_EXEMPLAR_LABEL_CHARACTERS = 128;

    private final OpenMetricsParser p;

    // The current family.
    private boolean inFamily;
    private int familyStart;
    private int familyEnd;
    private boolean familyEscaped;
    private MetricType familyType; // null until a TYPE line
    private boolean hasHelp;
    private boolean hasUnit;
    private boolean hasUnitText;
    private boolean hasSamples;
    private final Set<ByteKey> seenNames = new HashSet<>();

    // Label groups of the current family.
    private final Set<ByteKey> seenGroups = new HashSet<>();
    private byte[] group = new byte[64];
    private int groupLength;
    private boolean hasGroup;
    private boolean groupHasTimestamp;
    private double groupTimestamp;
    private final LongSet groupSeries = new LongSet();
    private byte[] key = new byte[64];
    private int keyLength;
    private int[] order = new int[16];

    // The current histogram run: samples of one label group with one timestamp.
    private boolean inRun;
    private byte[] runGroup = new byte[64];
    private int runGroupLength;
    private boolean runHasTimestamp;
    private double runTimestamp;
    private boolean hasBucket;
    private double bucketBound;
    private double bucketValue;
    private boolean hasCount;
    private double count;
    private boolean hasSum;
    private boolean hasGaugeSum;
    private boolean negativeBuckets;
    private boolean negativeGaugeSum;
    private int runStart;
    // The first broken run of the family, reported when the family ends.
    private String runError;
    private int runErrorAt;

    OpenMetricsRules(OpenMetricsParser parser) {
        this.p = parser;
    }

    void reset() {
        inFamily = false;
        seenNames.clear();
        seenGroups.clear();
        hasGroup = false;
        inRun = false;
        runError = null;
    }

    void metadata(int kind, int nameFlags) throws ExpositionParseException {
        if (inFamily && Arrays.equals(p.buf, p.metaStart, p.metaEnd, p.buf, familyStart, familyEnd)) {
            if (hasSamples) {
                throw p.error("metadata for metric family " + familyName() + " after its samples", p.lineStart);
            }
        } else {
            closeFamily();
            openFamily(p.metaStart, p.metaEnd, (nameFlags & F_NAME_ESCAPED) != 0);
        }
        if (kind == T_HELP) {
            if (hasHelp) {
                throw p.error("second HELP line for metric family " + familyName(), p.lineStart);
            }
            hasHelp = true;
        } else if (kind == T_TYPE) {
            if (familyType != null) {
                throw p.error("second TYPE line for metric family " + familyName(), p.lineStart);
            }
            familyType = p.metaType;
        } else {
            if (hasUnit) {
                throw p.error("second UNIT line for metric family " + familyName(), p.lineStart);
            }
            hasUnit = true;
            hasUnitText = p.textEnd > p.textStart;
        }
        if (hasUnitText && (familyType == MetricType.INFO || familyType == MetricType.STATESET)) {
            throw p.error("metric family " + familyName() + " of type " + familyType.text() + " cannot have a unit",
                    p.lineStart);
        }
    }

    void sample(Line l) throws ExpositionParseException {
        int suffix = inFamily ? suffixOf(l) : NOT_ALLOWED;
        if (suffix == NOT_ALLOWED) {
            closeFamily();
            openFamily(l.nameStart, l.nameEnd, l.nameEscaped);
            familyType = MetricType.UNKNOWN;
            suffix = SUFFIX_NONE;
        }
        hasSamples = true;
        MetricType type = type();
        int at = l.seriesStart;
        if (l.trailingComma >= 0) {
            throw p.error("trailing comma in label set", l.trailingComma);
        }
        double v = l.value;

        int special = -1; // the label left out of the group: le, quantile or the stateset label
        if (type == MetricType.STATESET) {
            special = familyLabelIndex(l);
            if (special < 0) {
                throw p.error("stateset " + familyName() + " sample without the label " + familyName(), at);
            }
        }
        if (suffix == SUFFIX_BUCKET) {
            special = labelIndex(l, LE);
            if (special < 0 || !validBound(l, special)) {
                throw p.error("histogram " + familyName() + " bucket without a valid le label", at);
            }
            if (!isInteger(v)) {
                throw p.error("bucket value must be an integer, got " + FloatFormat.formatG(v), at);
            }
        }
        if ((suffix == SUFFIX_COUNT || suffix == SUFFIX_GCOUNT) && !isInteger(v)) {
            throw p.error("count value must be an integer, got " + FloatFormat.formatG(v), at);
        }
        boolean quantileSample = type == MetricType.SUMMARY && suffix == SUFFIX_NONE;
        if (quantileSample) {
            special = labelIndex(l, QUANTILE);
            double q = special < 0 ? Double.NaN : labelFloat(l, special);
            if (!(q >= 0 && q <= 1)) {
                throw p.error("summary " + familyName() + " sample without a quantile label from 0 to 1", at);
            }
        }

        checkGroup(l, type == MetricType.INFO ? -2 : special, suffix, type, at);

        if (type == MetricType.STATESET && v != 0 && v != 1) {
            throw p.error("stateset " + familyName() + " samples can only have values zero and one, got " + FloatFormat.formatG(v), at);
        }
        if (type == MetricType.INFO && v != 1) {
            throw p.error("info " + familyName() + " samples can only have value one, got " + FloatFormat.formatG(v), at);
        }
        if (quantileSample && v < 0) {
            throw p.error("quantile values of summary " + familyName() + " cannot be negative", at);
        }
        boolean counterLike = suffix == SUFFIX_TOTAL || suffix == SUFFIX_SUM || suffix == SUFFIX_COUNT
                || suffix == SUFFIX_BUCKET || suffix == SUFFIX_GCOUNT;
        if ((counterLike || suffix == SUFFIX_GSUM) && Double.isNaN(v)) {
            throw p.error("counter-like sample of metric family " + familyName() + " cannot be NaN", at);
        }
        if (counterLike && v < 0) {
            throw p.error("counter-like sample of metric family " + familyName() + " cannot be negative", at);
        }
        if (l.hasExemplar) {
            boolean allowed = ((type == MetricType.HISTOGRAM || type == MetricType.GAUGE_HISTOGRAM) && suffix == SUFFIX_BUCKET)
                    || (type == MetricType.COUNTER && suffix == SUFFIX_TOTAL);
            if (!allowed) {
                throw p.error("exemplars are only allowed on histogram buckets and counter totals", at);
            }
            int chars = 0;
            for (int i = 0, e = 0; i < l.exemplarLabelCount; i++, e += L_STRIDE) {
                chars += characters(l.exemplarLabels, e, L_NAME_START, L_NAME_END, F_NAME_ESCAPED)
                        + characters(l.exemplarLabels, e, L_VALUE_START, L_VALUE_END, F_VALUE_ESCAPED);
            }
            if (chars > MAX_EXEMPLAR_LABEL_CHARACTERS) {
                throw p.error("exemplar labels have " + chars + " characters, more than "
                        + MAX_EXEMPLAR_LABEL_CHARACTERS, at);
            }
        }
    }

    /** At {@code # EOF}: the last family's checks. */
    void end() throws ExpositionParseException {
        closeFamily();
    }

    // ---- families

    private void openFamily(int start, int end, boolean escaped) {
        inFamily = true;
        familyStart = start;
        familyEnd = end;
        familyEscaped = escaped;
        familyType = null;
        hasHelp = false;
        hasUnit = false;
        hasUnitText = false;
        hasSamples = false;
        seenGroups.clear();
        hasGroup = false;
        inRun = false;
        runError = null;
    }

    private void closeFamily() throws ExpositionParseException {
        if (!inFamily) {
            return;
        }
        inFamily = false;
        if (inRun) {
            checkRun();
        }
        String broken = runError;
        runError = null;
        byte[] name = unescaped(familyStart, familyEnd, familyEscaped);
        for (int suffix : allowedSuffixes(type(), true)) {
            byte[] s = SUFFIXES[suffix].getBytes(StandardCharsets.US_ASCII);
            byte[] full = Arrays.copyOf(name, name.length + s.length);
            System.arraycopy(s, 0, full, name.length, s.length);
            if (!seenNames.add(new ByteKey(full))) {
                throw p.error("clashing metric name " + GoQuote.quote(full, 0, full.length)
                        + ": an earlier metric family has it", p.lineStart);
            }
        }
        if (broken != null) {
            throw p.error(broken, runErrorAt);
        }
    }

    private MetricType type() {
        return familyType == null ? MetricType.UNKNOWN : familyType;
    }

    private static int[] allowedSuffixes(MetricType type, boolean withBare) {
        return switch (type) {
            case COUNTER -> withBare ? new int[] {SUFFIX_NONE, SUFFIX_TOTAL, SUFFIX_CREATED}
                    : new int[] {SUFFIX_TOTAL, SUFFIX_CREATED};
            case SUMMARY -> new int[] {SUFFIX_NONE, SUFFIX_COUNT, SUFFIX_SUM, SUFFIX_CREATED};
            case HISTOGRAM -> withBare ? new int[] {SUFFIX_NONE, SUFFIX_COUNT, SUFFIX_SUM, SUFFIX_BUCKET, SUFFIX_CREATED}
                    : new int[] {SUFFIX_COUNT, SUFFIX_SUM, SUFFIX_BUCKET, SUFFIX_CREATED};
            case GAUGE_HISTOGRAM -> withBare ? new int[] {SUFFIX_NONE, SUFFIX_GCOUNT, SUFFIX_GSUM, SUFFIX_BUCKET}
                    : new int[] {SUFFIX_GCOUNT, SUFFIX_GSUM, SUFFIX_BUCKET};
            case INFO -> withBare ? new int[] {SUFFIX_NONE, SUFFIX_INFO} : new int[] {SUFFIX_INFO};
            default -> new int[] {SUFFIX_NONE};
        };
    }

    /** Which of its family's allowed sample names the sample has, or {@link #NOT_ALLOWED}. */
    private int suffixOf(Line l) {
        int n = familyEnd - familyStart;
        int nameLength = l.nameEnd - l.nameStart;
        if (nameLength < n || !Arrays.equals(p.buf, l.nameStart, l.nameStart + n, p.buf, familyStart, familyEnd)) {
            return NOT_ALLOWED;
        }
        for (int suffix : allowedSuffixes(type(), false)) {
            String s = SUFFIXES[suffix];
            if (nameLength == n + s.length() && endsWith(l.nameStart + n, s)) {
                return suffix;
            }
        }
        return NOT_ALLOWED;
    }

    private boolean endsWith(int from, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (p.buf[from + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String familyName() {
        return GoQuote.quote(p.name(familyStart, familyEnd, familyEscaped));
    }

    // ---- label groups

    private void checkGroup(Line l, int special, int suffix, MetricType type, int at) throws ExpositionParseException {
        // Info samples all belong to one group; others group by their labels but the special one.
        buildKey(l, special == -2 ? Integer.MAX_VALUE : special);
        boolean same = hasGroup && groupLength == keyLength && Arrays.equals(group, 0, groupLength, key, 0, keyLength);
        if (hasGroup && !same && seenGroups.contains(new ByteKey(Arrays.copyOf(key, keyLength)))) {
            throw p.error("samples of a label group of metric family " + familyName()
                    + " are not together: the group appeared earlier", at);
        }
        if (same) {
            if (l.hasTimestamp != groupHasTimestamp) {
                throw p.error("mix of samples with and without timestamps within a label group of metric family "
                        + familyName(), at);
            }
            if (groupHasTimestamp && groupTimestamp > l.timestampSeconds && type != MetricType.INFO) {
                throw p.error("timestamps went backwards within a label group of metric family " + familyName(), at);
            }
        } else {
            groupSeries.clear();
            if (group.length < keyLength) {
                group = new byte[Math.max(keyLength, group.length * 2)];
            }
            System.arraycopy(key, 0, group, 0, keyLength);
            groupLength = keyLength;
            seenGroups.add(new ByteKey(Arrays.copyOf(key, keyLength)));
            hasGroup = true;
        }
        // A repeated series at the same timestamp is a duplicate and counts once.
        boolean sameTimestamp = same && (!l.hasTimestamp || groupTimestamp == l.timestampSeconds);
        long series = seriesId(l);
        boolean duplicate = sameTimestamp && groupSeries.contains(series);
        groupSeries.add(series);
        groupHasTimestamp = l.hasTimestamp;
        groupTimestamp = l.timestampSeconds;
        if (!duplicate && (type == MetricType.HISTOGRAM || type == MetricType.GAUGE_HISTOGRAM) && suffix != SUFFIX_NONE) {
            histogramSample(l, suffix, special);
        }
    }

    /** The group key: the sorted, unescaped label pairs but the one at {@code skip}. */
    private void buildKey(Line l, int skip) {
        keyLength = 0;
        if (skip == Integer.MAX_VALUE) {
            return;
        }
        int n = l.labelCount;
        if (order.length < n) {
            order = new int[n * 2];
        }
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (i != skip) {
                order[m++] = i;
            }
        }
        // Insertion sort by name: label sets are short.
        for (int i = 1; i < m; i++) {
            int x = order[i];
            int j = i - 1;
            while (j >= 0 && compareNames(l, order[j], x) > 0) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = x;
        }
        for (int k = 0; k < m; k++) {
            int at = order[k] * L_STRIDE;
            int flags = l.labels[at + L_FLAGS];
            appendKey(l.labels[at + L_NAME_START], l.labels[at + L_NAME_END], (flags & F_NAME_ESCAPED) != 0);
            appendKeyByte((byte) 0xFF);
            appendKey(l.labels[at + L_VALUE_START], l.labels[at + L_VALUE_END], (flags & F_VALUE_ESCAPED) != 0);
            appendKeyByte((byte) 0xFE);
        }
    }

    private int compareNames(Line l, int a, int b) {
        int as = l.labels[a * L_STRIDE + L_NAME_START];
        int ae = l.labels[a * L_STRIDE + L_NAME_END];
        int bs = l.labels[b * L_STRIDE + L_NAME_START];
        int be = l.labels[b * L_STRIDE + L_NAME_END];
        return Arrays.compareUnsigned(p.buf, as, ae, p.buf, bs, be);
    }

    private long seriesId(Line l) {
        buildKey(l, -1);
        long h = ByteHash.hash(key, 0, keyLength);
        return h * 31 + ByteHash.hash(p.buf, l.nameStart, l.nameEnd);
    }

    private void appendKey(int from, int to, boolean escaped) {
        byte[] src = p.buf;
        if (escaped) {
            src = unescaped(from, to, true);
            from = 0;
            to = src.length;
        }
        int n = to - from;
        if (keyLength + n + 1 > key.length) {
            key = Arrays.copyOf(key, Math.max(key.length * 2, keyLength + n + 1));
        }
        System.arraycopy(src, from, key, keyLength, n);
        keyLength += n;
    }

    private void appendKeyByte(byte b) {
        if (keyLength + 1 > key.length) {
            key = Arrays.copyOf(key, key.length * 2);
        }
        key[keyLength++] = b;
    }

    private byte[] unescaped(int from, int to, boolean escaped) {
        return escaped ? p.unescape(from, to, true).getBytes(StandardCharsets.UTF_8) : Arrays.copyOfRange(p.buf, from, to);
    }

    // ---- histograms

    private void histogramSample(Line l, int suffix, int special) {
        boolean sameRun = inRun && runGroupLength == groupLength && Arrays.equals(runGroup, 0, runGroupLength, group, 0, groupLength)
                && runHasTimestamp == l.hasTimestamp && (!l.hasTimestamp || runTimestamp == l.timestampSeconds);
        if (!sameRun) {
            if (inRun) {
                checkRun();
            }
            inRun = true;
            if (runGroup.length < groupLength) {
                runGroup = new byte[Math.max(groupLength, runGroup.length * 2)];
            }
            System.arraycopy(group, 0, runGroup, 0, groupLength);
            runGroupLength = groupLength;
            runHasTimestamp = l.hasTimestamp;
            runTimestamp = l.timestampSeconds;
            runStart = l.seriesStart;
            hasBucket = false;
            bucketValue = 0;
            hasCount = false;
            hasSum = false;
            hasGaugeSum = false;
            negativeBuckets = false;
            negativeGaugeSum = false;
        }
        double v = l.value;
        switch (suffix) {
            case SUFFIX_BUCKET -> {
                double bound = labelFloat(l, special);
                if (bound < 0) {
                    negativeBuckets = true;
                }
                if (runError == null && hasBucket && bound <= bucketBound) {
                    runError = "histogram " + familyName() + " has buckets out of order";
                    runErrorAt = l.seriesStart;
                }
                if (runError == null && v < bucketValue) {
                    runError = "histogram " + familyName() + " has bucket values that decrease";
                    runErrorAt = l.seriesStart;
                }
                hasBucket = true;
                bucketBound = bound;
                bucketValue = v;
            }
            case SUFFIX_COUNT, SUFFIX_GCOUNT -> {
                hasCount = true;
                count = v;
            }
            case SUFFIX_SUM -> hasSum = true;
            case SUFFIX_GSUM -> {
                hasGaugeSum = true;
                if (v < 0) {
                    negativeGaugeSum = true;
                }
            }
            default -> {
            }
        }
    }

    /**
     * Ends a histogram run. A broken run is reported when its family ends, so that an error of a
     * later line of the family (such as a group out of place) is reported first, as the reference
     * parser does.
     */
    private void checkRun() {
        inRun = false;
        if (runError != null) {
            return;
        }
        String h = "histogram " + familyName();
        if (!hasBucket || bucketBound != Double.POSITIVE_INFINITY) {
            runError = h + " has no +Inf bucket";
        } else if (hasCount && bucketValue != count) {
            runError = h + " has a count that does not match its +Inf bucket";
        } else if (hasSum && !hasCount) {
            runError = h + " has _sum without _count";
        } else if (hasGaugeSum && !hasCount) {
            runError = h + " has _gsum without _gcount";
        } else if (hasCount && !hasSum && !hasGaugeSum) {
            runError = h + " has a count without a sum";
        } else if (negativeBuckets && hasSum) {
            runError = h + " has negative buckets and a _sum";
        } else if (!negativeBuckets && negativeGaugeSum) {
            runError = h + " has a negative _gsum without negative buckets";
        }
        runErrorAt = runStart;
    }

    // ---- labels

    private static final byte[] PLUS_INF = {'+', 'I', 'n', 'f'};

    private int labelIndex(Line l, byte[] name) {
        for (int i = 0; i < l.labelCount; i++) {
            int at = i * L_STRIDE;
            if (Arrays.equals(p.buf, l.labels[at + L_NAME_START], l.labels[at + L_NAME_END], name, 0, name.length)) {
                return i;
            }
        }
        return -1;
    }

    /** The label named like the family (a stateset's state label), or -1. */
    private int familyLabelIndex(Line l) {
        for (int i = 0; i < l.labelCount; i++) {
            int at = i * L_STRIDE;
            boolean escaped = (l.labels[at + L_FLAGS] & F_NAME_ESCAPED) != 0;
            boolean same = escaped || familyEscaped
                    ? Arrays.equals(unescaped(familyStart, familyEnd, familyEscaped),
                            unescaped(l.labels[at + L_NAME_START], l.labels[at + L_NAME_END], escaped))
                    : Arrays.equals(p.buf, familyStart, familyEnd, p.buf, l.labels[at + L_NAME_START], l.labels[at + L_NAME_END]);
            if (same) {
                return i;
            }
        }
        return -1;
    }

    private double labelFloat(Line l, int index) {
        int at = index * L_STRIDE;
        double f = p.floats.parse(p.buf, l.labels[at + L_VALUE_START], l.labels[at + L_VALUE_END]);
        return p.floats.status == GoFloat.OK ? f : Double.NaN;
    }

    // A bucket bound is a number other than NaN, and +Inf is written exactly so.
    private boolean validBound(Line l, int index) {
        double f = labelFloat(l, index);
        if (Double.isNaN(f)) {
            return false;
        }
        if (f == Double.POSITIVE_INFINITY) {
            int at = index * L_STRIDE;
            return Arrays.equals(p.buf, l.labels[at + L_VALUE_START], l.labels[at + L_VALUE_END], PLUS_INF, 0, 4);
        }
        return true;
    }

    private static boolean isInteger(double v) {
        return !Double.isInfinite(v) && v == Math.rint(v);
    }

    private int characters(int[] a, int at, int startField, int endField, int escapedFlag) {
        int from = a[at + startField];
        int to = a[at + endField];
        if ((a[at + L_FLAGS] & escapedFlag) != 0) {
            String s = p.unescape(from, to, true);
            return s.codePointCount(0, s.length());
        }
        return Utf8.codePoints(p.buf, from, to);
    }
}
