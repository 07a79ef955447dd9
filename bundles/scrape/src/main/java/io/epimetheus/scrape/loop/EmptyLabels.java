package io.epimetheus.scrape.loop;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds labels written with an empty value ({@code instance=""}) in the raw text of a series.
 * Prometheus keeps such a label during {@code honor_labels} merging, so an exposed
 * {@code instance=""} (as the Pushgateway writes for groups pushed without an instance) stops the
 * target's {@code instance} from being added and the series ends up without one. The exposition
 * parser's label builder drops empty values, so this looks at the bytes the parser already
 * validated; it runs only for new series of {@code honor_labels} jobs.
 */
final class EmptyLabels {

    private EmptyLabels() {
    }

    /** Whether the series text {@code buf[off, off+len)} has label {@code name} with value {@code ""}. */
    static boolean has(byte[] buf, int off, int len, String name) {
        byte[] want = name.getBytes(StandardCharsets.UTF_8);
        int end = off + len;
        int i = off;
        // Skip the metric name (bare or quoted) up to the label set.
        while (i < end && buf[i] != '{') {
            if (buf[i] == '"') {
                i = skipQuoted(buf, i, end);
            } else {
                i++;
            }
        }
        i++;
        while (i < end) {
            i = skipSpaces(buf, i, end);
            if (i >= end || buf[i] == '}') {
                return false;
            }
            int nameStart;
            int nameEnd;
            if (buf[i] == '"') {
                nameStart = i + 1;
                i = skipQuoted(buf, i, end);
                nameEnd = i - 1;
            } else {
                nameStart = i;
                while (i < end && buf[i] != '=' && buf[i] != ' ' && buf[i] != ',' && buf[i] != '}') {
                    i++;
                }
                nameEnd = i;
            }
            i = skipSpaces(buf, i, end);
            if (i < end && buf[i] == '=') {
                i = skipSpaces(buf, i + 1, end);
                boolean empty = i + 1 < end && buf[i] == '"' && buf[i + 1] == '"';
                if (empty && nameEnd - nameStart == want.length
                        && Arrays.equals(buf, nameStart, nameEnd, want, 0, want.length)) {
                    return true;
                }
                i = skipQuoted(buf, i, end);
            }
            i = skipSpaces(buf, i, end);
            if (i < end && buf[i] == ',') {
                i++;
            }
        }
        return false;
    }

    private static int skipSpaces(byte[] buf, int i, int end) {
        while (i < end && (buf[i] == ' ' || buf[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** The index after the quoted string starting at {@code i}. */
    private static int skipQuoted(byte[] buf, int i, int end) {
        i++;
        while (i < end && buf[i] != '"') {
            i += buf[i] == '\\' ? 2 : 1;
        }
        return i + 1;
    }
}
