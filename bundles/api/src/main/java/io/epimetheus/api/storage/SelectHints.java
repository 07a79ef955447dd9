package io.epimetheus.api.storage;

import java.util.List;

/**
 * What a query will do with the selected data, so storage can skip work (e.g. return fewer
 * samples, or only series). All fields are optional hints; storage may ignore them.
 *
 * @param start first timestamp the query needs, ms
 * @param end last timestamp the query needs, ms
 * @param step evaluation step of a range query, ms (0 for instant queries)
 * @param func the function wrapping the selector ({@code rate}, ...), or {@code null}; {@code
 *     "series"} when only the label sets are needed
 * @param range the range of a range selector, ms (0 for instant vectors)
 * @param grouping the labels of an enclosing aggregation, or {@code null}
 * @param by whether {@code grouping} is a {@code by} (true) or {@code without} (false) list
 * @param limit the maximum number of series wanted (0: no limit)
 */
public record SelectHints(long start, long end, long step, String func, long range,
        List<String> grouping, boolean by, int limit) {

    /** Hints carrying only a time range. */
    public static SelectHints range(long start, long end) {
        return new SelectHints(start, end, 0, null, 0, null, false, 0);
    }
}
