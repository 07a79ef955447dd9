package io.epimetheus.pushgateway;

import io.epimetheus.expfmt.ExpositionFormat;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The format of a pushed body, chosen by its {@code Content-Type} as the Pushgateway chooses it:
 * the protobuf format when Go's {@code mime.ParseMediaType} reads the header as media type {@code
 * application/vnd.google.protobuf} with the parameters {@code proto=io.prometheus.client.MetricFamily}
 * and {@code encoding=delimited} (parameter names in any case, values exactly so); the text format
 * in every other case, including a missing or unreadable header and a protobuf media type with
 * another {@code proto} or {@code encoding}.
 */
final class PushContentType {

    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";

    private PushContentType() {
    }

    /** The format of a body sent with {@code contentType} (the header's value, {@code null} when absent). */
    static ExpositionFormat formatOf(String contentType) {
        // The media type is recognised as for a scraped body; only the parameters are stricter here.
        if (ExpositionFormat.ofContentType(contentType) != ExpositionFormat.PROTOBUF) {
            return ExpositionFormat.PROMETHEUS_TEXT;
        }
        int semicolon = contentType.indexOf(';');
        Map<String, String> params = parameters(contentType, semicolon < 0 ? contentType.length() : semicolon);
        return params != null && "delimited".equals(params.get("encoding"))
                && "io.prometheus.client.MetricFamily".equals(params.get("proto"))
                        ? ExpositionFormat.PROTOBUF : ExpositionFormat.PROMETHEUS_TEXT;
    }

    /**
     * The parameters from {@code at} on, as Go's {@code mime.ParseMediaType} reads them: {@code ;
     * name=value} with optional white space around, names lower-cased, values tokens or quoted
     * strings, trailing semicolons ignored; {@code null} when they do not parse, or when a name
     * comes twice with different values (Go's errors, on which the Pushgateway reads text).
     */
    private static Map<String, String> parameters(String s, int at) {
        Map<String, String> params = new HashMap<>();
        int i = at;
        int n = s.length();
        while (true) {
            i = skipSpace(s, i);
            if (i == n) {
                return params;
            }
            if (s.charAt(i) != ';') {
                return null;
            }
            int afterSemicolon = skipSpace(s, i + 1);
            int nameEnd = tokenEnd(s, afterSemicolon);
            if (nameEnd == afterSemicolon) {
                // Only "; " at the end is a trailing semicolon Go ignores.
                return afterSemicolon == n ? params : null;
            }
            String name = s.substring(afterSemicolon, nameEnd).toLowerCase(Locale.ROOT);
            i = skipSpace(s, nameEnd);
            if (i == n || s.charAt(i) != '=') {
                return null;
            }
            i = skipSpace(s, i + 1);
            String value;
            if (i < n && s.charAt(i) == '"') {
                StringBuilder quoted = new StringBuilder();
                int j = i + 1;
                for (; j < n && s.charAt(j) != '"'; j++) {
                    char c = s.charAt(j);
                    if (c == '\r' || c == '\n') {
                        return null;
                    }
                    if (c == '\\' && j + 1 < n && TSPECIALS.indexOf(s.charAt(j + 1)) >= 0) {
                        c = s.charAt(++j);
                    }
                    quoted.append(c);
                }
                if (j == n) {
                    return null;
                }
                value = quoted.toString();
                i = j + 1;
            } else {
                int end = tokenEnd(s, i);
                if (end == i) {
                    return null;
                }
                value = s.substring(i, end);
                i = end;
            }
            String before = params.put(name, value);
            if (before != null && !before.equals(value)) {
                return null;
            }
        }
    }

    private static int tokenEnd(String s, int from) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || TSPECIALS.indexOf(c) >= 0) {
                break;
            }
            i++;
        }
        return i;
    }

    /** Skips what Go's {@code unicode.IsSpace} calls space (the header is read as Latin-1). */
    private static int skipSpace(String s, int from) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && (c < '\t' || c > '\r') && c != '\u0085' && c != '\u00a0') {
                break;
            }
            i++;
        }
        return i;
    }
}
