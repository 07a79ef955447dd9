package com.example.metrics;

import io.epimetheus.api.exporter.Collector;
import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.util.concurrent.atomic.AtomicLongArray;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * An application's metrics, contributed to Epimetheus by registering a {@link Collector} service.
 * The {@code epimetheus.collector.name=orders} property serves them on {@code
 * /exporters/orders/metrics}; without it they would appear on {@code /metrics}.
 *
 * <p>The "application" here is a pretend order service: {@link #recordOrder} is what its business
 * code would call.
 */
@Component(service = {Collector.class, OrdersCollector.class},
        configurationPid = "com.example.metrics.orders",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = Collector.NAME_PROPERTY + "=orders")
@Designate(ocd = OrdersCollector.Config.class)
public final class OrdersCollector implements Collector {

    @ObjectClassDefinition(name = "Example orders collector")
    public @interface Config {
        @AttributeDefinition(description = "Value of the shop label on every metric.")
        String shop() default "main";
    }

    private static final String[] STATUSES = {"ok", "failed"};

    private final Labels[] statusLabels = new Labels[STATUSES.length];
    private final Labels shopLabels;
    private final AtomicLongArray orders = new AtomicLongArray(STATUSES.length);
    private final long startMillis = System.currentTimeMillis();

    @Activate
    public OrdersCollector(Config config) {
        for (int i = 0; i < STATUSES.length; i++) {
            statusLabels[i] = Labels.of("shop", config.shop(), "status", STATUSES[i]);
        }
        shopLabels = Labels.of("shop", config.shop());
    }

    /** Counts one order; thread-safe and allocation-free, so it can sit on a hot path. */
    public void recordOrder(boolean ok) {
        orders.incrementAndGet(ok ? 0 : 1);
    }

    /**
     * Called on every scrape, possibly from several threads at once: announce each family, then
     * its samples. Counters are announced without {@code _total}; their samples carry it.
     */
    @Override
    public void collect(MetricSink sink) {
        sink.family("example_orders", MetricType.COUNTER, "Orders handled, by outcome.", "");
        for (int i = 0; i < STATUSES.length; i++) {
            sink.sample("example_orders_total", statusLabels[i], orders.get(i));
        }
        sink.family("example_start_time_seconds", MetricType.GAUGE, "When the order service started.", "seconds");
        sink.sample("example_start_time_seconds", shopLabels, startMillis / 1000.0);
    }
}
