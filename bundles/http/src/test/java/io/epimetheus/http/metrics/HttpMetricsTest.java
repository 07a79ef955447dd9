package io.epimetheus.http.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.http.TestJetty;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

class HttpMetricsTest {

    @Test
    void countsByHandlerAndCodeWithBoundedHandlers() throws Exception {
        HttpMetrics metrics = new HttpMetrics();
        MetricsServlet exposition = new MetricsServlet();
        exposition.addCollector(metrics, Map.of());
        HttpServlet api = new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                resp.setStatus(req.getRequestURI().endsWith("bad") ? 400 : 200);
            }
        };
        try (TestJetty jetty = new TestJetty().servlet("/api/v1/*", api).servlet("/metrics", exposition)
                .filter(metrics).start()) {
            jetty.get("/api/v1/query");
            jetty.get("/api/v1/query");
            jetty.get("/api/v1/label/job/values");
            jetty.get("/api/v1/label/instance/values");
            jetty.get("/api/v1/whatever/bad");
            jetty.get("/some/random/path");
            String body = jetty.get("/metrics").body();
            assertTrue(body.contains("prometheus_http_requests_total{code=\"200\",handler=\"/api/v1/query\"} 2\n"), body);
            assertTrue(body.contains("prometheus_http_requests_total{code=\"200\",handler=\"/api/v1/label/:name/values\"} 2\n"), body);
            assertTrue(body.contains("prometheus_http_requests_total{code=\"400\",handler=\"/api/v1/*path\"} 1\n"), body);
            assertTrue(body.contains("prometheus_http_requests_total{code=\"404\",handler=\"other\"} 1\n"), body);
            assertTrue(body.contains("prometheus_http_request_duration_seconds_count{handler=\"/api/v1/query\"} 2\n"), body);
            assertTrue(body.contains("prometheus_http_request_duration_seconds_bucket{handler=\"/api/v1/query\",le=\"+Inf\"} 2\n"), body);
            assertTrue(body.contains("# TYPE prometheus_http_request_duration_seconds histogram\n"), body);
        }
        assertEquals("/api/v1/status/tsdb", HandlerNames.of("/api/v1/status/tsdb"));
        assertEquals("/exporters/:name/metrics", HandlerNames.of("/exporters/node/metrics"));
    }
}
