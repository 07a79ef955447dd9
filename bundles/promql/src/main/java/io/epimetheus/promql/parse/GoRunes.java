package io.epimetheus.promql.parse;

import java.util.Locale;

/** Go's {@code %q} and {@code %#U} formatting of single characters, for lexer error messages. */
final class GoRunes {

    private GoRunes() {
    }

    /** Go's {@code strconv.QuoteRune}: {@code '$'}, {@code '\n'}, {@code '\x01'}. */
    static String quoteRune(int r) {
        if (r < 0 || Character.isSurrogate((char) r)) {
            r = 0xfffd;
        }
        StringBuilder sb = new StringBuilder("'");
        switch (r) {
            case '\'' -> sb.append("\\'");
            case '\\' -> sb.append("\\\\");
            case 7 -> sb.append("\\a");
            case '\b' -> sb.append("\\b");
            case '\f' -> sb.append("\\f");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case 11 -> sb.append("\\v");
            default -> {
                if (r < ' ' || r == 0x7f) {
                    sb.append(String.format(Locale.ROOT, "\\x%02x", r));
                } else {
                    sb.appendCodePoint(r);
                }
            }
        }
        return sb.append('\'').toString();
    }

    /** Go's {@code %#U}: {@code U+0071 'q'}. */
    static String formatU(int r) {
        String hex = String.format(Locale.ROOT, "U+%04X", Math.max(r, 0) == r ? r : 0xfffd);
        if (r >= 0x20 && r != 0x7f && !Character.isISOControl(r)) {
            return hex + " '" + new String(Character.toChars(r)) + "'";
        }
        return hex;
    }
}
