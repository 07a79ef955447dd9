package com.example.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrdersCollectorTest {

    @Test
    void countsOrdersPerOutcome() {
        OrdersCollector c = new OrdersCollector(new OrdersCollector.Config() {
            @Override
            public String shop() {
                return "eu";
            }

            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return OrdersCollector.Config.class;
            }
        });
        c.recordOrder(true);
        c.recordOrder(true);
        c.recordOrder(false);
        List<String> lines = new ArrayList<>();
        c.collect(new MetricSink() {
            @Override
            public void family(String name, MetricType type, String help, String unit) {
                lines.add("# " + name + " " + type.text());
            }

            @Override
            public void sample(String sampleName, Labels labels, double value) {
                lines.add(sampleName + labels + " " + value);
            }

            @Override
            public void sample(String sampleName, Labels labels, double value, long timestampMillis) {
                sample(sampleName, labels, value);
            }
        });
        assertEquals("# example_orders counter", lines.get(0));
        assertEquals("example_orders_total{shop=\"eu\", status=\"ok\"} 2.0", lines.get(1));
        assertEquals("example_orders_total{shop=\"eu\", status=\"failed\"} 1.0", lines.get(2));
        assertEquals("# example_start_time_seconds gauge", lines.get(3));
    }
}
