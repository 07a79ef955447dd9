package io.epimetheus.tsdb.head;

import io.epimetheus.tsdb.format.encoding.Utf8;
import java.util.Arrays;

/**
 * Interns strings by their UTF-8 bytes, so replaying a WAL decodes each distinct label name and
 * value once and every series shares the instances. Open addressing with linear probing; not
 * thread-safe.
 */
final class ByteInterner {

    private byte[][] keys = new byte[1 << 12][];
    private String[] values = new String[1 << 12];
    private int[] hashes = new int[1 << 12];
    private int size;

    String intern(byte[] b, int off, int len) {
        int h = hash(b, off, len);
        int mask = keys.length - 1;
        int i = h & mask;
        byte[] k;
        while ((k = keys[i]) != null) {
            if (hashes[i] == h && Arrays.equals(k, 0, k.length, b, off, off + len)) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        String s = Utf8.decode(b, off, len);
        keys[i] = Arrays.copyOfRange(b, off, off + len);
        values[i] = s;
        hashes[i] = h;
        if (++size * 2 > keys.length) {
            grow();
        }
        return s;
    }

    private static int hash(byte[] b, int off, int len) {
        int h = 0x811C9DC5;
        for (int i = off; i < off + len; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    private void grow() {
        byte[][] ok = keys;
        String[] ov = values;
        int[] oh = hashes;
        keys = new byte[ok.length * 2][];
        values = new String[ok.length * 2];
        hashes = new int[ok.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < ok.length; j++) {
            if (ok[j] != null) {
                int i = oh[j] & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = ok[j];
                values[i] = ov[j];
                hashes[i] = oh[j];
            }
        }
    }
}
