package io.epimetheus.config.load;

/**
 * Byte sizes as Prometheus's configuration writes them ({@code units.Base2Bytes}): a sequence of
 * {@code <number><unit>} with units {@code B}, {@code KB}/{@code KiB}, {@code MB}/{@code MiB}, ...
 * up to {@code EB}/{@code EiB}, all powers of 1024; fractions are allowed ({@code 1.5GB}). Error texts
 * match Go's ({@code units: unknown unit  in 100}).
 */
public final class ByteSize {

    private static final String[] PREFIXES = {"", "K", "M", "G", "T", "P", "E"};

    private ByteSize() {
    }

    /** Parses a size; the message of the exception is Go's. */
    public static long parse(String orig) {
        String s = orig;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("units: invalid " + orig);
        }
        double total = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                throw new IllegalArgumentException("units: invalid " + orig);
            }
            int start = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            boolean pre = i > start;
            double value = pre ? Double.parseDouble(s.substring(start, i)) : 0;
            boolean post = false;
            if (i < s.length() && s.charAt(i) == '.') {
                int fracStart = ++i;
                while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    i++;
                }
                post = i > fracStart;
                if (post) {
                    value += Double.parseDouble("0." + s.substring(fracStart, i));
                }
            }
            if (!pre && !post) {
                throw new IllegalArgumentException("units: invalid " + orig);
            }
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
                i++;
            }
            String unit = s.substring(unitStart, i);
            double multiplier = multiplier(unit);
            if (multiplier < 0) {
                throw new IllegalArgumentException("units: unknown unit " + unit + " in " + orig);
            }
            total += value * multiplier;
        }
        if (neg) {
            total = -total;
        }
        if (total < -0x1p63 || total >= 0x1p63) {
            throw new IllegalArgumentException("units: overflow parsing unit");
        }
        return (long) total;
    }

    /**
     * Formats a size as {@code units.Base2Bytes} prints it: from the largest unit down, each
     * non-zero remainder with its unit ({@code 1536} is {@code 1KiB512B}, {@code 0} is {@code 0B}).
     */
    public static String format(long bytes) {
        String[] parts = new String[PREFIXES.length];
        long n = bytes;
        for (int i = 0; i < PREFIXES.length; i++) {
            if (n % 1024 != 0 || (i == 0 && n == 0)) {
                parts[PREFIXES.length - 1 - i] = (n % 1024) + PREFIXES[i] + (i == 0 ? "B" : "iB");
            }
            n /= 1024;
            if (n == 0) {
                break;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p != null) {
                sb.append(p);
            }
        }
        return sb.toString();
    }

    private static double multiplier(String unit) {
        double m = 1;
        for (String p : PREFIXES) {
            if (unit.equals(p + "B") || (!p.isEmpty() && unit.equals(p + "iB"))) {
                return m;
            }
            m *= 1024;
        }
        return -1;
    }
}
