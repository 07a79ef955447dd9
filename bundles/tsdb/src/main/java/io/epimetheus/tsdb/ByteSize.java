package io.epimetheus.tsdb;

/**
 * Byte sizes as Prometheus's {@code --storage.tsdb.retention.size} takes them: an integer with a
 * base-2 unit, {@code B, KB, MB, GB, TB, PB, EB} (also {@code KiB, MiB, ...}), or {@code 0}.
 */
public final class ByteSize {

    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};

    private ByteSize() {
    }

    /**
     * Parses a size into bytes.
     *
     * @throws IllegalArgumentException naming the accepted form
     */
    public static long parse(String s) {
        String t = s.trim();
        if (t.equals("0") || t.isEmpty()) {
            return 0;
        }
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0 || i == t.length()) {
            throw invalid(s);
        }
        long n;
        try {
            n = Long.parseLong(t.substring(0, i));
        } catch (NumberFormatException e) {
            throw invalid(s);
        }
        String unit = t.substring(i).trim();
        if (unit.length() == 3 && unit.charAt(1) == 'i' && unit.charAt(2) == 'B') {
            unit = unit.charAt(0) + "B";
        }
        for (int u = 0; u < UNITS.length; u++) {
            if (UNITS[u].equals(unit)) {
                long mul = 1L << (10 * u);
                if (n > Long.MAX_VALUE / mul) {
                    throw new IllegalArgumentException("byte size " + s + " is too large");
                }
                return n * mul;
            }
        }
        throw invalid(s);
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("invalid byte size \"" + s
                + "\": expected an integer with a unit B, KB, MB, GB, TB, PB or EB (e.g. 512MB), or 0");
    }
}
