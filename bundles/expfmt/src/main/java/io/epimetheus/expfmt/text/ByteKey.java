package io.epimetheus.expfmt.text;

import java.util.Arrays;

/** Bytes as a hash key, for the sets and maps of strict validation. */
final class ByteKey {

    private final byte[] bytes;
    private final int hash;

    ByteKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    static ByteKey of(byte[] b, int from, int to) {
        return new ByteKey(Arrays.copyOfRange(b, from, to));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteKey k && hash == k.hash && Arrays.equals(bytes, k.bytes);
    }
}
