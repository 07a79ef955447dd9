package io.epimetheus.promql.parse;

import io.epimetheus.api.model.Labels;
import java.util.Locale;

/** Go's {@code %q} and {@code %#U} formatting of single characters, for lexer error messages. */
final class GoRunes {

    private GoRunes() {
    }

    /**
     * Go's {@code strconv.QuoteRune}: {@code '$'}, {@code '\n'}, {@code '\x01'}: escaped as in a double-quoted
     * string except for the quote characters themselves.
     */
    static String quoteRune(int r) {
        if (r == '\'') {
            return "'\\''";
        }
        if (r == '"') {
            return "'\"'";
        }
        int c = r < 0 || (r <= 0xFFFF && Character.isSurrogate((char) r)) ? 0xfffd : r;
        StringBuilder sb = new StringBuilder(12);
        Labels.appendQuoted(sb, new String(Character.toChars(c)));
        sb.setCharAt(0, '\'');
        sb.setCharAt(sb.length() - 1, '\'');
        return sb.toString();
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
