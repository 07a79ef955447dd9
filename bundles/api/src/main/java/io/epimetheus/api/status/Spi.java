package io.epimetheus.api.status;

import io.epimetheus.api.alert.AlertSink;
import io.epimetheus.api.alert.NotifierFactory;
import io.epimetheus.api.discovery.DiscovererFactory;
import io.epimetheus.api.exporter.Collector;
import io.epimetheus.api.query.QueryEngine;
import io.epimetheus.api.query.syntax.SyntaxTreeService;
import io.epimetheus.api.rules.AlertmanagersView;
import io.epimetheus.api.rules.RulesView;
import io.epimetheus.api.storage.Storage;

/**
 * Every service provider interface of the platform, for views that list which implementations are
 * installed and bound ({@code epi:status}, {@code epi:plugins}). Add an entry with every new SPI.
 */
public enum Spi {
    STORAGE(Storage.class, false, null, "epimetheus-tsdb"),
    QUERY_ENGINE(QueryEngine.class, false, null, "epimetheus-promql"),
    DISCOVERER_FACTORY(DiscovererFactory.class, true, DiscovererFactory.TYPE_PROPERTY, "epimetheus-scrape"),
    COLLECTOR(Collector.class, true, Collector.NAME_PROPERTY, "epimetheus-exporters"),
    ALERT_SINK(AlertSink.class, false, null, null),
    NOTIFIER_FACTORY(NotifierFactory.class, true, NotifierFactory.TYPE_PROPERTY, null),
    RULES_VIEW(RulesView.class, false, null, null),
    ALERTMANAGERS_VIEW(AlertmanagersView.class, false, null, null),
    SYNTAX_TREE(SyntaxTreeService.class, false, null, null);

    private final Class<?> type;
    private final boolean multiple;
    private final String keyProperty;
    private final String feature;

    Spi(Class<?> type, boolean multiple, String keyProperty, String feature) {
        this.type = type;
        this.multiple = multiple;
        this.keyProperty = keyProperty;
        this.feature = feature;
    }

    /** The service interface. */
    public Class<?> type() {
        return type;
    }

    /**
     * Whether consumers use every registered implementation (e.g. one discoverer factory per SD
     * type) rather than binding the highest-ranked one.
     */
    public boolean multiple() {
        return multiple;
    }

    /** The service property that tells implementations apart when {@link #multiple()}, else {@code null}. */
    public String keyProperty() {
        return keyProperty;
    }

    /**
     * The Karaf feature that provides the standard implementation, or {@code null} when Epimetheus
     * ships none (a third-party bundle may still provide one).
     */
    public String feature() {
        return feature;
    }
}
