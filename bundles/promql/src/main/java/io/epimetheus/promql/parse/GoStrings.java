package io.epimetheus.promql.parse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Unquotes PromQL string literals ({@code "..."}, {@code '...'}, {@code `...`}) with Go's escapes.
 * {@code \x} and octal escapes denote bytes; bytes that do not form valid UTF-8 are kept as
 * unpaired surrogates U+DC80..U+DCFF, which every label-name check rejects and quoting prints back
 * as {@code \xNN}.
 */
public final class GoStrings {

    private GoStrings() {
    }

    /**
     * The value of a quoted literal.
     *
     * @throws IllegalArgumentException with Go's {@code invalid syntax} if it is not a valid literal
     */
    public static String unquote(String s) {
        int n = s.length();
        if (n < 2 || s.charAt(0) != s.charAt(n - 1)) {
            throw invalid();
        }
        char quote = s.charAt(0);
        String body = s.substring(1, n - 1);
        if (quote == '`') {
            if (body.indexOf('`') >= 0) {
                throw invalid();
            }
            return body;
        }
        if ((quote != '"' && quote != '\'') || body.indexOf('\n') >= 0) {
            throw invalid();
        }
        if (body.indexOf('\\') < 0 && body.indexOf(quote) < 0) {
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
        StringBuilder plain = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == quote) {
                throw invalid();
            }
            if (c != '\\') {
                plain.append(c);
                i++;
                continue;
            }
            flush(plain, out);
            if (i + 1 >= body.length()) {
                throw invalid();
            }
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> out.write(7);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(11);
                case '\\' -> out.write('\\');
                case '\'', '"' -> {
                    if (e != quote) {
                        throw invalid();
                    }
                    out.write(e);
                }
                case 'x' -> {
                    out.write(hex(body, i, 2));
                    i += 2;
                }
                case 'u', 'U' -> {
                    int len = e == 'u' ? 4 : 8;
                    int cp = hex(body, i, len);
                    if (cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp < 0xE000)) {
                        throw invalid();
                    }
                    i += len;
                    out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                }
                default -> {
                    if (e < '0' || e > '7' || i + 2 > body.length()) {
                        throw invalid();
                    }
                    int v = 0;
                    for (int k = i - 1; k < i + 2; k++) {
                        int d = body.charAt(k) - '0';
                        if (d < 0 || d > 7) {
                            throw invalid();
                        }
                        v = v * 8 + d;
                    }
                    if (v > 255) {
                        throw invalid();
                    }
                    out.write(v);
                    i += 2;
                }
            }
        }
        flush(plain, out);
        return decodeUtf8(out.toByteArray());
    }

    private static void flush(StringBuilder plain, ByteArrayOutputStream out) {
        if (!plain.isEmpty()) {
            out.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
            plain.setLength(0);
        }
    }

    private static int hex(String s, int from, int len) {
        if (from + len > s.length()) {
            throw invalid();
        }
        int v = 0;
        for (int k = from; k < from + len; k++) {
            int d = Character.digit(s.charAt(k), 16);
            if (d < 0) {
                throw invalid();
            }
            v = v * 16 + d;
        }
        return v;
    }

    /** Decodes UTF-8, mapping each byte of an invalid sequence to U+DC00 + byte. */
    static String decodeUtf8(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length);
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xff;
            int len;
            int cp;
            if (c < 0x80) {
                sb.append((char) c);
                i++;
                continue;
            } else if (c >= 0xC2 && c <= 0xDF) {
                len = 2;
                cp = c & 0x1f;
            } else if (c >= 0xE0 && c <= 0xEF) {
                len = 3;
                cp = c & 0x0f;
            } else if (c >= 0xF0 && c <= 0xF4) {
                len = 4;
                cp = c & 0x07;
            } else {
                sb.append((char) (0xDC00 + c));
                i++;
                continue;
            }
            boolean ok = i + len <= b.length;
            for (int k = 1; ok && k < len; k++) {
                int cc = b[i + k] & 0xff;
                if ((cc & 0xC0) != 0x80) {
                    ok = false;
                } else {
                    cp = (cp << 6) | (cc & 0x3f);
                }
            }
            int min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
            if (ok && cp >= min && cp <= Character.MAX_CODE_POINT && (cp < 0xD800 || cp > 0xDFFF)) {
                sb.appendCodePoint(cp);
                i += len;
            } else {
                sb.append((char) (0xDC00 + c));
                i++;
            }
        }
        return sb.toString();
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("invalid syntax");
    }
}
