package io.epimetheus.exporters.node.procfs;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * Reads whole files under the configured procfs, sysfs and root paths into one reused buffer. A
 * file is read in one go (procfs files are generated on open and must be read before close to
 * be consistent). Not thread-safe: the node collector serializes scrapes.
 */
public final class ProcFs {

    private final String procPath;
    private final String sysPath;
    private final String rootfsPath;
    private final ByteCursor cursor = new ByteCursor();
    private byte[] buf = new byte[64 * 1024];

    public ProcFs(String procPath, String sysPath, String rootfsPath) {
        this.procPath = stripSlash(procPath);
        this.sysPath = stripSlash(sysPath);
        this.rootfsPath = stripSlash(rootfsPath);
    }

    /** {@code <procfs>/<relative>}, for paths computed once. */
    public String proc(String relative) {
        return procPath + "/" + relative;
    }

    /** {@code <sysfs>/<relative>}. */
    public String sys(String relative) {
        return sysPath + "/" + relative;
    }

    /** {@code <rootfs><absolute>}: where a host path is seen from here (e.g. in a container). */
    public String rootfs(String absolute) {
        return rootfsPath + absolute;
    }

    /** Removes the rootfs prefix from a mount point read from the host's mount table. */
    public String stripRootfs(String mountPoint) {
        if (!rootfsPath.isEmpty() && mountPoint.startsWith(rootfsPath)) {
            String rest = mountPoint.substring(rootfsPath.length());
            return rest.isEmpty() ? "/" : rest;
        }
        return mountPoint;
    }

    /**
     * Reads the file at {@code path} (a full path from {@link #proc}, {@link #sys} or {@link
     * #rootfs}) and returns a cursor on its content, valid until the next read.
     *
     * @throws NoSuchFileException when it does not exist
     */
    public ByteCursor read(String path) throws IOException {
        int n = 0;
        try (FileInputStream in = open(path)) {
            while (true) {
                if (n == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        }
        return cursor.reset(buf, n);
    }

    /** Whether the file exists. */
    public static boolean exists(String path) {
        return new java.io.File(path).exists();
    }

    private static FileInputStream open(String path) throws IOException {
        try {
            return new FileInputStream(path);
        } catch (java.io.FileNotFoundException e) {
            if (!new java.io.File(path).exists()) {
                throw new NoSuchFileException(path);
            }
            throw e;
        }
    }

    private static String stripSlash(String p) {
        String s = p.trim();
        while (s.length() > 1 && s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return "/".equals(s) ? "" : s;
    }

    /** The directory names under {@code dir} matching {@code prefix<digits>}, sorted by number. */
    public static String[] numberedChildren(String dir, String prefix) {
        String[] names = new java.io.File(dir).list();
        if (names == null) {
            return new String[0];
        }
        int n = 0;
        for (String name : names) {
            if (isNumbered(name, prefix)) {
                names[n++] = name;
            }
        }
        String[] out = java.util.Arrays.copyOf(names, n);
        java.util.Arrays.sort(out, (a, b) -> Long.compare(
                Long.parseLong(a.substring(prefix.length())), Long.parseLong(b.substring(prefix.length()))));
        return out;
    }

    private static boolean isNumbered(String name, String prefix) {
        if (!name.startsWith(prefix) || name.length() == prefix.length()) {
            return false;
        }
        for (int i = prefix.length(); i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "procfs " + (procPath.isEmpty() ? "/" : procPath) + ", sysfs " + (sysPath.isEmpty() ? "/" : sysPath)
                + ", rootfs " + (rootfsPath.isEmpty() ? "/" : rootfsPath);
    }
}
