package io.epimetheus.scrape.loop;

import io.epimetheus.api.model.MetricMetadata;
import io.epimetheus.expfmt.ExpositionFormat;
import io.epimetheus.expfmt.ExpositionParser;
import java.util.Arrays;

/**
 * The metric families of one target, keyed by the family name of HELP, TYPE and UNIT lines as
 * written, so that a scrape whose metadata did not change recognises it from the bytes and creates
 * no strings: a family holds its name, the metadata last recorded for it and the last HELP and
 * UNIT texts with the bytes they were read from. Open addressing with linear probing; families
 * stay as long as the loop (as their recorded metadata does). Not thread-safe: owned by one
 * scrape loop.
 */
final class FamilyCache {

    /** One metric family of the target. */
    static final class Family {
        private final byte[] key;
        private final long hash;
        final String name;
        /** The metadata last recorded for the family, or {@code null}. */
        MetricMetadata recorded;
        // The last HELP text, the bytes and the format it was read from; likewise the UNIT.
        private byte[] helpBytes;
        private ExpositionFormat helpFormat;
        private String help;
        private byte[] unitBytes;
        private String unit;

        private Family(byte[] key, long hash, String name) {
            this.key = key;
            this.hash = hash;
            this.name = name;
        }

        /** The help text of the HELP entry {@code p} is at, the same String as last time when unchanged. */
        String help(ExpositionParser p) {
            if (helpFormat != p.format() || !sameText(helpBytes, p)) {
                help = p.help();
                helpBytes = textBytes(p);
                helpFormat = p.format();
            }
            return help;
        }

        /** The unit of the UNIT entry {@code p} is at, the same String as last time when unchanged. */
        String unit(ExpositionParser p) {
            if (!sameText(unitBytes, p)) {
                unit = p.unit();
                unitBytes = textBytes(p);
            }
            return unit;
        }

        private static boolean sameText(byte[] known, ExpositionParser p) {
            int from = p.textOffset();
            return known != null && known.length == p.textLength()
                    && Arrays.equals(known, 0, known.length, p.buffer(), from, from + known.length);
        }

        private static byte[] textBytes(ExpositionParser p) {
            return Arrays.copyOfRange(p.buffer(), p.textOffset(), p.textOffset() + p.textLength());
        }
    }

    private Family[] table = new Family[64];
    private int size;

    /** The family of the HELP, TYPE or UNIT entry {@code p} is at; added when new. */
    Family get(ExpositionParser p) {
        byte[] buf = p.buffer();
        int from = p.metricFamilyOffset();
        int to = from + p.metricFamilyLength();
        long hash = hash(buf, from, to);
        int mask = table.length - 1;
        for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
            Family f = table[i];
            if (f == null) {
                break;
            }
            if (f.hash == hash && Arrays.equals(f.key, 0, f.key.length, buf, from, to)) {
                return f;
            }
        }
        if ((size + 1) * 4 > table.length * 3) {
            resize();
        }
        Family f = new Family(Arrays.copyOfRange(buf, from, to), hash, p.metricFamily());
        insert(table, f);
        size++;
        return f;
    }

    private void resize() {
        Family[] old = table;
        table = new Family[old.length * 2];
        for (Family f : old) {
            if (f != null) {
                insert(table, f);
            }
        }
    }

    private static void insert(Family[] t, Family f) {
        int mask = t.length - 1;
        int i = (int) f.hash & mask;
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = f;
    }

    // FNV-1a, then mixed so that the low bits used for the slot depend on every byte.
    private static long hash(byte[] b, int from, int to) {
        long h = 0xcbf29ce484222325L;
        for (int i = from; i < to; i++) {
            h = (h ^ (b[i] & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }
}
