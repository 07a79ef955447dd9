package io.epimetheus.remote.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns UTF-8 byte slices into {@link String}s, returning the same instance for the same bytes so
 * that label names and values repeated across requests (every series of a sender repeats
 * {@code job}, {@code instance}, ...) cost a hash and a byte compare instead of an allocation.
 *
 * <p>An open-addressing table of bounded size: when it is full it is cleared and refilled, so a
 * sender with endless distinct values cannot grow it without bound. Bytes that are not valid UTF-8
 * are rejected, as a label must be valid UTF-8. Not thread-safe: one per decoding thread.
 */
public final class StringInterner {

    private static final int MAX_ENTRY_BYTES = 256;

    private final int mask;
    private final int maxEntries;
    private final byte[][] keys;
    private final String[] values;
    private final int[] hashes;
    private int count;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    /** A table with room for {@code capacity} strings (rounded up to a power of two, doubled). */
    public StringInterner(int capacity) {
        int size = Integer.highestOneBit(Math.max(16, capacity) - 1) << 2;
        mask = size - 1;
        maxEntries = size >> 1;
        keys = new byte[size][];
        values = new String[size];
        hashes = new int[size];
    }

    /**
     * The string for {@code b[off, off+len)}.
     *
     * @throws IllegalArgumentException if the bytes are not valid UTF-8
     */
    public String intern(byte[] b, int off, int len) {
        if (len == 0) {
            return "";
        }
        if (len > MAX_ENTRY_BYTES) {
            return decode(b, off, len);
        }
        int h = hash(b, off, len);
        int i = h & mask;
        while (true) {
            byte[] k = keys[i];
            if (k == null) {
                break;
            }
            if (hashes[i] == h && Arrays.equals(k, 0, k.length, b, off, off + len)) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        String s = decode(b, off, len);
        if (count >= maxEntries) {
            Arrays.fill(keys, null);
            Arrays.fill(values, null);
            count = 0;
            i = h & mask;
        }
        keys[i] = Arrays.copyOfRange(b, off, off + len);
        values[i] = s;
        hashes[i] = h;
        count++;
        return s;
    }

    private static int hash(byte[] b, int off, int len) {
        int h = 0x811C9DC5;
        int end = off + len;
        for (int i = off; i < end; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    private String decode(byte[] b, int off, int len) {
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (b[i] < 0) {
                try {
                    return utf8.decode(ByteBuffer.wrap(b, off, len)).toString();
                } catch (CharacterCodingException e) {
                    throw new IllegalArgumentException("invalid UTF-8 in string of " + len + " bytes");
                }
            }
        }
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
}
