package io.epimetheus.promql.ast;

import java.nio.charset.StandardCharsets;

/**
 * A range of character positions in the query text, start inclusive and end exclusive.
 *
 * @param start the first position
 * @param end the position after the last character
 */
public record PosRange(int start, int end) {

    /** A range whose position is unknown. */
    public static final PosRange NONE = new PosRange(-1, -1);

    /**
     * The 1-based {@code line:column} of the start in {@code query}, the way Prometheus prints
     * positions: the column counts UTF-8 bytes from the start of the line.
     */
    public String startPosInput(String query) {
        if (query.isEmpty()) {
            return "unknown position";
        }
        if (start < 0 || start > query.length()) {
            return "invalid position";
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < start; i++) {
            if (query.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int col = query.substring(lineStart, start).getBytes(StandardCharsets.UTF_8).length + 1;
        return line + ":" + col;
    }
}
