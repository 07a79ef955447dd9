package io.epimetheus.remote.send;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.MetadataConfig;
import io.epimetheus.api.config.QueueConfig;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricMetadata;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.remote.client.HttpPost;
import io.epimetheus.remote.write.WriteRequestDecoder;
import io.epimetheus.remote.write.WriteVisitor;
import io.epimetheus.tsdb.format.snappy.SnappyBlock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetadataSenderTest {

    @Test
    void sendsMetadataInBatchesAndRetriesServerErrors() throws Exception {
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/w", ex -> {
            try (ex) {
                byte[] c = ex.getRequestBody().readAllBytes();
                if (calls.incrementAndGet() == 1) {
                    ex.sendResponseHeaders(503, -1); // first attempt fails: retried
                    return;
                }
                byte[] raw = new byte[SnappyBlock.decodedLength(c, 0, c.length)];
                SnappyBlock.decode(c, 0, c.length, raw);
                new WriteRequestDecoder().decodeV1(raw, 0, raw.length, new WriteVisitor() {
                    @Override
                    public void series(Labels labels) {
                    }

                    @Override
                    public void invalidSeries(String problem, int samples) {
                    }

                    @Override
                    public void sample(long t, double v) {
                    }

                    @Override
                    public void exemplar(Labels labels, double value, long t) {
                    }

                    @Override
                    public void histogram(long t) {
                    }

                    @Override
                    public void metadata(String family, MetricType type, String help, String unit) {
                        received.add(family + " " + type + " " + help + " " + unit);
                    }

                    @Override
                    public void endSeries() {
                    }
                });
                ex.sendResponseHeaders(204, -1);
            }
        });
        server.start();
        try {
            QueueConfig q = new QueueConfig(10, 1, 1, 10, Duration.ofSeconds(1), Duration.ofMillis(5),
                    Duration.ofMillis(20), false, Duration.ZERO);
            QueueMetrics metrics = new QueueMetrics();
            HttpPost client = new HttpPost("http://127.0.0.1:" + server.getAddress().getPort() + "/w",
                    Duration.ofSeconds(5), Map.of(), HttpClientConfig.DEFAULT);
            MetadataSender s = new MetadataSender("t", new MetadataConfig(true, Duration.ofMinutes(1), 2), q, client,
                    () -> null, metrics);
            Map<String, List<MetricMetadata>> families = new TreeMap<>();
            families.put("up", List.of(new MetricMetadata(MetricType.GAUGE, "1 if up", "")));
            families.put("node_cpu_seconds", List.of(new MetricMetadata(MetricType.COUNTER, "CPU time", "seconds")));
            families.put("http_latency", List.of(new MetricMetadata(MetricType.HISTOGRAM, "Latency", "seconds")));
            s.sendAll(families, System.currentTimeMillis() + 10_000);
            assertEquals(List.of("http_latency HISTOGRAM Latency seconds", "node_cpu_seconds COUNTER CPU time seconds",
                    "up GAUGE 1 if up "), received);
            assertEquals(3, metrics.metadataSent.sum());
            assertEquals(2, metrics.metadataRetried.sum());
            assertEquals(3, calls.get(), "two batches of at most 2, the first sent twice");
        } finally {
            server.stop(0);
        }
    }
}
