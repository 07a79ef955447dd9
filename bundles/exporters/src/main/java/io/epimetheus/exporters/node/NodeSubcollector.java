package io.epimetheus.exporters.node;

import io.epimetheus.api.exporter.MetricSink;
import java.io.IOException;

/**
 * One node_exporter collector ({@code cpu}, {@code meminfo}, ...). Implementations keep their
 * buffers and name caches between scrapes; the {@link NodeCollector} serializes calls.
 */
interface NodeSubcollector {

    /** The name in {@code node_scrape_collector_success{collector="..."}} and {@code collector.<name>}. */
    String name();

    /**
     * Writes this collector's families.
     *
     * @throws NoDataException when the source does not exist on this system (reported as
     *     unsuccessful without an error being logged, like node_exporter's ErrNoData)
     * @throws IOException or any runtime exception when reading or parsing fails
     */
    void update(MetricSink sink) throws IOException;
}
