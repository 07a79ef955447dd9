package io.epimetheus.expfmt.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** A fast 64-bit hash of byte ranges, eight bytes at a time; the same bytes always hash the same. */
public final class ByteHash {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long SEED = 0x9E3779B97F4A7C15L;
    private static final long MUL = 0xBF58476D1CE4E5B9L;

    private ByteHash() {
    }

    public static long hash(byte[] b, int from, int to) {
        long h = SEED ^ (to - from);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            h = Long.rotateLeft((h ^ (long) LONGS.get(b, i)) * MUL, 29);
        }
        long tail = 0;
        for (int shift = 0; i < to; i++, shift += 8) {
            tail |= (b[i] & 0xFFL) << shift;
        }
        h = (h ^ tail) * MUL;
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        return h ^ (h >>> 32);
    }
}
