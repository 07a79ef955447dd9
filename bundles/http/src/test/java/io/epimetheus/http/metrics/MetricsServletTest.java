package io.epimetheus.http.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.exporter.Collector;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.http.TestJetty;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsServletTest {

    private final MetricsServlet servlet = new MetricsServlet();
    private TestJetty jetty;

    private static Collector gauge(String name, double v) {
        return sink -> {
            sink.family(name, MetricType.GAUGE, "help of " + name, "");
            sink.sample(name, Labels.EMPTY, v);
        };
    }

    @BeforeEach
    void start() throws Exception {
        servlet.addCollector(gauge("epimetheus_self", 1), Map.of());
        servlet.addCollector(gauge("node_load1", 0.5), Map.of(Collector.NAME_PROPERTY, "node"));
        servlet.addCollector(gauge("jvm_threads", 42), Map.of(Collector.NAME_PROPERTY, "jvm", Collector.SELF_PROPERTY, "true"));
        servlet.addCollector(sink -> {
            sink.family("broken", MetricType.COUNTER, "", "");
            throw new IllegalStateException("collector failure");
        }, Map.of());
        jetty = new TestJetty().servlet("/metrics", servlet).servlet("/exporters/*", servlet).start();
    }

    @AfterEach
    void stop() throws Exception {
        jetty.close();
    }

    @Test
    void metricsHasUnnamedAndSelfCollectorsInTextFormat() throws Exception {
        HttpResponse<String> r = jetty.get("/metrics");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(r.body().contains("# TYPE epimetheus_self gauge\nepimetheus_self 1\n"), r.body());
        assertTrue(r.body().contains("jvm_threads 42\n"), r.body());
        assertTrue(!r.body().contains("node_load1"), r.body());
    }

    @Test
    void openMetricsOnRequest() throws Exception {
        HttpResponse<String> r = jetty.send("GET", "/metrics",
                Map.of("Accept", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5"));
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/openmetrics-text"));
        assertTrue(r.body().endsWith("# EOF\n"), r.body());
    }

    @Test
    void namedExportersOnTheirOwnPath() throws Exception {
        HttpResponse<String> r = jetty.get("/exporters/node/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("node_load1 0.5\n"), r.body());
        assertTrue(!r.body().contains("epimetheus_self"), r.body());
        assertEquals(404, jetty.get("/exporters/nope/metrics").statusCode());
        assertEquals(404, jetty.get("/exporters/node").statusCode());
    }

    @Test
    void removedCollectorDisappears() throws Exception {
        Collector c = gauge("temporary", 3);
        servlet.addCollector(c, Map.of());
        assertTrue(jetty.get("/metrics").body().contains("temporary 3"));
        servlet.removeCollector(c);
        assertTrue(!jetty.get("/metrics").body().contains("temporary"));
    }
}
