package io.epimetheus.http.json;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * String escaping of Go's encoding/json, which Prometheus answers use: {@code <}, {@code >} and
 * {@code &} as backslash-u escapes with lower-case hex digits ({@code u003c}, {@code u003e},
 * {@code u0026}); U+2028 and U+2029 escaped; newline, return and tab as short escapes and other
 * control characters as lower-case backslash-u escapes.
 */
final class GoJsonEscapes extends CharacterEscapes {

    private static final long serialVersionUID = 1L;

    static final GoJsonEscapes INSTANCE = new GoJsonEscapes();

    private final int[] asciiEscapes;
    private final SerializedString[] sequences = new SerializedString[128];

    private GoJsonEscapes() {
        asciiEscapes = standardAsciiEscapesForJSON();
        for (int c = 0; c < 0x20; c++) {
            if (c != '\n' && c != '\r' && c != '\t') {
                custom(c);
            }
        }
        custom('<');
        custom('>');
        custom('&');
    }

    private void custom(int c) {
        asciiEscapes[c] = ESCAPE_CUSTOM;
        sequences[c] = new SerializedString(unicodeEscape(c));
    }

    private static String unicodeEscape(int c) {
        String hex = Integer.toHexString(c);
        return "\\u" + "0000".substring(hex.length()) + hex;
    }

    private static final SerializedString LINE_SEPARATOR = new SerializedString("\\u2028");
    private static final SerializedString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");

    @Override
    public int[] getEscapeCodesForAscii() {
        return asciiEscapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        if (ch < 128) {
            return sequences[ch];
        }
        if (ch == 0x2028) {
            return LINE_SEPARATOR;
        }
        if (ch == 0x2029) {
            return PARAGRAPH_SEPARATOR;
        }
        return null;
    }
}
