package io.epimetheus.expfmt.text;

import io.epimetheus.api.model.MetricType;
import io.epimetheus.expfmt.ExpositionFormat;
import io.epimetheus.expfmt.ExpositionParseException;
import io.epimetheus.expfmt.ParseOptions;
import java.util.Arrays;

/**
 * The OpenMetrics 1.0 text parser: Prometheus's {@code OpenMetricsParser} behaviour (single spaces
 * between tokens, float timestamps in seconds, exemplars, {@code _created} start timestamps,
 * quoted UTF-8 names, mandatory {@code # EOF} and nothing after it) with its exact error
 * messages; with {@link ParseOptions#strict()} also every document rule of the specification
 * (see {@link OpenMetricsRules}).
 *
 * <p>Start timestamps: the {@code _created} sample of a counter, summary or histogram label
 * group gives the start timestamp of every sample of that group, before or after it. Samples
 * before it find it by looking ahead through the rest of their group, once per group.
 *
 * <p>Deliberate differences from Prometheus, rejecting what it would store wrongly: duplicate
 * label names, an explicit {@code __name__} label and invalid UTF-8 in quoted names are errors;
 * a value followed by something that is neither a timestamp nor an exemplar is an error at that
 * line (Prometheus reports it at the next one).
 */
public final class OpenMetricsParser extends TextParserBase {

    // Lexer states after TextParserBase's shared ones.
    private static final int S_EXEMPLAR = 7;
    private static final int S_EVALUE = 8;
    private static final int S_ETIMESTAMP = 9;

    private static final int NO_GROUP = -1;

    private final OpenMetricsRules rules;
    private final Line peek = new Line();
    // The start timestamp known for one label group (a copy of a line of it), or that it has none.
    private final Line startLine = new Line();
    private boolean startKnown;
    private long startValue;
    private int startFamilyStart;
    private int startFamilyEnd;

    public OpenMetricsParser(ParseOptions options) {
        super(options);
        rules = options.strict() ? new OpenMetricsRules(this) : null;
    }

    @Override
    public ExpositionFormat format() {
        return ExpositionFormat.OPENMETRICS;
    }

    @Override
    public OpenMetricsParser reset(byte[] body, int length) {
        start(body, length);
        startKnown = false;
        if (rules != null) {
            rules.reset();
        }
        return this;
    }

    @Override
    public String help() {
        return unescape(textStart, textEnd, true);
    }

    @Override
    public Entry next() throws ExpositionParseException {
        if (done) {
            return Entry.END;
        }
        while (true) {
            lineStart = pos;
            int t = lex();
            switch (t) {
                case T_EOFWORD -> {
                    if (lex() != T_EOF) {
                        throw error("unexpected data after # EOF", tokStart);
                    }
                    if (rules != null) {
                        rules.end();
                    }
                    done = true;
                    return Entry.END;
                }
                case T_EOF -> throw error("data does not end with # EOF", len);
                case T_HELP, T_TYPE, T_UNIT -> {
                    return metadata(t);
                }
                case T_BOPEN, T_MNAME -> parseSeries(line, t);
                default -> throw parseError("expected a valid start token", t);
            }
            checkLine(line);
            int group = startGroup(line);
            boolean created = group != NO_GROUP && isFamilyMember(line, "_created");
            if (created) {
                rememberStart(line, (long) (line.value * 1000));
            }
            if (rules != null) {
                rules.sample(line);
            }
            if (!(created && options.skipCreatedSeries())) {
                return Entry.SERIES;
            }
        }
    }

    /** Parses the series line starting with token {@code t} (a name or an opening brace) into {@code l}. */
    private void parseSeries(Line l, int t) throws ExpositionParseException {
        l.clear();
        l.seriesStart = lineStart;
        if (t == T_MNAME) {
            l.nameStart = tokStart;
            l.nameEnd = pos;
            l.seriesEnd = pos;
            t = lex();
            if (t == T_BOPEN) {
                parseLabels(l, false);
                l.seriesEnd = pos;
                t = lex();
            }
        } else {
            parseLabels(l, false);
            l.seriesEnd = pos;
            t = lex();
        }
        endOfLine(l, t);
    }

    private Entry metadata(int kind) throws ExpositionParseException {
        int nameFlags = metaName(kind, lex());
        int t = lex();
        if (t != T_TEXT) {
            throw error("expected text in " + tokenName(kind), pos);
        }
        // The text token is the blank, the text and the newline.
        textStart = tokStart + 1;
        textEnd = pos - 1;
        switch (kind) {
            case T_TYPE -> {
                metaType = typeWord();
                if (metaType == null) {
                    throw error("invalid metric type " + GoQuote.quote(buf, textStart, textEnd), textStart);
                }
            }
            case T_HELP -> {
                if (!Utf8.isValid(buf, textStart, textEnd)) {
                    throw error("help text " + GoQuote.quote(buf, textStart, textEnd) + " is not a valid utf8 string",
                            textStart);
                }
            }
            default -> checkUnit();
        }
        enterFamily(kind);
        if (rules != null) {
            rules.metadata(kind, nameFlags);
        }
        return kind == T_HELP ? Entry.HELP : kind == T_TYPE ? Entry.TYPE : Entry.UNIT;
    }

    private void checkUnit() throws ExpositionParseException {
        int n = textEnd - textStart;
        if (n == 0) {
            return;
        }
        if (!Utf8.isValid(buf, textStart, textEnd)) {
            throw error("invalid UTF-8 unit: " + GoQuote.quote(buf, textStart, textEnd), textStart);
        }
        int nameLength = metaEnd - metaStart;
        if (nameLength < n + 1 || buf[metaEnd - n - 1] != '_'
                || !Arrays.equals(buf, metaEnd - n, metaEnd, buf, textStart, textEnd)) {
            throw error("unit " + GoQuote.quote(buf, textStart, textEnd) + " not a suffix of metric "
                    + GoQuote.quote(buf, metaStart, metaEnd), textStart);
        }
    }

    private static final MetricType[] TYPES = MetricType.values();

    private MetricType typeWord() {
        int n = textEnd - textStart;
        for (MetricType t : TYPES) {
            String w = t.text();
            if (w.length() == n && textIs(w)) {
                return t;
            }
        }
        return null;
    }

    private void parseLabels(Line l, boolean exemplar) throws ExpositionParseException {
        int t = lex();
        while (true) {
            int s = tokStart;
            int e = pos;
            if (t == T_BCLOSE) {
                return;
            }
            int nameFlags = labelNameFlags(t);
            boolean quoted = nameFlags != 0;
            t = lex();
            // A quoted string standing alone is the metric name (not in exemplars).
            if (quoted && (t == T_COMMA || t == T_BCLOSE)) {
                if (exemplar) {
                    throw parseError("expected label name", t);
                }
                quotedMetricName(l, s, e, nameFlags);
                if (t == T_BCLOSE) {
                    return;
                }
                t = afterComma(l);
                continue;
            }
            if (t != T_EQUAL) {
                throw parseError("expected equal", t);
            }
            labelValue(l, exemplar, s, e, nameFlags, lex());
            t = lex();
            if (t == T_COMMA) {
                t = afterComma(l);
            } else if (t != T_BCLOSE) {
                throw parseError("expected comma or brace close", t);
            }
        }
    }

    // Prometheus allows a comma before the closing brace; remember it for strict validation.
    private int afterComma(Line l) {
        int comma = tokStart;
        int t = lex();
        if (t == T_BCLOSE && l.trailingComma < 0) {
            l.trailingComma = comma;
        }
        return t;
    }

    private void endOfLine(Line l, int t) throws ExpositionParseException {
        if (l.nameStart < 0) {
            throw error("metric name not set while parsing: " + GoQuote.quote(buf, lineStart, pos), lineStart);
        }
        l.value = floatValue(t, "metric");
        t = lex();
        switch (t) {
            case T_EOF -> throw error("data does not end with # EOF", len);
            case T_LINEBREAK -> {
            }
            case T_COMMENT -> exemplar(l);
            case T_TIMESTAMP -> {
                double ts = timestampSeconds();
                if (Double.isNaN(ts) || Double.isInfinite(ts)) {
                    throw error("invalid timestamp " + goFloat(ts), tokStart + 1);
                }
                l.hasTimestamp = true;
                l.timestampSeconds = ts;
                l.timestamp = (long) (ts * 1000);
                t = lex();
                if (t == T_COMMENT) {
                    exemplar(l);
                } else if (t != T_LINEBREAK) {
                    throw parseError("expected next entry after timestamp", t);
                }
            }
            default -> throw parseError("expected timestamp or new record", t);
        }
    }

    private void exemplar(Line l) throws ExpositionParseException {
        parseLabels(l, true);
        l.hasExemplar = true;
        l.exemplarValue = floatValue(lex(), "exemplar labels");
        int t = lex();
        switch (t) {
            case T_EOF -> throw error("data does not end with # EOF", len);
            case T_LINEBREAK -> {
            }
            case T_TIMESTAMP -> {
                double ts = timestampSeconds();
                if (Double.isNaN(ts) || Double.isInfinite(ts)) {
                    throw error("invalid exemplar timestamp " + goFloat(ts), tokStart + 1);
                }
                l.exemplarHasTimestamp = true;
                l.exemplarTimestamp = (long) (ts * 1000);
                t = lex();
                if (t != T_LINEBREAK) {
                    throw parseError("expected next entry after exemplar timestamp", t);
                }
            }
            default -> throw parseError("expected timestamp or comment", t);
        }
    }

    private double floatValue(int t, String after) throws ExpositionParseException {
        if (t != T_VALUE) {
            throw parseError("expected value after " + after, t);
        }
        double v = floats.parse(buf, tokStart + 1, pos);
        if (floats.status != GoFloat.OK) {
            throw floatError(tokStart + 1, pos);
        }
        return v != v ? NORMAL_NAN : v;
    }

    private double timestampSeconds() throws ExpositionParseException {
        double ts = floats.parse(buf, tokStart + 1, pos);
        if (floats.status != GoFloat.OK) {
            throw floatError(tokStart + 1, pos);
        }
        return ts;
    }

    // Go's %f of a non-finite float.
    private static String goFloat(double v) {
        return Double.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
    }

    // ---- start timestamps

    /**
     * Which label a sample's label group leaves out for start timestamps ({@code le} of histogram
     * buckets, {@code quantile} of summary quantiles, none otherwise), or {@link #NO_GROUP} when
     * the sample is not part of a counter, summary or histogram.
     */
    private int startGroup(Line l) {
        MetricType t = familyType;
        if (t != MetricType.COUNTER && t != MetricType.SUMMARY && t != MetricType.HISTOGRAM) {
            return NO_GROUP;
        }
        if (t == MetricType.HISTOGRAM && isFamilyMember(l, "_bucket")) {
            return NORMALIZE_LE;
        }
        if (t == MetricType.SUMMARY && isFamilyMember(l, "")) {
            return NORMALIZE_QUANTILE;
        }
        boolean member = isFamilyMember(l, "_created")
                || (t == MetricType.COUNTER ? isFamilyMember(l, "_total")
                        : isFamilyMember(l, "_count") || isFamilyMember(l, "_sum"));
        return member ? NORMALIZE_NONE : NO_GROUP;
    }

    @Override
    public long startTimestamp() {
        int group = startGroup(line);
        if (group == NO_GROUP || isFamilyMember(line, "_created")) {
            return 0;
        }
        if (startKnown && Arrays.equals(buf, familyStart, familyEnd, buf, startFamilyStart, startFamilyEnd)
                && sameGroup(line, startLine)) {
            return startValue;
        }
        return lookAheadForCreated();
    }

    /**
     * Reads on through the rest of the current label group for its {@code _created} sample,
     * leaving the parser where it was. The answer, found or not, is kept for the group.
     */
    private long lookAheadForCreated() {
        int savedPos = pos;
        int savedTokStart = tokStart;
        int savedState = state;
        int savedLineStart = lineStart;
        long found = 0;
        try {
            while (true) {
                lineStart = pos;
                int t = lex();
                if (t != T_MNAME && t != T_BOPEN) {
                    break;
                }
                parseSeries(peek, t);
                if (startGroup(peek) == NO_GROUP || !sameGroup(line, peek)) {
                    break; // the group ended without one
                }
                if (isFamilyMember(peek, "_created")) {
                    found = (long) (peek.value * 1000);
                    break;
                }
            }
        } catch (ExpositionParseException e) {
            // The main parse reports this when it gets there.
        } finally {
            pos = savedPos;
            tokStart = savedTokStart;
            state = savedState;
            lineStart = savedLineStart;
        }
        rememberStart(line, found);
        return found;
    }

    private void rememberStart(Line l, long value) {
        copyLine(l, startLine);
        startFamilyStart = familyStart;
        startFamilyEnd = familyEnd;
        startValue = value;
        startKnown = true;
    }

    /** Whether two samples of the current family have the same labels, apart from {@code le}/{@code quantile}. */
    private boolean sameGroup(Line a, Line b) {
        byte[] skipA = skippedLabel(startGroup(a));
        byte[] skipB = skippedLabel(startGroup(b));
        int i = 0;
        int j = 0;
        while (true) {
            i = nextLabel(a, i, skipA);
            j = nextLabel(b, j, skipB);
            if (i >= a.labelCount || j >= b.labelCount) {
                return i >= a.labelCount && j >= b.labelCount;
            }
            int at = i * L_STRIDE;
            int bt = j * L_STRIDE;
            if (!sameName(a.labels, at, b.labels, bt) || !Arrays.equals(buf, a.labels[at + L_VALUE_START],
                    a.labels[at + L_VALUE_END], buf, b.labels[bt + L_VALUE_START], b.labels[bt + L_VALUE_END])) {
                return false;
            }
            i++;
            j++;
        }
    }

    private static byte[] skippedLabel(int group) {
        return group == NORMALIZE_LE ? LE : group == NORMALIZE_QUANTILE ? QUANTILE : null;
    }

    private int nextLabel(Line l, int i, byte[] skip) {
        while (i < l.labelCount && skip != null && Arrays.equals(buf, l.labels[i * L_STRIDE + L_NAME_START],
                l.labels[i * L_STRIDE + L_NAME_END], skip, 0, skip.length)) {
            i++;
        }
        return i;
    }

    private static void copyLine(Line from, Line to) {
        to.nameStart = from.nameStart;
        to.nameEnd = from.nameEnd;
        to.labelCount = from.labelCount;
        if (to.labels.length < from.labelCount * L_STRIDE) {
            to.labels = new int[from.labels.length];
        }
        System.arraycopy(from.labels, 0, to.labels, 0, from.labelCount * L_STRIDE);
    }

    // ---- lexer: the token grammar of Prometheus's openmetricslex.l

    private int lex() {
        int p = pos;
        if (p >= len) {
            return T_EOF;
        }
        tokStart = p;
        byte c = buf[p];
        switch (state) {
            case S_INIT -> {
                if (c == '#') {
                    return lexHash(p);
                }
                return lexSeriesStart(p, c);
            }
            case S_META1 -> {
                return lexMetaName(p, c);
            }
            case S_META2 -> {
                if (c != ' ') {
                    return T_INVALID;
                }
                int q = p + 1;
                while (q < len && buf[q] != '\n') {
                    q++;
                }
                if (q >= len) {
                    pos = len;
                    return T_INVALID;
                }
                pos = q + 1;
                state = S_INIT;
                return T_TEXT;
            }
            case S_LABELS, S_EXEMPLAR -> {
                boolean series = state == S_LABELS;
                return lexLabel(p, c, series, series ? S_VALUE : S_EVALUE, series ? S_LVALUE : S_EVALUE);
            }
            case S_LVALUE -> {
                return c == '"' ? quoted(p, false, true, S_LABELS, T_LVALUE) : T_INVALID;
            }
            case S_VALUE -> {
                if (c == '{') {
                    return openBrace(p);
                }
                return c == ' ' ? spaced(p, S_TIMESTAMP, T_VALUE) : T_INVALID;
            }
            case S_TIMESTAMP -> {
                if (c == '\n') {
                    return lineBreak(p);
                }
                if (c != ' ') {
                    return T_INVALID;
                }
                // " # {" opens an exemplar; " #" followed by anything else but a blank is a timestamp.
                int q = p + 1;
                if (q < len && buf[q] == '#' && q + 1 < len && buf[q + 1] == ' ') {
                    if (q + 2 < len && buf[q + 2] == '{') {
                        pos = q + 3;
                        state = S_EXEMPLAR;
                        return T_COMMENT;
                    }
                    pos = q + 2;
                    return T_INVALID;
                }
                return spaced(p, S_TIMESTAMP, T_TIMESTAMP);
            }
            case S_EVALUE -> {
                if (c == '"') {
                    return quoted(p, false, false, S_EXEMPLAR, T_LVALUE);
                }
                return c == ' ' ? spaced(p, S_ETIMESTAMP, T_VALUE) : T_INVALID;
            }
            default -> { // S_ETIMESTAMP
                if (c == '\n') {
                    return lineBreak(p);
                }
                return c == ' ' ? spaced(p, S_ETIMESTAMP, T_TIMESTAMP) : T_INVALID;
            }
        }
    }

    // "# " then HELP, TYPE or UNIT and a blank, or EOF and an optional newline.
    private int lexHash(int p) {
        int q = p + 1;
        if (q >= len || buf[q] != ' ') {
            pos = q;
            return T_INVALID;
        }
        q++;
        if (q >= len) {
            pos = q;
            return T_INVALID;
        }
        return switch (buf[q]) {
            case 'H' -> keyword(q, "HELP ", T_HELP);
            case 'T' -> keyword(q, "TYPE ", T_TYPE);
            case 'U' -> keyword(q, "UNIT ", T_UNIT);
            case 'E' -> {
                int t = keyword(q, "EOF", T_EOFWORD);
                if (t == T_EOFWORD) {
                    state = S_INIT;
                    if (pos < len && buf[pos] == '\n') {
                        pos++;
                    }
                }
                yield t;
            }
            default -> {
                pos = q;
                yield T_INVALID;
            }
        };
    }

    private int keyword(int q, String word, int token) {
        for (int i = 0; i < word.length(); i++) {
            if (q + i >= len || buf[q + i] != word.charAt(i)) {
                pos = q + i;
                return T_INVALID;
            }
        }
        pos = q + word.length();
        state = S_META1;
        return token;
    }

    // A blank and then at least one byte up to the next blank or newline: values and timestamps.
    private int spaced(int p, int next, int token) {
        int q = p + 1;
        while (q < len) {
            byte d = buf[q];
            if (d == ' ' || d == '\n' || d == 0) {
                break;
            }
            q++;
        }
        pos = q;
        if (q == p + 1) {
            return T_INVALID;
        }
        state = next;
        return token;
    }
}
