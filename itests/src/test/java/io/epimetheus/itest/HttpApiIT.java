package io.epimetheus.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import io.epimetheus.api.query.QueryEngine;
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
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * The HTTP API of the booted distribution: endpoints answer with Prometheus's shapes over the
 * storage the distribution binds, settings of {@code io.epimetheus.http} apply at run time, and a
 * {@code web.config.yml} with basic auth protects every path through the whiteboard filter.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpApiIT {

    // exporter-toolkit's test user: alice / alice123.
    private static final String ALICE = "$2y$12$1DpfPeqF9HzHJt.EWswy1exHluGfbhnn3yXhR7Xes6m3WJqFg0Wby";

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    private BundleContext bundleContext;

    @Inject
    private SessionFactory sessionFactory;

    @Inject
    private ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() throws IOException {
        Path tsdb = Files.createTempDirectory("epimetheus-itest-http-tsdb");
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(new File(System.getProperty("itest.distribution")).toURI().toString())
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.WARN),
            editConfigurationFilePut("etc/system.properties", "epimetheus.web.listen.host", "127.0.0.1"),
            editConfigurationFilePut("etc/system.properties", "epimetheus.web.listen.port", String.valueOf(freePort())),
            editConfigurationFilePut("etc/system.properties", "epimetheus.storage.tsdb.path", tsdb.toString()),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(freePort())),
        };
    }

    private record Reply(int status, String body, HttpResponse<String> raw) {
    }

    private static Reply call(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(Http.base() + path)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r.statusCode(), r.body(), r);
    }

    private static Reply get(String path, String... headers) throws Exception {
        return call("GET", path, headers);
    }

    /** Waits until a GET answers with the status, while a configuration change restarts components. */
    private static Reply awaitStatus(String path, int status, String... headers) throws Exception {
        Reply last = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                last = get(path, headers);
                if (last.status() == status) {
                    return last;
                }
            } catch (IOException e) {
                // the listener may be restarting
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " did not answer " + status + " within 30s; last: "
                + (last == null ? "no answer" : last.status() + " " + last.body()));
    }

    @Test
    public void storageBackedEndpoints() throws Exception {
        Reply labels = awaitStatus("/api/v1/labels", 200);
        assertTrue(labels.body(), labels.body().startsWith("{\"status\":\"success\",\"data\":["));
        Reply series = get("/api/v1/series?match[]=up");
        assertEquals(series.body(), 200, series.status());
        Reply noMatch = get("/api/v1/series");
        assertEquals(400, noMatch.status());
        assertEquals("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"no match[] parameter provided\"}", noMatch.body());
        assertEquals(200, get("/federate?match[]=up").status());
    }

    /** The running configuration in Prometheus's printed form: defaults filled in (otlp, storage.tsdb, runtime). */
    @Test
    public void statusConfigIsPrometheusPrintedForm() throws Exception {
        // The YAML is a JSON string here: line feeds appear as \n.
        String body = awaitStatus("/api/v1/status/config", 200).body();
        assertTrue(body, body.startsWith("{\"status\":\"success\",\"data\":{\"yaml\":\"global:\\n  scrape_interval: "));
        assertTrue(body, body.contains("\\nruntime:\\n  gogc: 75\\n"));
        assertTrue(body, body.contains("\\nstorage:\\n  tsdb:\\n    outofordertimewindow: 0\\n"));
        assertTrue(body, body.contains("\\notlp:\\n  translation_strategy: UnderscoreEscapingWithSuffixes\\n"));
    }

    @Test
    public void queriesAnswerOrNameTheMissingEngine() throws Exception {
        Reply r = get("/api/v1/query?query=1%2B1&time=1700000000");
        if (bundleContext.getServiceReference(QueryEngine.class) != null) {
            assertEquals(r.body(), "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"2\"]}}",
                    r.body());
        } else {
            assertEquals(503, r.status());
            assertTrue(r.body(), r.body().contains("feature:install epimetheus-promql"));
        }
        Reply tooMany = get("/api/v1/query_range?query=up&start=0&end=100000&step=1");
        assertEquals(400, tooMany.status());
    }

    @Test
    public void rulesStatusMetricsAndLifecycle() throws Exception {
        assertEquals("{\"status\":\"success\",\"data\":{\"alerts\":[]}}", get("/api/v1/alerts").body());
        assertTrue(get("/api/v1/rules").body().startsWith("{\"status\":\"success\",\"data\":{\"groups\":["));
        Reply flags = get("/api/v1/status/flags");
        assertTrue(flags.body(), flags.body().contains("\"web.enable-lifecycle\":\"false\""));
        assertEquals(200, get("/api/v1/status/runtimeinfo").status());
        Reply metrics = get("/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.raw().headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(metrics.body(), metrics.body().contains("prometheus_http_requests_total{code=\"200\",handler=\"/api/v1/status/flags\"}"));
        assertEquals(404, get("/exporters/no-such-exporter/metrics").status());
        Reply reload = call("POST", "/-/reload");
        assertEquals(403, reload.status());
        assertEquals("Lifecycle API is not enabled.", reload.body());
        Reply snapshot = call("POST", "/api/v1/admin/tsdb/snapshot");
        assertEquals(500, snapshot.status());
        assertEquals("{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"admin APIs disabled\"}", snapshot.body());
        assertEquals(404, get("/api/v1/no-such-endpoint").status());
    }

    @Test
    public void shellViewsRun() throws Exception {
        String rules = Shell.run(sessionFactory, "epi:rules");
        assertTrue(rules, rules.contains("rule group(s)"));
        String alerts = Shell.run(sessionFactory, "epi:alerts");
        assertTrue(alerts, alerts.contains("alert(s)"));
        String targets = Shell.run(sessionFactory, "epi:targets --state any");
        assertTrue(targets, targets.contains("target(s)") || targets.contains("feature:install epimetheus-scrape"));
        String config = Shell.run(sessionFactory, "epi:config-show");
        assertTrue(config, config.contains("File:") || config.contains("feature:install epimetheus-config"));
        String help = Shell.run(sessionFactory, "epi:targets --help");
        assertTrue(help, help.contains("--state"));
    }

    @Test
    public void webConfigBasicAuthProtectsEveryPath() throws Exception {
        Path web = Files.createTempFile("web-config", ".yml");
        Files.writeString(web, "basic_auth_users:\n  alice: " + ALICE + "\nhttp_server_config:\n  headers:\n"
                + "    X-Frame-Options: deny\n");
        String alice = "Basic " + Base64.getEncoder().encodeToString("alice:alice123".getBytes(StandardCharsets.UTF_8));
        try {
            setHttpSetting("web.config.file", web.toString());
            Reply denied = awaitStatus("/-/healthy", 401);
            assertEquals("Basic", denied.raw().headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals(401, get("/api/v1/labels").status());
            assertEquals(401, get("/metrics", "Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    "alice:wrong".getBytes(StandardCharsets.UTF_8))).status());
            Reply ok = get("/api/v1/status/buildinfo", "Authorization", alice);
            assertEquals(200, ok.status());
            assertEquals("deny", ok.raw().headers().firstValue("X-Frame-Options").orElse(""));
        } finally {
            setHttpSetting("web.config.file", "");
        }
        awaitStatus("/-/healthy", 200);
    }

    @Test
    public void webConfigTlsSwitchesTheListenerToHttps() throws Exception {
        Path dir = Files.createTempDirectory("web-tls");
        for (String f : new String[] {"server.crt", "server.key"}) {
            try (java.io.InputStream in = HttpApiIT.class.getResourceAsStream("/webconfig/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        Path web = dir.resolve("web.yml");
        Files.writeString(web, "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  min_version: TLS12\n");
        java.security.cert.X509Certificate cert;
        try (java.io.InputStream in = Files.newInputStream(dir.resolve("server.crt"))) {
            cert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
        }
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        javax.net.ssl.SSLParameters params = new javax.net.ssl.SSLParameters();
        params.setEndpointIdentificationAlgorithm("");
        HttpClient https = HttpClient.newBuilder().sslContext(tls).sslParameters(params)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String url = Http.base().replace("http://", "https://") + "/api/v1/status/buildinfo";
        try {
            setHttpSetting("web.config.file", web.toString());
            HttpResponse<String> r = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && (r == null || r.statusCode() != 200)) {
                try {
                    r = https.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    Thread.sleep(300);
                }
            }
            assertTrue("HTTPS did not answer on the listener's port", r != null && r.statusCode() == 200);
            assertTrue(r.body(), r.body().startsWith("{\"status\":\"success\""));
        } finally {
            setHttpSetting("web.config.file", "");
        }
        awaitStatus("/-/healthy", 200);
    }

    /**
     * Changing {@code io.epimetheus.http} (as {@code config:property-set} does) applies without
     * downtime: the API, federation, health and the remote bundle's receivers keep answering
     * throughout, and none of their components is re-created (so no servlet is re-registered).
     */
    @Test
    public void settingsChangesKeepEveryEndpointAnswering() throws Exception {
        awaitStatus("/api/v1/labels", 200);
        String[][] components = {
            {"epimetheus-http", "io.epimetheus.http.api.ApiServlet"},
            {"epimetheus-http", "io.epimetheus.http.federate.FederateServlet"},
            {"epimetheus-http", "io.epimetheus.http.security.WebSecurityFilter"},
            {"epimetheus-remote", "io.epimetheus.remote.receive.RemoteWriteServlet"},
            {"epimetheus-remote", "io.epimetheus.remote.receive.RemoteReadServlet"},
        };
        long[] ids = new long[components.length];
        for (int i = 0; i < components.length; i++) {
            ids[i] = Bindings.configuration(scr, component(components[i][0], components[i][1])).id;
        }
        java.util.Map<String, Integer> endpoints = new java.util.LinkedHashMap<>();
        endpoints.put("/api/v1/status/buildinfo", 200);
        endpoints.put("/api/v1/labels", 200);
        endpoints.put("/federate?match[]=up", 200);
        endpoints.put("/-/healthy", 200);
        // Registered but POST-only: 405; an unregistered servlet would answer 404.
        endpoints.put("/api/v1/write", 405);
        endpoints.put("/api/v1/read", 405);
        try (HttpPoller poller = HttpPoller.start(endpoints)) {
            poller.awaitMoreAnswers(30);
            try {
                setHttpSetting("enable.lifecycle", "true");
                setHttpSetting("enable.remote.write.receiver", "true");
                awaitFlags("\"web.enable-lifecycle\":\"true\"");
                poller.awaitMoreAnswers(30);
                Reply reload = call("POST", "/-/reload");
                assertTrue(reload.status() + " " + reload.body(), reload.status() != 403);
            } finally {
                setHttpSetting("enable.lifecycle", "false");
                setHttpSetting("enable.remote.write.receiver", "false");
            }
            awaitFlags("\"web.enable-lifecycle\":\"false\"");
            poller.awaitMoreAnswers(30);
            poller.assertAllAnswered(90);
        }
        for (int i = 0; i < components.length; i++) {
            assertEquals(components[i][1] + " was re-created", ids[i],
                    Bindings.configuration(scr, component(components[i][0], components[i][1])).id);
        }
    }

    /**
     * A query whose client disconnects is cancelled: through pax-web's request wrapper the API finds
     * Jetty's connection and watches it. A blocking engine ranked above the distribution's shows it.
     */
    @Test
    public void aQueryWhoseClientGoesAwayIsCancelled() throws Exception {
        BlockingQueryEngine engine = new BlockingQueryEngine();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(org.osgi.framework.Constants.SERVICE_RANKING, 1000);
        org.osgi.framework.ServiceRegistration<QueryEngine> reg =
                bundleContext.registerService(QueryEngine.class, engine, props);
        try {
            Reply probe = awaitStatus("/api/v1/query?query=probe", 200);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!probe.body().contains("\"42\"") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                probe = get("/api/v1/query?query=probe");
            }
            assertTrue("the API did not bind the ranked engine: " + probe.body(), probe.body().contains("\"42\""));
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", Integer.getInteger("epimetheus.web.listen.port"))) {
                s.getOutputStream().write("GET /api/v1/query?query=slow HTTP/1.1\r\nHost: x\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                assertTrue("the query did not start", engine.started.await(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertTrue("the query was not cancelled when its client went away",
                    engine.cancelled.await(30, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            reg.unregister();
        }
    }

    private void awaitFlags(String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = get("/api/v1/status/flags").body();
            if (body.contains(expected)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("flags did not show " + expected + " within 30s: " + body);
    }

    private org.osgi.service.component.runtime.dto.ComponentDescriptionDTO component(String bundle, String name) {
        for (org.osgi.framework.Bundle b : bundleContext.getBundles()) {
            if (bundle.equals(b.getSymbolicName())) {
                org.osgi.service.component.runtime.dto.ComponentDescriptionDTO d = scr.getComponentDescriptionDTO(b, name);
                if (d != null) {
                    return d;
                }
            }
        }
        throw new AssertionError("no component " + name + " in bundle " + bundle);
    }

    /**
     * Changes one property of the HTTP settings through Config Admin, as {@code config:edit} would.
     * Reflection keeps this module free of a Config Admin compile dependency; the shell's config
     * commands are not available to the test's session, which has no administrator subject.
     */
    private void setHttpSetting(String key, String value) throws Exception {
        ServiceReference<?> ref = bundleContext.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
        Object admin = bundleContext.getService(ref);
        try {
            ClassLoader cl = admin.getClass().getClassLoader();
            Class<?> adminType = cl.loadClass("org.osgi.service.cm.ConfigurationAdmin");
            Class<?> configType = cl.loadClass("org.osgi.service.cm.Configuration");
            Object cfg = adminType.getMethod("getConfiguration", String.class, String.class)
                    .invoke(admin, "io.epimetheus.http", "?");
            @SuppressWarnings("unchecked")
            Dictionary<String, Object> props = (Dictionary<String, Object>) configType.getMethod("getProperties").invoke(cfg);
            if (props == null) {
                props = new Hashtable<>();
            }
            props.put(key, value);
            configType.getMethod("update", Dictionary.class).invoke(cfg, props);
        } finally {
            bundleContext.ungetService(ref);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
