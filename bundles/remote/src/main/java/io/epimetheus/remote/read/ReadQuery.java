package io.epimetheus.remote.read;

import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.SelectHints;
import java.util.List;

/**
 * One query of a remote-read request.
 *
 * @param startMillis first timestamp, inclusive
 * @param endMillis last timestamp, inclusive
 * @param matchers the label matchers
 * @param hints the read hints, or {@code null} when the request carried none
 */
public record ReadQuery(long startMillis, long endMillis, List<Matcher> matchers, SelectHints hints) {
    public ReadQuery {
        matchers = List.copyOf(matchers);
    }
}
