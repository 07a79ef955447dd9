package io.epimetheus.tsdb.format.encoding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Big-endian reads and writes of ints and longs in byte arrays, without bounds on alignment. */
public final class ByteOrderAccess {

    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private ByteOrderAccess() {
    }

    public static long getLongBE(byte[] b, int off) {
        return (long) LONG_BE.get(b, off);
    }

    public static void putLongBE(byte[] b, int off, long v) {
        LONG_BE.set(b, off, v);
    }

    public static int getIntBE(byte[] b, int off) {
        return (int) INT_BE.get(b, off);
    }

    public static void putIntBE(byte[] b, int off, int v) {
        INT_BE.set(b, off, v);
    }
}
