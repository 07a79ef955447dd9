package io.epimetheus.expfmt.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns short byte ranges into Strings, handing out the same instance for the same bytes while
 * it stays in a small direct-mapped cache. Label names and common values repeat across series,
 * so built label sets share their strings instead of each holding a copy.
 */
public final class Interner {

    private static final int SIZE = 4096;
    private static final int MAX_LENGTH = 64;

    private final byte[][] keys = new byte[SIZE][];
    private final String[] values = new String[SIZE];

    /** The UTF-8 string of {@code b[from, to)}, which must be valid UTF-8. */
    public String get(byte[] b, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return "";
        }
        if (n > MAX_LENGTH) {
            return new String(b, from, n, StandardCharsets.UTF_8);
        }
        int slot = (int) ByteHash.hash(b, from, to) & (SIZE - 1);
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, b, from, to)) {
            return values[slot];
        }
        String s = new String(b, from, n, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOfRange(b, from, to);
        values[slot] = s;
        return s;
    }
}
