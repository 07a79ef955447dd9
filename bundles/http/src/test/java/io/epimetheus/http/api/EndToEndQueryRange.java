package io.epimetheus.http.api;

import io.epimetheus.promql.engine.EngineSettings;
import io.epimetheus.promql.engine.PromqlEngine;
import io.epimetheus.tsdb.Db;
import io.epimetheus.tsdb.TsdbOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/**
 * End-to-end load run, not a test: opens a TSDB directory (e.g. blocks made by {@code promtool tsdb
 * create-blocks-from openmetrics}), serves it through the real PromQL engine and this API on a
 * loopback port, and times a {@code query_range} as a client sees it, with the bytes the server's
 * threads allocated per request. Run with the test classpath:
 * {@code java -cp ... io.epimetheus.http.api.EndToEndQueryRange <tsdb dir> <query> <start> <end> <step> [runs]}.
 */
public final class EndToEndQueryRange {

    private EndToEndQueryRange() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int runs = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        TsdbOptions d = TsdbOptions.defaults(dir);
        try (Db db = Db.open(new TsdbOptions(dir, 100L * 365 * 86_400_000, d.retentionBytes(), d.minBlockDuration(),
                d.maxBlockDuration(), d.walCompression(), d.walSegmentSize(), d.walSyncEveryCommit(), d.outOfOrderWindow()));
                ApiTestServer api = new ApiTestServer()) {
            api.storage = db;
            api.engine = new PromqlEngine(EngineSettings.DEFAULTS);
            String url = "http://127.0.0.1:" + api.port() + "/api/v1/query_range?query="
                    + java.net.URLEncoder.encode(args[1], java.nio.charset.StandardCharsets.UTF_8)
                    + "&start=" + args[2] + "&end=" + args[3] + "&step=" + args[4];
            HttpClient client = HttpClient.newHttpClient();
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            byte[] buf = new byte[1 << 16];
            for (int i = 0; i < runs; i++) {
                long a0 = allocated(threads);
                long t0 = System.nanoTime();
                HttpResponse<java.io.InputStream> r = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
                long bytes = 0;
                try (java.io.InputStream in = r.body()) {
                    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                        md5.update(buf, 0, n);
                        bytes += n;
                    }
                }
                long t1 = System.nanoTime();
                long a1 = allocated(threads);
                System.out.printf("run %d: status %d, %d bytes (md5 %s), %.3f s, %.1f MB allocated by the server%n", i,
                        r.statusCode(), bytes, java.util.HexFormat.of().formatHex(md5.digest()), (t1 - t0) / 1e9, (a1 - a0) / 1e6);
            }
        }
    }

    // The allocation counters of Jetty's pool threads ("qtp..."), which run the request: query
    // evaluation, storage reads and JSON writing; the client's threads are left out.
    private static long allocated(com.sun.management.ThreadMXBean threads) {
        long sum = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("qtp")) {
                long b = threads.getThreadAllocatedBytes(info.getThreadId());
                if (b > 0) {
                    sum += b;
                }
            }
        }
        return sum;
    }
}
