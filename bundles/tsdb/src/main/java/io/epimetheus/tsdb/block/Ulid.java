package io.epimetheus.tsdb.block;

import java.security.SecureRandom;

/**
 * ULIDs name blocks: 48 bits of milliseconds and 80 random bits in Crockford base32, 26
 * characters, so names sort by creation time as Prometheus's do.
 */
public final class Ulid {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ulid() {
    }

    /** A new ULID for the current time. */
    public static String next() {
        return of(System.currentTimeMillis(), RANDOM);
    }

    static String of(long millis, java.util.Random rnd) {
        byte[] r = new byte[10];
        rnd.nextBytes(r);
        char[] out = new char[26];
        // 128 bits: 48 time + 80 random, written as 26 base32 digits (the first holds 3 bits).
        long hi = (millis << 16) | ((r[0] & 0xFFL) << 8) | (r[1] & 0xFFL);
        long lo = 0;
        for (int i = 2; i < 10; i++) {
            lo = (lo << 8) | (r[i] & 0xFFL);
        }
        for (int i = 25; i >= 0; i--) {
            int digit = (int) (lo & 31);
            out[i] = ALPHABET[digit];
            lo = (lo >>> 5) | (hi << 59);
            hi >>>= 5;
        }
        return new String(out);
    }

    /** Whether {@code s} looks like a ULID (26 Crockford base32 characters). */
    public static boolean isValid(String s) {
        if (s.length() != 26) {
            return false;
        }
        for (int i = 0; i < 26; i++) {
            char c = Character.toUpperCase(s.charAt(i));
            boolean ok = false;
            for (char a : ALPHABET) {
                if (a == c) {
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                return false;
            }
        }
        return s.charAt(0) <= '7';
    }
}
