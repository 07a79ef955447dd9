package io.epimetheus.expfmt.text;

import io.epimetheus.api.model.MetricType;
import io.epimetheus.expfmt.ExpositionFormat;
import io.epimetheus.expfmt.ExpositionParseException;
import io.epimetheus.expfmt.ParseOptions;
import java.util.HashMap;
import java.util.Map;

/**
 * The Prometheus text format 0.0.4 parser: Prometheus's {@code PromParser} behaviour (blank lines
 * and {@code #} comments allowed, free spacing around labels and values, integer millisecond
 * timestamps, quoted UTF-8 names) with its exact error messages.
 *
 * <p>Deliberate differences, each rejecting what Prometheus's scrape would lose or store wrongly:
 * a NUL byte at the start of a line is an error (Prometheus silently stops reading there); HELP
 * and TYPE text must be separated from the name by a blank (Prometheus drops whatever byte is
 * there); invalid UTF-8 in comments and quoted names, duplicate label names and an explicit
 * {@code __name__} label are errors at the line they occur in.
 */
public final class PrometheusTextParser extends TextParserBase {

    // Strict mode: per family name, which of HELP, TYPE and samples were seen.
    private static final int SEEN_HELP = 1;
    private static final int SEEN_TYPE = 2;
    private static final int SEEN_SAMPLES = 4;

    private byte[] copy = new byte[0];
    private final Map<ByteKey, int[]> families = new HashMap<>();
    // The family the last sample was counted for, to look it up once per run of samples.
    private int lastFamilyStart = -1;
    private int lastFamilyEnd;
    private int[] lastFamilySeen;

    public PrometheusTextParser(ParseOptions options) {
        super(options);
    }

    @Override
    public ExpositionFormat format() {
        return ExpositionFormat.PROMETHEUS_TEXT;
    }

    @Override
    public PrometheusTextParser reset(byte[] body, int length) {
        if (length > 0 && length <= body.length && body[length - 1] != '\n') {
            // Like Prometheus, parse as if the body ended with a newline.
            if (copy.length < length + 1) {
                copy = new byte[length + 1];
            }
            System.arraycopy(body, 0, copy, 0, length);
            copy[length] = '\n';
            start(copy, length + 1);
            bodyLength = length;
        } else {
            start(body, length);
        }
        families.clear();
        lastFamilyStart = -1;
        lastFamilySeen = null;
        return this;
    }

    @Override
    public String help() {
        return unescape(textStart, textEnd, false);
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
                case T_EOF -> {
                    done = true;
                    return Entry.END;
                }
                case T_LINEBREAK -> {
                    continue;
                }
                case T_HELP, T_TYPE -> {
                    return metadata(t);
                }
                case T_COMMENT -> {
                    commentStart = tokStart;
                    commentEnd = pos;
                    if (!Utf8.isValid(buf, commentStart, commentEnd)) {
                        throw error("invalid UTF-8 in comment: " + GoQuote.quote(buf, commentStart, commentEnd), commentStart);
                    }
                    int t2 = lex();
                    if (t2 != T_LINEBREAK) {
                        throw parseError("linebreak expected after comment", t2);
                    }
                    return Entry.COMMENT;
                }
                case T_BOPEN -> {
                    line.clear();
                    line.seriesStart = lineStart;
                    parseLabels();
                    line.seriesEnd = pos;
                    return series(lex());
                }
                case T_MNAME -> {
                    line.clear();
                    line.seriesStart = lineStart;
                    line.nameStart = tokStart;
                    line.nameEnd = pos;
                    line.seriesEnd = pos;
                    int t2 = lex();
                    if (t2 == T_BOPEN) {
                        parseLabels();
                        line.seriesEnd = pos;
                        t2 = lex();
                    }
                    return series(t2);
                }
                default -> throw parseError("expected a valid start token", t);
            }
        }
    }

    private Entry metadata(int kind) throws ExpositionParseException {
        int nameFlags = metaName(kind, lex());
        int t = lex();
        if (t != T_TEXT) {
            throw error("expected text in " + tokenName(kind) + ", got " + tokenName(t), tokStart);
        }
        // The text token starts with the blank after the name. Prometheus drops its first byte
        // whatever it is ("# TYPE x-gauge" types x); here it has to be a blank.
        if (pos > tokStart && buf[tokStart] != ' ' && buf[tokStart] != '\t') {
            throw error("expected a blank between the metric name and the text in " + tokenName(kind) + ", got "
                    + GoQuote.quote(buf, tokStart, Math.min(pos, tokStart + 1)), tokStart);
        }
        textStart = pos - tokStart > 1 ? tokStart + 1 : pos;
        textEnd = pos;
        if (kind == T_TYPE) {
            metaType = typeWord();
            if (metaType == null) {
                throw error("invalid metric type " + GoQuote.quote(buf, textStart, textEnd), textStart);
            }
        } else if (!Utf8.isValid(buf, textStart, textEnd)) {
            throw error("help text " + GoQuote.quote(buf, textStart, textEnd) + " is not a valid utf8 string", textStart);
        }
        t = lex();
        if (t != T_LINEBREAK) {
            throw parseError("linebreak expected after metadata", t);
        }
        enterFamily(kind);
        if (options.strict()) {
            strictMetadata(kind, nameFlags);
        }
        return kind == T_HELP ? Entry.HELP : Entry.TYPE;
    }

    private MetricType typeWord() {
        return switch (textEnd - textStart) {
            case 5 -> textIs("gauge") ? MetricType.GAUGE : null;
            case 7 -> textIs("counter") ? MetricType.COUNTER : textIs("summary") ? MetricType.SUMMARY
                    : textIs("untyped") ? MetricType.UNKNOWN : null;
            case 9 -> textIs("histogram") ? MetricType.HISTOGRAM : null;
            default -> null;
        };
    }

    private void parseLabels() throws ExpositionParseException {
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
            // A quoted string standing alone is the metric name.
            if (quoted && (t == T_COMMA || t == T_BCLOSE)) {
                quotedMetricName(line, s, e, nameFlags);
                if (t == T_BCLOSE) {
                    return;
                }
                t = lex();
                continue;
            }
            if (t != T_EQUAL) {
                throw parseError("expected equal", t);
            }
            labelValue(line, false, s, e, nameFlags, lex());
            // A comma after the last label is allowed, and so is none between labels.
            t = lex();
            if (t == T_COMMA) {
                t = lex();
            }
        }
    }

    private Entry series(int t) throws ExpositionParseException {
        if (line.nameStart < 0) {
            throw error("metric name not set while parsing: " + GoQuote.quote(buf, lineStart, pos), lineStart);
        }
        if (t != T_VALUE) {
            throw parseError("expected value after metric", t);
        }
        double v = floats.parse(buf, tokStart, pos);
        if (floats.status != GoFloat.OK) {
            throw floatError(tokStart, pos);
        }
        line.value = v != v ? NORMAL_NAN : v;
        t = lex();
        if (t == T_TIMESTAMP) {
            line.timestamp = parseTimestamp();
            line.hasTimestamp = true;
            t = lex();
            if (t != T_LINEBREAK) {
                throw parseError("expected next entry after timestamp", t);
            }
        } else if (t != T_LINEBREAK) {
            throw parseError("expected timestamp or new record", t);
        }
        checkLine(line);
        if (options.strict()) {
            strictSample();
        }
        return Entry.SERIES;
    }

    private long parseTimestamp() throws ExpositionParseException {
        long ts = 0;
        for (int i = tokStart; i < pos; i++) {
            int d = buf[i] - '0';
            if (ts > (Long.MAX_VALUE - d) / 10) {
                throw error("strconv.ParseInt: parsing " + GoQuote.quote(buf, tokStart, pos) + ": value out of range"
                        + " while parsing: " + GoQuote.quote(buf, lineStart, pos), tokStart);
            }
            ts = ts * 10 + d;
        }
        return ts;
    }

    private boolean sameBytes(int as, int ae, int bs, int be) {
        return java.util.Arrays.equals(buf, as, ae, buf, bs, be);
    }

    // ---- lexer: the token grammar of Prometheus's promlex.l

    private int lex() {
        if (state == S_META2) {
            return lexText();
        }
        int p = pos;
        // Blanks separate tokens in every state and are not tokens of their own here.
        if (p < len && (buf[p] == ' ' || buf[p] == '\t')) {
            tokStart = p;
            do {
                p++;
            } while (p < len && (buf[p] == ' ' || buf[p] == '\t'));
            pos = p;
        }
        if (p >= len) {
            return T_EOF;
        }
        tokStart = p;
        byte c = buf[p];
        switch (state) {
            case S_INIT -> {
                if (c == '\n') {
                    return lineBreak(p);
                }
                if (c == '#') {
                    return lexHash(p);
                }
                return lexSeriesStart(p, c);
            }
            case S_META1 -> {
                return lexMetaName(p, c);
            }
            case S_LABELS -> {
                return lexLabel(p, c, true, S_VALUE, S_LVALUE);
            }
            case S_LVALUE -> {
                return c == '"' ? quoted(p, true, true, S_LABELS, T_LVALUE) : T_INVALID;
            }
            case S_VALUE -> {
                if (c == '{') {
                    return openBrace(p);
                }
                if (c == '\n' || c == 0) {
                    return T_INVALID;
                }
                int q = p + 1;
                while (q < len) {
                    byte d = buf[q];
                    if (d == ' ' || d == '\t' || d == '\n' || d == '{' || d == 0) {
                        break;
                    }
                    q++;
                }
                pos = q;
                state = S_TIMESTAMP;
                return T_VALUE;
            }
            default -> { // S_TIMESTAMP
                if (c >= '0' && c <= '9') {
                    int q = p + 1;
                    while (q < len && buf[q] >= '0' && buf[q] <= '9') {
                        q++;
                    }
                    pos = q;
                    return T_TIMESTAMP;
                }
                if (c == '\n') {
                    return lineBreak(p);
                }
                return T_INVALID;
            }
        }
    }

    // '#' then blanks then HELP or TYPE and blanks is metadata; any other '#' line a comment.
    private int lexHash(int p) {
        int q = p + 1;
        if (q < len && (buf[q] == ' ' || buf[q] == '\t')) {
            do {
                q++;
            } while (q < len && (buf[q] == ' ' || buf[q] == '\t'));
            int kind = keywordAt(q);
            if (kind != T_INVALID && q + 4 < len && (buf[q + 4] == ' ' || buf[q + 4] == '\t')) {
                q += 5;
                while (q < len && (buf[q] == ' ' || buf[q] == '\t')) {
                    q++;
                }
                pos = q;
                state = S_META1;
                return kind;
            }
        }
        while (q < len && buf[q] != '\n') {
            q++;
        }
        pos = q;
        return T_COMMENT;
    }

    private int keywordAt(int q) {
        if (q + 4 > len) {
            return T_INVALID;
        }
        if (buf[q] == 'H' && buf[q + 1] == 'E' && buf[q + 2] == 'L' && buf[q + 3] == 'P') {
            return T_HELP;
        }
        if (buf[q] == 'T' && buf[q + 1] == 'Y' && buf[q + 2] == 'P' && buf[q + 3] == 'E') {
            return T_TYPE;
        }
        return T_INVALID;
    }

    /**
     * The rest of a HELP or TYPE line. It includes the blank after the name; when only blanks
     * remain they are skipped and the text is empty, as the longest-match rule of the lexer has it.
     */
    private int lexText() {
        int p = pos;
        int eol = p;
        boolean blank = true;
        while (eol < len && buf[eol] != '\n') {
            blank &= buf[eol] == ' ' || buf[eol] == '\t';
            eol++;
        }
        tokStart = blank ? eol : p;
        pos = eol;
        state = S_INIT;
        return T_TEXT;
    }

    // ---- strict mode: the rules of the reference Go text parser

    private void strictMetadata(int kind, int nameFlags) throws ExpositionParseException {
        checkNameEscapes(metaStart, metaEnd, nameFlags, "metric name");
        int[] seen = families.computeIfAbsent(ByteKey.of(buf, metaStart, metaEnd), k -> new int[1]);
        lastFamilyStart = -1;
        String name = GoQuote.quote(metricFamily());
        if (kind == T_HELP) {
            if ((seen[0] & SEEN_HELP) != 0) {
                throw error("second HELP line for metric name " + name, metaStart);
            }
            seen[0] |= SEEN_HELP;
            checkEscapes(textStart, textEnd, false);
        } else {
            if ((seen[0] & (SEEN_TYPE | SEEN_SAMPLES)) != 0) {
                throw error("second TYPE line for metric name " + name + ", or TYPE reported after samples", metaStart);
            }
            seen[0] |= SEEN_TYPE;
        }
    }

    private void strictSample() throws ExpositionParseException {
        Line l = line;
        if (l.nameQuoted) {
            checkNameEscapes(l.nameStart, l.nameEnd, l.nameEscaped ? F_NAME_ESCAPED : 0, "metric name");
        }
        int[] a = l.labels;
        for (int i = 0, at = 0; i < l.labelCount; i++, at += L_STRIDE) {
            int flags = a[at + L_FLAGS];
            checkNameEscapes(a[at + L_NAME_START], a[at + L_NAME_END], flags, "label name");
            if ((flags & F_VALUE_NEWLINE) != 0) {
                throw error("label value " + GoQuote.quote(buf, a[at + L_VALUE_START], a[at + L_VALUE_END])
                        + " contains unescaped new-line", a[at + L_VALUE_START]);
            }
            if ((flags & F_VALUE_ESCAPED) != 0) {
                checkEscapes(a[at + L_VALUE_START], a[at + L_VALUE_END], true);
            }
        }
        boolean bucket = familyType == MetricType.HISTOGRAM && isFamilyMember(l, "_bucket");
        boolean quantile = familyType == MetricType.SUMMARY && isFamilyMember(l, "");
        if (bucket || quantile) {
            checkFloatLabel(bucket ? "le" : "quantile");
        }
        if (familyType == MetricType.HISTOGRAM && l.value < 0) {
            if (bucket) {
                throw error("negative bucket population for histogram " + GoQuote.quote(familyName()), l.seriesStart);
            }
            if (isFamilyMember(l, "_count")) {
                throw error("negative count for histogram " + GoQuote.quote(familyName()), l.seriesStart);
            }
        }
        boolean member = bucket || isFamilyMember(l, "")
                || (familyType == MetricType.HISTOGRAM || familyType == MetricType.SUMMARY)
                && (isFamilyMember(l, "_count") || isFamilyMember(l, "_sum"));
        int from = member ? familyStart : l.nameStart;
        int to = member ? familyEnd : l.nameEnd;
        if (lastFamilyStart < 0 || !sameBytes(from, to, lastFamilyStart, lastFamilyEnd)) {
            lastFamilySeen = families.computeIfAbsent(ByteKey.of(buf, from, to), k -> new int[1]);
            lastFamilyStart = from;
            lastFamilyEnd = to;
        }
        lastFamilySeen[0] |= SEEN_SAMPLES;
    }

    private String familyName() {
        return name(familyStart, familyEnd, false);
    }

    private void checkFloatLabel(String label) throws ExpositionParseException {
        int[] a = line.labels;
        for (int i = 0, at = 0; i < line.labelCount; i++, at += L_STRIDE) {
            int vs = a[at + L_VALUE_START];
            int ve = a[at + L_VALUE_END];
            if (name(a[at + L_NAME_START], a[at + L_NAME_END], false).equals(label)) {
                floats.parse(buf, vs, ve);
                if (floats.status != GoFloat.OK && floats.status != GoFloat.RANGE) {
                    throw error("expected float as value for '" + label + "' label, got " + GoQuote.quote(buf, vs, ve), vs);
                }
            }
        }
    }

    private void checkNameEscapes(int from, int to, int flags, String what) throws ExpositionParseException {
        if ((flags & F_NAME_NEWLINE) != 0) {
            throw error(what + " " + GoQuote.quote(buf, from, to) + " contains unescaped new-line", from);
        }
        if ((flags & F_NAME_ESCAPED) != 0) {
            checkEscapes(from, to, true);
        }
    }

    /** Only {@code \\} and {@code \n} (and {@code \"} in quoted strings) are escapes of the format. */
    private void checkEscapes(int from, int to, boolean quote) throws ExpositionParseException {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\\') {
                byte c = i + 1 < to ? buf[i + 1] : (byte) '\\';
                if (c != '\\' && c != 'n' && !(quote && c == '"')) {
                    throw error("invalid escape sequence '\\" + (char) (c & 0xFF) + "'", i);
                }
                i++;
            }
        }
    }
}
