package io.epimetheus.exporters.node.procfs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Maps byte ranges read from /proc (field names, device names) to values derived from them once —
 * metric names, label sets — so a scrape of an unchanged system creates no strings. Open
 * addressing keyed by the bytes; grows when half full. Not thread-safe.
 */
public final class NameCache<V> {

    private final Function<String, V> derive;
    private byte[][] keys = new byte[64][];
    private Object[] values = new Object[64];
    private int size;

    public NameCache(Function<String, V> derive) {
        this.derive = derive;
    }

    /** The value for {@code b[from..to)}, derived from its UTF-8 text on first sight. */
    @SuppressWarnings("unchecked")
    public V get(byte[] b, int from, int to) {
        int mask = keys.length - 1;
        int h = hash(b, from, to) & mask;
        while (true) {
            byte[] k = keys[h];
            if (k == null) {
                break;
            }
            if (Arrays.equals(k, 0, k.length, b, from, to)) {
                return (V) values[h];
            }
            h = (h + 1) & mask;
        }
        V v = derive.apply(new String(b, from, to - from, StandardCharsets.UTF_8));
        keys[h] = Arrays.copyOfRange(b, from, to);
        values[h] = v;
        if (++size * 2 > keys.length) {
            grow();
        }
        return v;
    }

    /** The number of entries. */
    public int size() {
        return size;
    }

    /** Forgets every entry (bounds caches keyed by content that may change). */
    public void clear() {
        java.util.Arrays.fill(keys, null);
        java.util.Arrays.fill(values, null);
        size = 0;
    }

    /** The value for the cursor's current token. */
    public V get(ByteCursor c) {
        return get(c.buffer(), c.start(), c.end());
    }

    private void grow() {
        byte[][] oldKeys = keys;
        Object[] oldValues = values;
        keys = new byte[oldKeys.length * 2][];
        values = new Object[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            byte[] k = oldKeys[i];
            if (k != null) {
                int h = hash(k, 0, k.length) & mask;
                while (keys[h] != null) {
                    h = (h + 1) & mask;
                }
                keys[h] = k;
                values[h] = oldValues[i];
            }
        }
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
