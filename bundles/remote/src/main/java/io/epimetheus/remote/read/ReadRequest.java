package io.epimetheus.remote.read;

import java.util.List;

/**
 * A remote-read request ({@code prometheus.ReadRequest}).
 *
 * @param queries the queries, answered in order
 * @param acceptedResponseTypes {@link #SAMPLES} and/or {@link #STREAMED_XOR_CHUNKS}, in the
 *     client's order of preference; empty means samples
 */
public record ReadRequest(List<ReadQuery> queries, List<Integer> acceptedResponseTypes) {

    public static final int SAMPLES = 0;
    public static final int STREAMED_XOR_CHUNKS = 1;

    public ReadRequest {
        queries = List.copyOf(queries);
        acceptedResponseTypes = List.copyOf(acceptedResponseTypes);
    }

    /**
     * The response type to use: the first accepted one this server supports, samples when none is
     * given.
     *
     * @throws IllegalArgumentException when only unsupported types are accepted
     */
    public int negotiate() {
        if (acceptedResponseTypes.isEmpty()) {
            return SAMPLES;
        }
        for (int t : acceptedResponseTypes) {
            if (t == SAMPLES || t == STREAMED_XOR_CHUNKS) {
                return t;
            }
        }
        throw new IllegalArgumentException("server does not support any of the requested response types: "
                + acceptedResponseTypes + "; supported: [SAMPLES STREAMED_XOR_CHUNKS]");
    }
}
