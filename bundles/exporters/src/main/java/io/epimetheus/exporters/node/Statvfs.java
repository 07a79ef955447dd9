package io.epimetheus.exporters.node;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * {@code statvfs(3)} through JNA direct mapping: the JDK's {@code FileStore} has sizes but no
 * inode counts, which {@code node_filesystem_files} needs. The layout is glibc's and musl's on
 * 64-bit Linux (x86_64, aarch64, ppc64le, s390x, riscv64): eleven 8-byte fields.
 *
 * <p>One instance per caller; not thread-safe (it reuses its result buffer).
 */
final class Statvfs {

    private static final int SIZE = 112;
    private static final boolean AVAILABLE = register();

    private final Memory buf = new Memory(SIZE);

    long blockSize;
    long blocks;
    long blocksFree;
    long blocksAvailable;
    long files;
    long filesFree;

    /** Whether statvfs can be called here; {@link #unavailableReason()} says why not. */
    static boolean available() {
        return AVAILABLE;
    }

    static String unavailableReason() {
        return "statvfs is only bound on 64-bit Linux (this is " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ")";
    }

    /** Fills the fields for {@code path}; returns {@code false} when the call fails (errno is not kept). */
    boolean stat(String path) {
        if (statvfs(path, buf) != 0) {
            return false;
        }
        blockSize = buf.getLong(0);
        blocks = buf.getLong(16);
        blocksFree = buf.getLong(24);
        blocksAvailable = buf.getLong(32);
        files = buf.getLong(40);
        filesFree = buf.getLong(48);
        return true;
    }

    private static native int statvfs(String path, Pointer buf);

    private static boolean register() {
        if (!Platform.isLinux() || Native.LONG_SIZE != 8) {
            return false;
        }
        Native.register(Statvfs.class, Platform.C_LIBRARY_NAME);
        return true;
    }
}
