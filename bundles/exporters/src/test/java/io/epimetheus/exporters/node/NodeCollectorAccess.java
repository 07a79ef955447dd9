package io.epimetheus.exporters.node;

import io.epimetheus.api.exporter.Collector;

/** Lets tests in other packages (benchmarks) build the package-private configuration. */
public final class NodeCollectorAccess {

    private NodeCollectorAccess() {
    }

    public static Class<NodeConfig> configType() {
        return NodeConfig.class;
    }

    public static Collector create(Object config) {
        return new NodeCollector((NodeConfig) config);
    }
}
