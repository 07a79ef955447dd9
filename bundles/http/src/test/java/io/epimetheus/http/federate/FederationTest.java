package io.epimetheus.http.federate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.StaleNaN;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.http.TestJetty;
import io.epimetheus.http.api.FakeStorages;
import java.io.IOException;
import java.net.http.HttpResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

class FederationTest {

    private static final long NOW = 1_700_000_000_000L;

    @Test
    void latestSamplePerSeriesWithExternalLabels() throws Exception {
        Storage storage = FakeStorages.create();
        Appender a = storage.appender();
        a.append(0, Labels.of("__name__", "up", "job", "api", "instance", "a"), NOW - 60_000, 0);
        a.append(0, Labels.of("__name__", "up", "job", "api", "instance", "a"), NOW - 15_000, 1);
        a.append(0, Labels.of("__name__", "up", "job", "db", "instance", "b", "cluster", "own"), NOW - 10_000, 1);
        a.append(0, Labels.of("__name__", "up", "job", "old", "instance", "c"), NOW - 600_000, 1);
        a.append(0, Labels.of("__name__", "up", "job", "gone", "instance", "d"), NOW - 5_000, StaleNaN.VALUE);
        a.append(0, Labels.of("__name__", "a_metric", "job", "api"), NOW - 1_000, 2.5);
        a.commit();
        Labels external = Labels.of("cluster", "eu1");
        try (TestJetty jetty = new TestJetty().servlet("/federate", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                Federation.serve(req, resp, storage, external, 300_000, NOW);
            }
        }).start()) {
            HttpResponse<String> r = jetty.get("/federate?match[]=up&match[]=%7Bjob%3D%22api%22%7D");
            assertEquals(200, r.statusCode());
            assertEquals("# TYPE a_metric untyped\n"
                    + "a_metric{cluster=\"eu1\",instance=\"\",job=\"api\"} 2.5 1699999999000\n"
                    + "# TYPE up untyped\n"
                    + "up{cluster=\"own\",instance=\"b\",job=\"db\"} 1 1699999990000\n"
                    + "up{cluster=\"eu1\",instance=\"a\",job=\"api\"} 1 1699999985000\n", r.body());
            r = jetty.get("/federate?match[]=up%7B");
            assertEquals(400, r.statusCode());
            assertEquals("1:4: parse error: unexpected end of input inside braces\n", r.body());
            assertEquals("", jetty.get("/federate").body());
            // Prometheus's federation never negotiates OpenMetrics.
            r = jetty.send("GET", "/federate?match[]=a_metric", java.util.Map.of("Accept",
                    "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"));
            assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
            assertEquals("# TYPE a_metric untyped\n"
                    + "a_metric{cluster=\"eu1\",instance=\"\",job=\"api\"} 2.5 1699999999000\n", r.body());
        }
    }

    @Test
    void instanceFromExternalLabelsInsteadOfEmpty() throws Exception {
        Storage storage = FakeStorages.create();
        Appender a = storage.appender();
        a.append(0, Labels.of("__name__", "job:up:sum", "job", "api"), NOW - 1_000, 3);
        a.append(0, Labels.of("__name__", "up", "job", "api", "instance", "a"), NOW - 1_000, 1);
        a.commit();
        Labels external = Labels.of("instance", "federated", "zone", "z");
        try (TestJetty jetty = new TestJetty().servlet("/federate", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                Federation.serve(req, resp, storage, external, 300_000, NOW);
            }
        }).start()) {
            assertEquals("# TYPE job:up:sum untyped\n"
                    + "job:up:sum{instance=\"federated\",job=\"api\",zone=\"z\"} 3 1699999999000\n"
                    + "# TYPE up untyped\n"
                    + "up{instance=\"a\",job=\"api\",zone=\"z\"} 1 1699999999000\n",
                    jetty.get("/federate?match[]=%7Bjob%3D%22api%22%7D").body());
        }
    }
}
