package io.epimetheus.scrape.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.config.NameValidationScheme;
import io.epimetheus.api.config.RelabelAction;
import io.epimetheus.api.config.RelabelConfig;
import io.epimetheus.api.config.ScrapeConfig;
import io.epimetheus.api.config.ScrapeLimits;
import io.epimetheus.api.config.ScrapeProtocol;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricMetadata;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.api.scrape.TargetHealth;
import io.epimetheus.httpclient.HttpClient;
import io.epimetheus.relabel.Relabeler;
import io.epimetheus.scrape.http.TargetConnection;
import io.epimetheus.scrape.target.ScrapeTarget;
import io.epimetheus.scrape.target.TargetBuilder;
import io.epimetheus.scrape.testing.MemoryStorage.Sample;
import io.epimetheus.scrape.testing.MemoryStorage;
import io.epimetheus.scrape.testing.TestConfigs;
import io.epimetheus.scrape.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One scrape loop against a local HTTP server, appending into memory. */
class ScrapeLoopTest {

    private TestServer server;
    private final MemoryStorage storage = new MemoryStorage();
    private final ScrapeMetrics metrics = new ScrapeMetrics();

    @BeforeEach
    void start() throws IOException {
        server = new TestServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ScrapeLoop loop(ScrapeConfig c) {
        TargetBuilder.Result r = new TargetBuilder(c, Relabeler.compile(c.relabelConfigs()))
                .build(Labels.of("__address__", server.address()), Labels.of("env", "test"));
        ScrapeTarget target = new ScrapeTarget(c.jobName(), r.labels(), r.discovered(), c.params());
        return new ScrapeLoop(target, LoopOptions.of(c), new TargetConnection(new HttpClient(c.httpClient())),
                () -> storage, metrics, null);
    }

    private Labels series(String name, String... labels) {
        Labels l = Labels.of(labels);
        return l.toBuilder().set("__name__", name).set("job", "test").set("instance", server.address())
                .set("env", "test").build();
    }

    @Test
    void storesSamplesWithTargetLabelsAndReportSeries() {
        server.body("# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\n"
                + "http_requests_total{code=\"200\"} 10\nhttp_requests_total{code=\"500\"} 2\n");
        ScrapeLoop loop = loop(TestConfigs.job("test").build());
        loop.scrape(1000);
        assertEquals(new Sample(1000, 10), storage.last(series("http_requests_total", "code", "200")));
        assertEquals(new Sample(1000, 2), storage.last(series("http_requests_total", "code", "500")));
        assertEquals(new Sample(1000, 1), storage.last(series("up")));
        assertEquals(2, storage.last(series("scrape_samples_scraped")).v());
        assertEquals(2, storage.last(series("scrape_samples_post_metric_relabeling")).v());
        assertEquals(2, storage.last(series("scrape_series_added")).v());
        assertNotNull(storage.last(series("scrape_duration_seconds")));
        assertEquals(TargetHealth.UP, loop.target().health());
        assertEquals(MetricType.COUNTER, loop.target().metadata().get("http_requests_total").type());
        assertEquals("Requests.", loop.target().metadata().get("http_requests_total").help());
        assertEquals(MetricType.GAUGE, storage.metadata(series("up")).type());

        String accept = server.requests().get(0).getFirst("Accept");
        assertTrue(accept.startsWith("application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"), accept);
        assertTrue(accept.endsWith("text/plain;version=0.0.4;q=0.3,*/*;q=0.2"), accept);
        assertEquals("10", server.requests().get(0).getFirst("X-Prometheus-Scrape-Timeout-Seconds"));
        assertEquals("gzip", server.requests().get(0).getFirst("Accept-Encoding"));

        loop.scrape(2000);
        assertEquals(new Sample(2000, 10), storage.last(series("http_requests_total", "code", "200")));
        assertEquals(0, storage.last(series("scrape_series_added")).v(), "no new series in the second scrape");
        assertTrue(storage.appendsByRef >= 2, "the second scrape appends by cached reference");
        loop.close();
    }

    @Test
    void metadataIsRecordedAgainOnlyWhenItChanges() {
        server.body("# HELP m Say \\\"hi\\\".\n# TYPE m gauge\nm 1\n");
        ScrapeLoop loop = loop(TestConfigs.job("test").build());
        loop.scrape(1000);
        Map<String, MetricMetadata> first = loop.target().metadata();
        assertEquals(new MetricMetadata(MetricType.GAUGE, "Say \\\"hi\\\".", ""), first.get("m"));
        loop.scrape(2000);
        assertSame(first, loop.target().metadata(), "unchanged metadata is not published again");

        // The same HELP bytes read as another text in OpenMetrics, which unescapes \".
        server.contentType("application/openmetrics-text; version=1.0.0; charset=utf-8");
        server.body("# HELP m Say \\\"hi\\\".\n# TYPE m gauge\nm 1\n# TYPE x_seconds gauge\n# UNIT x_seconds seconds\n"
                + "x_seconds 1\n# EOF\n");
        loop.scrape(3000);
        assertEquals(new MetricMetadata(MetricType.GAUGE, "Say \"hi\".", ""), loop.target().metadata().get("m"));
        assertEquals(new MetricMetadata(MetricType.GAUGE, "", "seconds"), loop.target().metadata().get("x_seconds"));

        server.contentType("text/plain; version=0.0.4");
        server.body("# HELP m Say hello.\n# TYPE m counter\nm 2\n");
        loop.scrape(4000);
        assertEquals(new MetricMetadata(MetricType.COUNTER, "Say hello.", ""), loop.target().metadata().get("m"));
        assertEquals(MetricType.COUNTER, storage.metadata(series("m")).type());
        loop.close();
    }

    @Test
    void vanishedSeriesAndFailedScrapesGetStalenessMarkers() {
        server.body("a 1\nb 2\n");
        ScrapeLoop loop = loop(TestConfigs.job("test").build());
        loop.scrape(1000);
        server.body("a 1\n");
        loop.scrape(2000);
        assertTrue(storage.last(series("b")).stale(), "b vanished");
        assertEquals(new Sample(2000, 1), storage.last(series("a")));
        loop.scrape(3000);
        assertEquals(1, storage.samples(series("b")).stream().filter(Sample::stale).count(), "one marker only");

        server.status(500);
        loop.scrape(4000);
        assertTrue(storage.last(series("a")).stale(), "a failed scrape marks everything stale");
        assertEquals(new Sample(4000, 0), storage.last(series("up")));
        assertEquals("server returned HTTP status 500 Internal Server Error", loop.target().lastError());
        assertEquals(TargetHealth.DOWN, loop.target().health());

        server.status(200);
        loop.scrape(5000);
        assertEquals(new Sample(5000, 1), storage.last(series("a")));
        loop.writeEndOfRunStaleness(6000);
        assertTrue(storage.last(series("a")).stale());
        assertTrue(storage.last(series("up")).stale(), "report series go stale with the target");
        loop.close();
    }

    @Test
    void malformedBodyFailsOnlyThatScrapeAndStoresNothingOfIt() {
        server.body("ok 1\n");
        ScrapeLoop loop = loop(TestConfigs.job("test").build());
        loop.scrape(1000);
        server.body("ok 2\nnew_series 5\nbroken{ 3\n");
        loop.scrape(2000);
        assertEquals(new Sample(2000, 0), storage.last(series("up")));
        assertTrue(loop.target().lastError().contains("line 3"), loop.target().lastError());
        assertTrue(storage.samples(series("new_series")).isEmpty(), "the failed scrape is rolled back");
        assertTrue(storage.last(series("ok")).stale(), "the series of a failed scrape go stale");
        server.body("ok 3\n");
        loop.scrape(3000);
        assertEquals(new Sample(3000, 3), storage.last(series("ok")));
        assertEquals(new Sample(3000, 1), storage.last(series("up")));
        loop.close();
    }

    @Test
    void sampleLimitFailsTheScrape() {
        server.body("a 1\nb 2\nc 3\n");
        ScrapeLoop loop = loop(TestConfigs.job("test").limits(new ScrapeLimits(0, 2, 0, 0, 0, 0, 0)).build());
        loop.scrape(1000);
        assertEquals("sample limit exceeded", loop.target().lastError());
        assertEquals(new Sample(1000, 0), storage.last(series("up")));
        assertEquals(3, storage.last(series("scrape_samples_scraped")).v());
        assertTrue(storage.samples(series("a")).isEmpty());
        assertEquals(1, metrics.exceededSampleLimit.sum());
        loop.close();
    }

    @Test
    void labelLimitsFailTheScrape() {
        server.body("a{x=\"1\",y=\"2\"} 1\n");
        ScrapeLoop loop = loop(TestConfigs.job("test").limits(new ScrapeLimits(0, 0, 0, 4, 0, 0, 0)).build());
        loop.scrape(1000);
        assertEquals("label_limit exceeded (metric: a, number of labels: 6, limit: 4)", loop.target().lastError());
        loop.close();
        server.body("a{x=\"longvalue\"} 1\n");
        loop = loop(TestConfigs.job("test").limits(new ScrapeLimits(0, 0, 0, 0, 0, 5, 0)).build());
        loop.scrape(2000);
        assertTrue(loop.target().lastError().startsWith("label_value_length_limit exceeded (metric: a, label name: "),
                loop.target().lastError());
        loop.close();
    }

    @Test
    void honorLabelsAndConflicts() {
        server.body("m{job=\"exposed\",instance=\"x\"} 1\n");
        ScrapeLoop loop = loop(TestConfigs.job("test").build());
        loop.scrape(1000);
        Labels expected = series("m").toBuilder().set("exported_job", "exposed").set("exported_instance", "x").build();
        assertEquals(new Sample(1000, 1), storage.last(expected));
        loop.close();

        ScrapeLoop honoring = loop(TestConfigs.job("test").honorLabels(true).build());
        honoring.scrape(2000);
        Labels kept = Labels.of("__name__", "m", "job", "exposed", "instance", "x", "env", "test");
        assertEquals(new Sample(2000, 1), storage.last(kept));
        honoring.close();
    }

    @Test
    void honorLabelsKeepsExplicitlyEmptyLabels() {
        // The Pushgateway exposes instance="" for groups pushed without an instance.
        server.body("push_time_seconds{instance=\"\",job=\"batch\"} 1.7e9\n"
                + "{\"my.metric\",\"instance\"=\"\",env=\"\"} 2\n"
                + "pushed{instance=\"b1\",job=\"batch\"} 3\n");
        ScrapeLoop loop = loop(TestConfigs.job("test").honorLabels(true).build());
        loop.scrape(1000);
        loop.scrape(2000); // the second time from the scrape cache
        Labels pushTime = Labels.of("__name__", "push_time_seconds", "job", "batch", "env", "test");
        assertEquals(List.of(new Sample(1000, 1.7e9), new Sample(2000, 1.7e9)), storage.samples(pushTime));
        assertEquals(new Sample(2000, 2), storage.last(Labels.of("__name__", "my.metric", "job", "test")));
        assertEquals(new Sample(2000, 3), storage.last(Labels.of("__name__", "pushed", "job", "batch", "instance", "b1",
                "env", "test")));
        loop.close();

        // Without honor_labels an empty exposed label is no conflict: the target's label is set.
        ScrapeLoop overriding = loop(TestConfigs.job("test").build());
        overriding.scrape(3000);
        assertEquals(new Sample(3000, 1.7e9), storage.last(series("push_time_seconds", "exported_job", "batch")));
        overriding.close();

        // OpenMetrics alike.
        server.contentType("application/openmetrics-text; version=1.0.0; charset=utf-8");
        server.body("# TYPE om_pushed gauge\nom_pushed{instance=\"\",job=\"batch\"} 4\n# EOF\n");
        ScrapeLoop openMetrics = loop(TestConfigs.job("test").honorLabels(true).build());
        openMetrics.scrape(4000);
        assertEquals(new Sample(4000, 4), storage.last(Labels.of("__name__", "om_pushed", "job", "batch", "env", "test")));
        openMetrics.close();
    }

    @Test
    void timestampsAreHonoredOrIgnored() {
        server.body("m 1 500\n");
        ScrapeLoop loop = loop(TestConfigs.job("test").build());
        loop.scrape(1000);
        assertEquals(new Sample(500, 1), storage.last(series("m")));
        loop.close();
        ScrapeLoop ignoring = loop(TestConfigs.job("ignore").honorTimestamps(false).build());
        ignoring.scrape(2000);
        Labels l = series("m").toBuilder().set("job", "ignore").build();
        assertEquals(new Sample(2000, 1), storage.last(l));
        ignoring.close();
    }

    @Test
    void metricRelabelingDropsSeries() {
        server.body("keep_me 1\ndrop_me 2\n");
        RelabelConfig drop = new RelabelConfig(List.of("__name__"), ";", "drop_.*", 0, "", "$1", RelabelAction.DROP,
                NameValidationScheme.UTF8);
        ScrapeLoop loop = loop(TestConfigs.job("test").metricRelabel(List.of(drop)).build());
        loop.scrape(1000);
        loop.scrape(2000);
        assertEquals(2, storage.samples(series("keep_me")).size());
        assertTrue(storage.samples(series("drop_me")).isEmpty());
        assertEquals(2, storage.last(series("scrape_samples_scraped")).v());
        assertEquals(1, storage.last(series("scrape_samples_post_metric_relabeling")).v());
        loop.close();
    }

    @Test
    void gzipAndBodySizeLimit() {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            big.append("metric_").append(i).append(" ").append(i).append('\n');
        }
        server.body(big.toString()).gzip(true);
        ScrapeLoop loop = loop(TestConfigs.job("test").build());
        loop.scrape(1000);
        assertEquals(1000, storage.last(series("scrape_samples_scraped")).v());
        loop.close();

        ScrapeLoop limited = loop(TestConfigs.job("test").limits(new ScrapeLimits(1000, 0, 0, 0, 0, 0, 0))
                .extraMetrics(true).build());
        limited.scrape(2000);
        assertEquals("body size limit exceeded", limited.target().lastError());
        assertEquals(-1, storage.last(series("scrape_body_size_bytes")).v());
        assertEquals(1, metrics.exceededBodySizeLimit.sum());
        limited.close();
    }

    @Test
    void truncatedGzipFailsTheScrape() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write("a 1\nb 2\n".getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = bos.toByteArray();
        server.contentEncoding("gzip").body(whole);
        ScrapeLoop loop = loop(TestConfigs.job("test").build());
        loop.scrape(1000);
        assertEquals(TargetHealth.UP, loop.target().health());
        server.body(Arrays.copyOf(whole, whole.length - 6));
        loop.scrape(2000);
        assertEquals("unexpected EOF", loop.target().lastError());
        whole[whole.length - 8] ^= 1; // corrupt the CRC
        server.body(whole);
        loop.scrape(3000);
        assertEquals("gzip: invalid checksum", loop.target().lastError());
        loop.close();
    }

    @Test
    void contentTypeNegotiationAndFallback() {
        server.contentType(null).body("a 1\n");
        ScrapeLoop loop = loop(TestConfigs.job("test").build());
        loop.scrape(1000);
        assertEquals("non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol "
                + "specified for target", loop.target().lastError());
        loop.close();
        ScrapeLoop fallback = loop(TestConfigs.job("test").fallback(ScrapeProtocol.PROMETHEUS_TEXT_0_0_4).build());
        fallback.scrape(2000);
        assertEquals("", fallback.target().lastError());
        assertEquals(new Sample(2000, 1), storage.last(series("a")));
        fallback.close();

        server.contentType("application/openmetrics-text; version=1.0.0; charset=utf-8")
                .body("# TYPE c counter\nc_total 3\n# EOF\n");
        ScrapeLoop om = loop(TestConfigs.job("test").build());
        om.scrape(3000);
        assertEquals(new Sample(3000, 3), storage.last(series("c_total")));
        om.close();
    }

    @Test
    void protobufIsAskedForFirstWhenConfiguredAndParsed() {
        // MetricFamily{name "rpc", help "RPC.", type HISTOGRAM, metric {label code="200",
        // histogram {sample_count 3, sample_sum 1.5, bucket {cumulative_count 2, upper_bound 0.5}}}}
        byte[] label = message(concat(bytes(0x0A, "code"), bytes(0x12, "200")), 0x0A);
        byte[] bucket = concat(new byte[] {0x08, 2, 0x11}, doubleBytes(0.5));
        byte[] histogram = concat(new byte[] {0x08, 3, 0x11}, doubleBytes(1.5), message(bucket, 0x1A));
        byte[] family = concat(bytes(0x0A, "rpc"), bytes(0x12, "RPC."), new byte[] {0x18, 4},
                message(concat(label, message(histogram, 0x3A)), 0x22));
        server.contentType("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited")
                .body(concat(new byte[] {(byte) family.length}, family));
        ScrapeLoop loop = loop(TestConfigs.job("test").protocols(List.of(ScrapeProtocol.PROMETHEUS_PROTO,
                ScrapeProtocol.OPENMETRICS_TEXT_1_0_0, ScrapeProtocol.PROMETHEUS_TEXT_0_0_4)).build());
        loop.scrape(1000);
        assertEquals("", loop.target().lastError());
        assertEquals("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,"
                + "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,"
                + "text/plain;version=0.0.4;q=0.4,*/*;q=0.3", server.requests().get(0).getFirst("Accept"));
        assertEquals(new Sample(1000, 2), storage.last(series("rpc_bucket", "code", "200", "le", "0.5")));
        assertEquals(new Sample(1000, 3), storage.last(series("rpc_bucket", "code", "200", "le", "+Inf")));
        assertEquals(new Sample(1000, 1.5), storage.last(series("rpc_sum", "code", "200")));
        assertEquals(new Sample(1000, 3), storage.last(series("rpc_count", "code", "200")));
        assertEquals(4, storage.last(series("scrape_samples_scraped")).v());
        assertEquals(new MetricMetadata(MetricType.HISTOGRAM, "RPC.", ""), loop.target().metadata().get("rpc"));

        long byRef = storage.appendsByRef;
        loop.scrape(2000);
        assertEquals(new Sample(2000, 3), storage.last(series("rpc_count", "code", "200")));
        assertEquals(0, storage.last(series("scrape_series_added")).v(), "the series keys are found in the cache");
        assertTrue(storage.appendsByRef >= byRef + 4, "the second scrape appends by cached reference");

        server.body(new byte[] {5, 0x0A});
        loop.scrape(3000);
        assertEquals("clientpb: insufficient length of buffer, expected at least 6 bytes, got 2 bytes"
                + " (line 1, column 1, byte offset 0)", loop.target().lastError());
        loop.close();
    }

    private static byte[] bytes(int tag, String s) {
        return message(s.getBytes(StandardCharsets.UTF_8), tag);
    }

    /** A length-delimited field of fewer than 128 bytes. */
    private static byte[] message(byte[] content, int tag) {
        return concat(new byte[] {(byte) tag, (byte) content.length}, content);
    }

    private static byte[] doubleBytes(double v) {
        return java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(v).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void duplicateSeriesInOneScrapeAreCountedNotStored() {
        server.body("a 1\na 2\n");
        ScrapeLoop loop = loop(TestConfigs.job("test").build());
        loop.scrape(1000);
        loop.scrape(2000);
        assertEquals(List.of(new Sample(1000, 1), new Sample(2000, 1)), storage.samples(series("a")));
        assertEquals(TargetHealth.UP, loop.target().health());
        assertTrue(metrics.duplicateTimestamp.sum() >= 1);
        loop.close();
    }
}
