package io.epimetheus.expfmt.text;

/**
 * Quotes bytes the way Go's {@code %q} verb ({@code strconv.Quote}) does, so error messages read
 * exactly like Prometheus's: printable characters as they are, {@code \" \\ \a \b \f \n \r \t \v}
 * escaped, other control characters and invalid UTF-8 bytes as {@code \xNN}, other non-printable
 * characters as {@code \\uNNNN} or {@code \UNNNNNNNN}.
 */
public final class GoQuote {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoQuote() {
    }

    public static String quote(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from + 2);
        append(sb, b, from, to);
        return sb.toString();
    }

    public static String quote(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return quote(b, 0, b.length);
    }

    static void append(StringBuilder sb, byte[] b, int from, int to) {
        sb.append('"');
        int i = from;
        while (i < to) {
            int cp = Utf8.decode(b, i, to);
            if (cp == Utf8.INVALID) {
                appendHex(sb, 'x', b[i] & 0xFF, 2);
                i++;
                continue;
            }
            i += Utf8.width(b, i, to);
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 11 -> sb.append("\\v");
                default -> {
                    if (isPrint(cp)) {
                        sb.appendCodePoint(cp);
                    } else if (cp < ' ' || cp == 0x7F) {
                        appendHex(sb, 'x', cp, 2);
                    } else if (cp < 0x10000) {
                        appendHex(sb, 'u', cp, 4);
                    } else {
                        appendHex(sb, 'U', cp, 8);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isPrint(int cp) {
        if (cp < 0x80) {
            return cp >= 0x20 && cp < 0x7F;
        }
        return switch (Character.getType(cp)) {
            case Character.UNASSIGNED, Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE,
                    Character.SURROGATE, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    private static void appendHex(StringBuilder sb, char kind, int v, int digits) {
        sb.append('\\').append(kind);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            sb.append(HEX[(v >> shift) & 0xF]);
        }
    }
}
