package io.epimetheus.api.query;

/**
 * Statistics of one evaluation, as the Prometheus API reports them with {@code stats=1}.
 *
 * @param totalQueryableSamples samples read from storage
 * @param peakSamples the most samples held in memory at once
 * @param queryPreparationSeconds time to parse and prepare
 * @param innerEvalSeconds time in evaluation proper
 * @param execQueueSeconds time waiting for a concurrency slot
 * @param execTotalSeconds total time including queueing
 */
public record QueryStats(long totalQueryableSamples, long peakSamples, double queryPreparationSeconds,
        double innerEvalSeconds, double execQueueSeconds, double execTotalSeconds) {

    /** Statistics of a query that read nothing and took no time. */
    public static final QueryStats EMPTY = new QueryStats(0, 0, 0, 0, 0, 0);
}
