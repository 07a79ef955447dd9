package io.epimetheus.expfmt.text;

import io.epimetheus.api.model.Exemplar;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.expfmt.ExpositionParseException;
import io.epimetheus.expfmt.ExpositionParser;
import io.epimetheus.expfmt.ParseOptions;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;

/**
 * What the text format and OpenMetrics parsers share: the body, the lexer position, the parsed
 * line, the accessors of {@link ExpositionParser}, label building and error reporting.
 *
 * <p>Both parsers lex with the token grammar of Prometheus's golex lexers ({@code promlex.l},
 * {@code openmetricslex.l}) so that the tokens, and therefore the error messages, come out the
 * same: an error names the expected token, the text of the token found plus one character, the
 * token kind, and the line up to there.
 */
abstract class TextParserBase implements ExpositionParser {

    // Token kinds; the names are Prometheus's, as they appear in error messages.
    static final int T_INVALID = -1;
    static final int T_EOF = 0;
    static final int T_LINEBREAK = 1;
    static final int T_HELP = 2;
    static final int T_TYPE = 3;
    static final int T_UNIT = 4;
    static final int T_EOFWORD = 5;
    static final int T_TEXT = 6;
    static final int T_COMMENT = 7;
    static final int T_MNAME = 8;
    static final int T_QSTRING = 9;
    static final int T_BOPEN = 10;
    static final int T_BCLOSE = 11;
    static final int T_LNAME = 12;
    static final int T_LVALUE = 13;
    static final int T_COMMA = 14;
    static final int T_EQUAL = 15;
    static final int T_TIMESTAMP = 16;
    static final int T_VALUE = 17;

    // Lexer states both grammars have; OpenMetrics numbers its exemplar states after these.
    static final int S_INIT = 0;
    static final int S_META1 = 1;
    static final int S_META2 = 2;
    static final int S_LABELS = 3;
    static final int S_LVALUE = 4;
    static final int S_VALUE = 5;
    static final int S_TIMESTAMP = 6;

    private static final String[] TOKEN_NAMES = {"EOF", "LINEBREAK", "HELP", "TYPE", "UNIT", "EOFWORD", "TEXT",
        "COMMENT", "MNAME", "QSTRING", "BOPEN", "BCLOSE", "LNAME", "LVALUE", "COMMA", "EQUAL", "TIMESTAMP", "VALUE"};

    static final double NORMAL_NAN = GoFloat.NORMAL_NAN;

    // Label record layout in Line.labels: name range, value range, flags.
    static final int L_NAME_START = 0;
    static final int L_NAME_END = 1;
    static final int L_VALUE_START = 2;
    static final int L_VALUE_END = 3;
    static final int L_FLAGS = 4;
    static final int L_STRIDE = 5;
    /** The name was a quoted string (it may hold escapes). */
    static final int F_NAME_QUOTED = 1;
    /** The name contains a backslash. */
    static final int F_NAME_ESCAPED = 2;
    /** The value contains a backslash. */
    static final int F_VALUE_ESCAPED = 4;
    /** The value contains a raw newline. */
    static final int F_VALUE_NEWLINE = 8;
    /** The quoted name contains a raw newline. */
    static final int F_NAME_NEWLINE = 16;

    // What labels() rewrites to the canonical float form.
    static final int NORMALIZE_NONE = 0;
    static final int NORMALIZE_LE = 1;
    static final int NORMALIZE_QUANTILE = 2;

    static final byte[] LE = {'l', 'e'};
    static final byte[] QUANTILE = {'q', 'u', 'a', 'n', 't', 'i', 'l', 'e'};
    private static final byte[] METRIC_NAME = Labels.METRIC_NAME.getBytes(StandardCharsets.US_ASCII);

    /** One parsed series line; the OpenMetrics parser keeps a second one to look ahead. */
    static final class Line {
        int seriesStart;
        int seriesEnd;
        int nameStart;
        int nameEnd;
        /** The name was a quoted string; with escapes when {@link #nameEscaped}. */
        boolean nameQuoted;
        boolean nameEscaped;
        int[] labels = new int[16 * L_STRIDE];
        int labelCount;
        double value;
        boolean hasTimestamp;
        long timestamp;
        /** OpenMetrics timestamps in seconds, as written; strict validation compares these. */
        double timestampSeconds;
        boolean hasExemplar;
        int[] exemplarLabels = new int[4 * L_STRIDE];
        int exemplarLabelCount;
        double exemplarValue;
        boolean exemplarHasTimestamp;
        long exemplarTimestamp;
        /** Where a label set ended with a comma before its brace (allowed unless strict), or -1. */
        int trailingComma;

        void clear() {
            nameStart = -1;
            nameEnd = -1;
            nameQuoted = false;
            nameEscaped = false;
            labelCount = 0;
            hasTimestamp = false;
            hasExemplar = false;
            exemplarLabelCount = 0;
            exemplarHasTimestamp = false;
            trailingComma = -1;
        }

        void addLabel(boolean exemplar, int nameStart, int nameEnd, int valueStart, int valueEnd, int flags) {
            int[] a = exemplar ? exemplarLabels : labels;
            int n = exemplar ? exemplarLabelCount : labelCount;
            int at = n * L_STRIDE;
            if (at + L_STRIDE > a.length) {
                a = Arrays.copyOf(a, a.length * 2);
                if (exemplar) {
                    exemplarLabels = a;
                } else {
                    labels = a;
                }
            }
            a[at + L_NAME_START] = nameStart;
            a[at + L_NAME_END] = nameEnd;
            a[at + L_VALUE_START] = valueStart;
            a[at + L_VALUE_END] = valueEnd;
            a[at + L_FLAGS] = flags;
            if (exemplar) {
                exemplarLabelCount++;
            } else {
                labelCount++;
            }
        }
    }

    final ParseOptions options;
    final GoFloat floats = new GoFloat();
    final Line line = new Line();
    private final Interner strings = new Interner();

    byte[] buf = new byte[0];
    int len;
    /** The length of the caller's body; {@link #len} may count an added final newline. */
    int bodyLength;
    // Lexer: position (Prometheus's l.i), start of the current token (l.start), state, and the
    // start of the current line (p.start).
    int pos;
    int tokStart;
    int state;
    int lineStart;
    boolean done;

    // The current metadata entry.
    int metaStart;
    int metaEnd;
    boolean metaQuoted;
    int textStart;
    int textEnd;
    MetricType metaType;
    int commentStart;
    int commentEnd;

    // The current metric family: named by the last metadata line, typed by its TYPE line.
    int familyStart;
    int familyEnd;
    MetricType familyType;

    TextParserBase(ParseOptions options) {
        this.options = options;
    }

    /** Sets up a new body; subclasses reset their own state too. */
    void start(byte[] body, int length) {
        if (length < 0 || length > body.length) {
            throw new IllegalArgumentException("length " + length + " outside the body of " + body.length + " bytes");
        }
        buf = body;
        len = length;
        bodyLength = length;
        pos = 0;
        tokStart = 0;
        state = 0;
        lineStart = 0;
        done = false;
        familyStart = -1;
        familyEnd = -1;
        familyType = MetricType.UNKNOWN;
        line.clear();
    }

    // ---- accessors

    @Override
    public byte[] buffer() {
        return buf;
    }

    @Override
    public int seriesOffset() {
        return line.seriesStart;
    }

    @Override
    public int seriesLength() {
        return line.seriesEnd - line.seriesStart;
    }

    @Override
    public long seriesHash() {
        return ByteHash.hash(buf, line.seriesStart, line.seriesEnd);
    }

    @Override
    public double value() {
        return line.value;
    }

    @Override
    public boolean hasTimestamp() {
        return line.hasTimestamp;
    }

    @Override
    public long timestamp() {
        return line.timestamp;
    }

    @Override
    public long startTimestamp() {
        return 0;
    }

    @Override
    public void labels(LabelsBuilder builder) {
        Line l = line;
        builder.reset();
        builder.set(Labels.METRIC_NAME, name(l.nameStart, l.nameEnd, l.nameEscaped));
        int normalize = normalization(l);
        int[] a = l.labels;
        for (int i = 0, at = 0; i < l.labelCount; i++, at += L_STRIDE) {
            int flags = a[at + L_FLAGS];
            String value = (flags & F_VALUE_ESCAPED) != 0
                    ? unescape(a[at + L_VALUE_START], a[at + L_VALUE_END], true)
                    : strings.get(buf, a[at + L_VALUE_START], a[at + L_VALUE_END]);
            if (normalize != NORMALIZE_NONE && isLabel(a, at, normalize == NORMALIZE_LE ? LE : QUANTILE)) {
                value = canonicalFloat(value);
            }
            builder.set(name(a[at + L_NAME_START], a[at + L_NAME_END], (flags & F_NAME_ESCAPED) != 0), value);
        }
    }

    @Override
    public int emptyLabelNames(Collection<? super String> names) {
        Line l = line;
        int[] a = l.labels;
        int added = 0;
        for (int i = 0, at = 0; i < l.labelCount; i++, at += L_STRIDE) {
            if (a[at + L_VALUE_START] == a[at + L_VALUE_END]) {
                names.add(name(a[at + L_NAME_START], a[at + L_NAME_END], (a[at + L_FLAGS] & F_NAME_ESCAPED) != 0));
                added++;
            }
        }
        return added;
    }

    @Override
    public Exemplar exemplar() {
        Line l = line;
        if (!l.hasExemplar) {
            return null;
        }
        LabelsBuilder b = new LabelsBuilder();
        int[] a = l.exemplarLabels;
        for (int i = 0, at = 0; i < l.exemplarLabelCount; i++, at += L_STRIDE) {
            int flags = a[at + L_FLAGS];
            b.set(name(a[at + L_NAME_START], a[at + L_NAME_END], (flags & F_NAME_ESCAPED) != 0),
                    (flags & F_VALUE_ESCAPED) != 0 ? unescape(a[at + L_VALUE_START], a[at + L_VALUE_END], true)
                            : strings.get(buf, a[at + L_VALUE_START], a[at + L_VALUE_END]));
        }
        return new Exemplar(b.build(), l.exemplarValue,
                l.exemplarHasTimestamp ? l.exemplarTimestamp : Exemplar.NO_TIMESTAMP);
    }

    @Override
    public String metricFamily() {
        return name(metaStart, metaEnd, metaQuoted);
    }

    @Override
    public int metricFamilyOffset() {
        return metaStart;
    }

    @Override
    public int metricFamilyLength() {
        return metaEnd - metaStart;
    }

    @Override
    public int textOffset() {
        return textStart;
    }

    @Override
    public int textLength() {
        return textEnd - textStart;
    }

    @Override
    public MetricType type() {
        return metaType;
    }

    @Override
    public String unit() {
        return new String(buf, textStart, textEnd - textStart, StandardCharsets.UTF_8);
    }

    @Override
    public String comment() {
        return new String(buf, commentStart, commentEnd - commentStart, StandardCharsets.UTF_8);
    }

    /**
     * Which label, if any, of the current series Prometheus rewrites to the canonical float form:
     * {@code le} of a histogram's buckets, {@code quantile} of a summary's quantiles.
     */
    private int normalization(Line l) {
        if (familyType == MetricType.HISTOGRAM && isFamilyMember(l, "_bucket")) {
            return NORMALIZE_LE;
        }
        if (familyType == MetricType.SUMMARY && isFamilyMember(l, "")) {
            return NORMALIZE_QUANTILE;
        }
        return NORMALIZE_NONE;
    }

    /** Whether the series' name is the current family's name followed by {@code suffix}. */
    final boolean isFamilyMember(Line l, String suffix) {
        int n = familyEnd - familyStart;
        if (familyStart < 0 || l.nameEnd - l.nameStart != n + suffix.length()
                || !Arrays.equals(buf, l.nameStart, l.nameStart + n, buf, familyStart, familyEnd)) {
            return false;
        }
        for (int i = 0; i < suffix.length(); i++) {
            if (buf[l.nameStart + n + i] != suffix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean isLabel(int[] a, int at, byte[] name) {
        return Arrays.equals(buf, a[at + L_NAME_START], a[at + L_NAME_END], name, 0, name.length);
    }

    final boolean isMetricNameLabel(int[] a, int at) {
        return isLabel(a, at, METRIC_NAME);
    }

    // labels.FormatOpenMetricsFloat: Go's 'g' form, with ".0" added to integers.
    private String canonicalFloat(String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        double f = floats.parse(b, 0, b.length);
        if (floats.status != GoFloat.OK && floats.status != GoFloat.RANGE) {
            return value;
        }
        return GoFloat.formatOpenMetrics(f);
    }

    /** A metric or label name: interned, or unescaped when it was quoted with escapes. */
    final String name(int from, int to, boolean escaped) {
        return escaped ? unescape(from, to, true) : strings.get(buf, from, to);
    }

    /**
     * Resolves the escapes Prometheus resolves: {@code \\} and {@code \n}, and {@code \"} when
     * {@code quote}; any other backslash stays as it is.
     */
    final String unescape(int from, int to, boolean quote) {
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            byte c = buf[i];
            if (c == '\\' && i + 1 < to) {
                byte d = buf[i + 1];
                if (d == '\\' || d == 'n' || (d == '"' && quote)) {
                    out[n++] = d == 'n' ? (byte) '\n' : d;
                    i++;
                    continue;
                }
            }
            out[n++] = c;
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    // ---- shared validation

    /**
     * Checks a parsed series line beyond Prometheus's own parser, for what its scrape loop or
     * storage would reject later: UTF-8 in quoted names and unique label names (including no
     * explicit {@code __name__} next to the metric name).
     */
    final void checkLine(Line l) throws ExpositionParseException {
        if (l.nameQuoted && !Utf8.isValid(buf, l.nameStart, l.nameEnd)) {
            throw error("invalid UTF-8 metric name: " + GoQuote.quote(buf, l.nameStart, l.nameEnd), l.nameStart);
        }
        checkLabelNames(l.labels, l.labelCount, true);
        if (l.hasExemplar) {
            checkLabelNames(l.exemplarLabels, l.exemplarLabelCount, false);
        }
    }

    private void checkLabelNames(int[] a, int count, boolean series) throws ExpositionParseException {
        for (int i = 0, at = 0; i < count; i++, at += L_STRIDE) {
            int ns = a[at + L_NAME_START];
            int ne = a[at + L_NAME_END];
            int flags = a[at + L_FLAGS];
            if ((flags & F_NAME_QUOTED) != 0 && !Utf8.isValid(buf, ns, ne)) {
                throw error("invalid UTF-8 label name: " + GoQuote.quote(buf, ns, ne), ns);
            }
            if (series && isMetricNameLabel(a, at)) {
                throw error("label name \"__name__\" is not unique: the metric name is set already", ns);
            }
            for (int j = 0, bt = 0; j < i; j++, bt += L_STRIDE) {
                if (sameName(a, at, a, bt)) {
                    throw error((series ? "" : "exemplar ") + "label name "
                            + GoQuote.quote(name(ns, ne, (flags & F_NAME_ESCAPED) != 0)) + " is not unique", ns);
                }
            }
        }
    }

    /** Whether two label records name the same label, comparing unescaped when either has escapes. */
    final boolean sameName(int[] a, int at, int[] b, int bt) {
        int as = a[at + L_NAME_START];
        int ae = a[at + L_NAME_END];
        int bs = b[bt + L_NAME_START];
        int be = b[bt + L_NAME_END];
        if (((a[at + L_FLAGS] | b[bt + L_FLAGS]) & F_NAME_ESCAPED) != 0) {
            return unescape(as, ae, true).equals(unescape(bs, be, true));
        }
        return ae - as == be - bs && buf[as] == buf[bs] && Arrays.equals(buf, as, ae, buf, bs, be);
    }

    // ---- errors

    /** Prometheus's parse error: what was expected, the token found (plus one byte), and the line so far. */
    final ExpositionParseException parseError(String expected, int token) {
        int e = Math.min(len, pos + 1);
        String reason = expected + ", got " + GoQuote.quote(buf, Math.min(tokStart, e), e) + " ("
                + GoQuote.quote(tokenName(token)) + ") while parsing: " + GoQuote.quote(buf, lineStart, e);
        return error(reason, token == T_INVALID || token == T_EOF ? pos : tokStart);
    }

    /** A float that does not parse, worded as Prometheus wraps Go's error. */
    final ExpositionParseException floatError(int from, int to) {
        String what = switch (floats.status) {
            case GoFloat.UNSUPPORTED -> "unsupported character in float";
            case GoFloat.RANGE -> "strconv.ParseFloat: parsing " + GoQuote.quote(buf, from, to) + ": value out of range";
            default -> "strconv.ParseFloat: parsing " + GoQuote.quote(buf, from, to) + ": invalid syntax";
        };
        return error(what + " while parsing: " + GoQuote.quote(buf, lineStart, pos), from);
    }

    /** An error at byte {@code offset}, with its line and column. */
    final ExpositionParseException error(String reason, int offset) {
        int at = Math.max(0, Math.min(offset, bodyLength));
        int line = 1;
        int lineBegin = 0;
        for (int i = 0; i < at; i++) {
            if (buf[i] == '\n') {
                line++;
                lineBegin = i + 1;
            }
        }
        int column = 1;
        for (int i = lineBegin; i < at; i++) {
            if ((buf[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return new ExpositionParseException(reason, line, column, at);
    }

    static String tokenName(int token) {
        return token == T_INVALID ? "INVALID" : TOKEN_NAMES[token];
    }

    // ---- lexing helpers shared by both grammars

    static boolean isMetricNameStart(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    static boolean isMetricNameChar(byte c) {
        return isMetricNameStart(c) || (c >= '0' && c <= '9');
    }

    static boolean isLabelNameStart(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isLabelNameChar(byte c) {
        return isLabelNameStart(c) || (c >= '0' && c <= '9');
    }

    /** Scans {@code [a-zA-Z_:][a-zA-Z0-9_:]*} from {@code pos}, whose first byte is known to fit. */
    final int scanMetricName(int p) {
        p++;
        while (p < len && isMetricNameChar(buf[p])) {
            p++;
        }
        return p;
    }

    final int scanLabelName(int p) {
        p++;
        while (p < len && isLabelNameChar(buf[p])) {
            p++;
        }
        return p;
    }

    /** The label flags of a name that was the quoted string just scanned. */
    final int quotedNameFlags() {
        return F_NAME_QUOTED | ((quotedFlags & F_VALUE_ESCAPED) != 0 ? F_NAME_ESCAPED : 0)
                | ((quotedFlags & F_VALUE_NEWLINE) != 0 ? F_NAME_NEWLINE : 0);
    }

    // ---- metadata lines

    /**
     * Reads the name token {@code t} of a metadata line of {@code kind} into {@link #metaStart} and
     * {@link #metaEnd}, without the quotes of a quoted name; returns the label flags of a quoted name.
     */
    final int metaName(int kind, int t) throws ExpositionParseException {
        if (t != T_MNAME) {
            throw parseError("expected metric name after " + tokenName(kind), t);
        }
        metaStart = tokStart;
        metaEnd = pos;
        metaQuoted = buf[metaStart] == '"';
        int nameFlags = metaQuoted ? quotedNameFlags() : 0;
        if (metaQuoted) {
            metaStart++;
            metaEnd--;
            if (!Utf8.isValid(buf, metaStart, metaEnd)) {
                throw error("invalid UTF-8 metric name: " + GoQuote.quote(buf, metaStart, metaEnd), metaStart);
            }
        }
        return nameFlags;
    }

    /** Whether the metadata text is {@code word}, which is known to have its length. */
    final boolean textIs(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (buf[textStart + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A metadata line for another name starts a new family, untyped until its TYPE line. */
    final void enterFamily(int kind) {
        if (familyStart < 0 || !Arrays.equals(buf, metaStart, metaEnd, buf, familyStart, familyEnd)) {
            familyStart = metaStart;
            familyEnd = metaEnd;
            familyType = MetricType.UNKNOWN;
        }
        if (kind == T_TYPE) {
            familyType = metaType;
        }
    }

    // ---- label sets

    /** The label flags of label name token {@code t}: 0 for a plain name; anything but a name is an error. */
    final int labelNameFlags(int t) throws ExpositionParseException {
        if (t == T_LNAME) {
            return 0;
        }
        if (t == T_QSTRING) {
            return quotedNameFlags();
        }
        throw parseError("expected label name", t);
    }

    /**
     * A quoted string standing alone in the label set of {@code l}, the token {@code buf[s, e)}
     * with its quotes: the metric name, which a series has only once.
     */
    final void quotedMetricName(Line l, int s, int e, int nameFlags) throws ExpositionParseException {
        if (l.nameStart >= 0) {
            throw error("metric name already set while parsing: " + GoQuote.quote(buf, lineStart, pos), s);
        }
        l.nameStart = s + 1;
        l.nameEnd = e - 1;
        l.nameQuoted = true;
        l.nameEscaped = (nameFlags & F_NAME_ESCAPED) != 0;
    }

    /**
     * The value token {@code t} of the label whose name token is {@code buf[s, e)} (with its quotes
     * when {@code nameFlags} say it was quoted): checked and added to {@code l}.
     */
    final void labelValue(Line l, boolean exemplar, int s, int e, int nameFlags, int t) throws ExpositionParseException {
        if (t != T_LVALUE) {
            throw parseError("expected label value", t);
        }
        if (!quotedAscii && !Utf8.isValid(buf, tokStart, pos)) {
            throw error("invalid UTF-8 label value: " + GoQuote.quote(buf, tokStart, pos), tokStart);
        }
        int quote = (nameFlags & F_NAME_QUOTED) != 0 ? 1 : 0;
        l.addLabel(exemplar, s + quote, e - quote, tokStart + 1, pos - 1, nameFlags | quotedFlags);
    }

    // ---- lexer state handlers shared by both grammars; p is the token start, c the byte there

    /** S_INIT after the format's own cases: a metric name, or the brace of a name-less series. */
    final int lexSeriesStart(int p, byte c) {
        if (isMetricNameStart(c)) {
            pos = scanMetricName(p);
            state = S_VALUE;
            return T_MNAME;
        }
        return c == '{' ? openBrace(p) : T_INVALID;
    }

    /** S_META1: the metric name of a metadata line, plain or quoted. */
    final int lexMetaName(int p, byte c) {
        if (c == '"') {
            return quoted(p, true, false, S_META2, T_MNAME);
        }
        if (isMetricNameStart(c)) {
            pos = scanMetricName(p);
            state = S_META2;
            return T_MNAME;
        }
        return T_INVALID;
    }

    /**
     * Inside a label set: a label name, plain or quoted (a quoted name may span lines when {@code
     * allowNewline}), the closing brace (then state {@code afterClose}), the equal sign (then
     * {@code afterEqual}) or a comma.
     */
    final int lexLabel(int p, byte c, boolean allowNewline, int afterClose, int afterEqual) {
        if (isLabelNameStart(c)) {
            pos = scanLabelName(p);
            return T_LNAME;
        }
        switch (c) {
            case '"' -> {
                return quoted(p, allowNewline, false, state, T_QSTRING);
            }
            case '}' -> {
                pos = p + 1;
                state = afterClose;
                return T_BCLOSE;
            }
            case '=' -> {
                pos = p + 1;
                state = afterEqual;
                return T_EQUAL;
            }
            case ',' -> {
                pos = p + 1;
                return T_COMMA;
            }
            default -> {
                return T_INVALID;
            }
        }
    }

    /** The brace opening the label set of a series. */
    final int openBrace(int p) {
        pos = p + 1;
        state = S_LABELS;
        return T_BOPEN;
    }

    /** The newline ending a line. */
    final int lineBreak(int p) {
        pos = p + 1;
        state = S_INIT;
        return T_LINEBREAK;
    }

    /** A quoted string token, then state {@code next}; an unterminated or invalid one is T_INVALID. */
    final int quoted(int p, boolean allowNewline, boolean allowNul, int next, int token) {
        int e = scanQuoted(p, allowNewline, allowNul);
        if (e < 0) {
            pos = -e - 1;
            return T_INVALID;
        }
        pos = e;
        state = next;
        return token;
    }

    // Flags of the last quoted string scanned.
    int quotedFlags;
    boolean quotedAscii;

    /**
     * Scans a double-quoted string {@code "(\\.|[^\\"])*"} starting at the quote at {@code p}.
     * Returns the position after the closing quote, or the negated position (minus one) where it
     * cannot continue. A backslash escapes any character but a newline; raw newlines and NUL bytes
     * are allowed as the grammar of the token says. Records escapes, newlines and non-ASCII bytes.
     */
    final int scanQuoted(int p, boolean allowNewline, boolean allowNul) {
        byte[] b = buf;
        int end = len;
        int flags = 0;
        int high = 0;
        p++;
        while (p < end) {
            byte c = b[p];
            if (c == '"') {
                quotedFlags = flags;
                quotedAscii = high >= 0;
                return p + 1;
            }
            if (c == '\\') {
                flags |= F_VALUE_ESCAPED;
                p++;
                if (p >= end || b[p] == '\n' || (b[p] == 0 && !allowNul)) {
                    return -p - 1;
                }
                high |= b[p];
                p++;
                continue;
            }
            if (c == '\n') {
                if (!allowNewline) {
                    return -p - 1;
                }
                flags |= F_VALUE_NEWLINE;
            } else if (c == 0 && !allowNul) {
                return -p - 1;
            }
            high |= c;
            p++;
        }
        return -end - 1;
    }
}
