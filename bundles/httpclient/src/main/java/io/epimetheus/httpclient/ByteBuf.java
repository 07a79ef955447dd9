package io.epimetheus.httpclient;

import java.util.Arrays;

/** A growable byte array reused across scrapes, so a steady scrape allocates no body buffer. */
public final class ByteBuf {

    private byte[] data;
    private int length;

    public ByteBuf(int initialCapacity) {
        data = new byte[initialCapacity];
    }

    public byte[] array() {
        return data;
    }

    public int length() {
        return length;
    }

    void clear() {
        length = 0;
    }

    /** Makes room for {@code extra} more bytes. */
    void ensure(int extra) {
        if (length + extra > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, length + extra));
        }
    }

    void setLength(int length) {
        this.length = length;
    }

    void append(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, data, length, len);
        length += len;
    }

    /** Free space after the content. */
    int free() {
        return data.length - length;
    }

    /** Gives back excess memory after an unusually large scrape. */
    void trimTo(int maxCapacity) {
        if (data.length > maxCapacity && length <= maxCapacity) {
            data = Arrays.copyOf(data, maxCapacity);
        }
    }
}
