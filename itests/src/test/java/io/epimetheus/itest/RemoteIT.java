package io.epimetheus.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import io.epimetheus.api.storage.Storage;
import io.epimetheus.api.storage.WriteAheadLog;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The remote bundle in the distribution: remote write is appended to the TSDB and read back through
 * remote read (streamed XOR chunks); while the storage bundle is stopped the receiver answers 503
 * so senders retry, and after it returns writes succeed again. Our own sender follows the TSDB's
 * {@link WriteAheadLog} (scraping ourselves, writing {@code up} back as {@code up_copy}) and
 * follows the new one after the storage restarts. The bundles come from the reactor's
 * build output when the distribution does not include them yet.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RemoteIT {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] config() throws IOException {
        Path tsdb = Files.createTempDirectory("epimetheus-itest-remote-tsdb");
        int port = freePort();
        // Scrape ourselves and remote-write the up series back to our own receiver, renamed to
        // up_copy (write_relabel_configs): the sender's whole path through the distribution.
        Path config = Files.createTempFile("epimetheus-itest-remote", ".yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: self
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                remote_write:
                  - url: http://127.0.0.1:%d/api/v1/write
                    queue_config: {batch_send_deadline: 200ms, min_backoff: 50ms, max_backoff: 200ms}
                    write_relabel_configs:
                      - {source_labels: [__name__], regex: up, action: keep}
                      - {source_labels: [__name__], target_label: __name__, replacement: up_copy}
                """.formatted(port, port));
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(new File(System.getProperty("itest.distribution")).toURI().toString())
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.WARN),
            editConfigurationFilePut("etc/system.properties", "epimetheus.web.listen.host", "127.0.0.1"),
            editConfigurationFilePut("etc/system.properties", "epimetheus.web.listen.port", String.valueOf(port)),
            editConfigurationFilePut("etc/system.properties", "epimetheus.config.file", config.toString()),
            editConfigurationFilePut("etc/system.properties", "epimetheus.storage.tsdb.path", tsdb.toString()),
            editConfigurationFilePut("etc/system.properties", "epimetheus.web.enable-remote-write-receiver", "true"),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(freePort())),
            editConfigurationFilePut("etc/system.properties", "itest.remote.jar", built("remote")),
            editConfigurationFilePut("etc/system.properties", "itest.tsdb.jar", built("tsdb")),
        };
    }

    /** The bundle jar the reactor built for {@code bundles/<module>}. */
    private static String built(String module) throws IOException {
        Path target = Path.of("..", "bundles", module, "target").toAbsolutePath().normalize();
        try (Stream<Path> s = Files.list(target)) {
            return s.filter(p -> p.getFileName().toString().matches("epimetheus-" + module + "-[0-9].*\\.jar"))
                    .findFirst().orElseThrow(() -> new IOException("no built jar in " + target)).toString();
        }
    }

    private Bundle ensureInstalled(String symbolicName, String jarProperty) throws Exception {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        Bundle b = bundleContext.installBundle(new File(System.getProperty(jarProperty)).toURI().toString());
        b.start();
        return b;
    }

    @Test
    public void remoteWriteIsStoredReadBackAndRetriedAcrossAStorageSwap() throws Exception {
        Bundle tsdb = ensureInstalled("epimetheus-tsdb", "itest.tsdb.jar");
        ensureInstalled("epimetheus-remote", "itest.remote.jar");
        long t = System.currentTimeMillis();

        HttpResponse<byte[]> w = awaitWrite(write("remote_it", t, 42.0), 204);
        assertEquals(204, w.statusCode());

        HttpResponse<byte[]> r = post("/api/v1/read", snappyLiteral(readRequest("remote_it", t - 60_000, t + 60_000)),
                "application/x-protobuf");
        assertEquals(new String(r.body(), StandardCharsets.UTF_8), 200, r.statusCode());
        assertEquals("application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse",
                r.headers().firstValue("Content-Type").orElse(""));
        String frames = new String(r.body(), StandardCharsets.ISO_8859_1);
        assertTrue("the series comes back", frames.contains("remote_it") && frames.contains("job"));

        // The storage goes away: the receiver asks the sender to retry, and accepts again after.
        tsdb.stop();
        HttpResponse<byte[]> unavailable = post("/api/v1/write", write("remote_it", t + 1000, 43.0), "application/x-protobuf");
        assertEquals(503, unavailable.statusCode());
        tsdb.start();
        ServiceReference<Storage> ref = null;
        for (int i = 0; i < 300 && ref == null; i++) {
            ref = bundleContext.getServiceReference(Storage.class);
            Thread.sleep(100);
        }
        assertNotNull("Storage is back", ref);
        assertEquals(204, awaitWrite(write("remote_it", t + 1000, 43.0), 204).statusCode());
    }

    @Test
    public void theSenderFollowsTheWalAcrossAStorageSwap() throws Exception {
        Bundle tsdb = ensureInstalled("epimetheus-tsdb", "itest.tsdb.jar");
        ensureInstalled("epimetheus-remote", "itest.remote.jar");
        awaitCopiedSince(0);
        ServiceReference<WriteAheadLog> ref = bundleContext.getServiceReference(WriteAheadLog.class);
        assertNotNull("the TSDB registers its WAL", ref);
        WriteAheadLog wal = bundleContext.getService(ref);
        assertEquals("wal", wal.directory().getFileName().toString());
        assertTrue("a segment is being written", wal.segments().last() >= 0);
        bundleContext.ungetService(ref);

        tsdb.stop();
        assertNull("the WAL goes away with the storage", bundleContext.getServiceReference(WriteAheadLog.class));
        long restarted = System.currentTimeMillis();
        tsdb.start();
        // The sender follows the new WAL: scrapes after the restart are copied again.
        awaitCopiedSince(restarted);
    }

    /** Waits until {@code up_copy} (written by our sender to our receiver) has a sample at or after {@code millis}. */
    private static void awaitCopiedSince(long millis) throws Exception {
        Pattern value = Pattern.compile("\"value\":\\[[0-9.]+,\"([0-9.e+]+)\"\\]");
        String last = "";
        for (int i = 0; i < 600; i++) {
            Http.Response r = Http.get("/api/v1/query?query=timestamp(up_copy%7Bjob%3D%22self%22%7D)");
            last = r.body();
            Matcher m = value.matcher(last);
            if (r.status() == 200 && m.find() && Double.parseDouble(m.group(1)) * 1000 >= millis) {
                return;
            }
            Thread.sleep(100);
        }
        fail("no up_copy sample since " + millis + ": " + last);
    }

    private HttpResponse<byte[]> awaitWrite(byte[] body, int want) throws Exception {
        HttpResponse<byte[]> resp = null;
        for (int i = 0; i < 300; i++) {
            resp = post("/api/v1/write", body, "application/x-protobuf");
            if (resp.statusCode() == want) {
                return resp;
            }
            Thread.sleep(100);
        }
        return resp;
    }

    private static HttpResponse<byte[]> post(String path, byte[] body, String contentType) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(Http.base() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).header("Content-Encoding", "snappy")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    // --- minimal protobuf and snappy (literal-only) encoding for the requests ---

    private static byte[] write(String metric, long t, double v) {
        byte[] sample = concat(tag(1, 1), fixed64(Double.doubleToRawLongBits(v)), tag(2, 0), varint(t));
        byte[] ts = concat(field(1, label("__name__", metric)), field(1, label("job", "it")), field(2, sample));
        return snappyLiteral(field(1, ts));
    }

    private static byte[] readRequest(String metric, long start, long end) {
        byte[] matcher = concat(field(2, "__name__".getBytes(StandardCharsets.UTF_8)),
                field(3, metric.getBytes(StandardCharsets.UTF_8)));
        byte[] query = concat(tag(1, 0), varint(start), tag(2, 0), varint(end), field(3, matcher));
        return concat(field(1, query), tag(2, 0), varint(1)); // accept STREAMED_XOR_CHUNKS
    }

    private static byte[] label(String name, String value) {
        return concat(field(1, name.getBytes(StandardCharsets.UTF_8)), field(2, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] field(int number, byte[] body) {
        return concat(tag(number, 2), varint(body.length), body);
    }

    private static byte[] tag(int number, int wireType) {
        return varint((number << 3) | wireType);
    }

    private static byte[] varint(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    private static byte[] fixed64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    /** A Snappy block holding {@code raw} as literals of at most 60 bytes. */
    private static byte[] snappyLiteral(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(varint(raw.length));
        for (int off = 0; off < raw.length; off += 60) {
            int n = Math.min(60, raw.length - off);
            out.write((n - 1) << 2);
            out.write(raw, off, n);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
