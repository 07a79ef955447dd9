package io.epimetheus.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarInputStream;
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
import org.osgi.framework.BundleException;

/**
 * The exporters, the Pushgateway, the example collector bundle and the Prometheus Java client in
 * the distribution: installed as bundles (the reactor's jars and their Maven Central
 * dependencies), then checked over HTTP on the distribution's listener — node metrics, the OSGi
 * collector reacting to a configuration change, JMX rules from a file, the JVM metrics on
 * {@code /metrics}, an application's Java client counter on {@code /exporters/apps/metrics}, a
 * push and its exposition.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExportersIT {

    /** Third-party bundles the features declare, in dependency order (from Maven, as Karaf gets them). */
    private static final String[] THIRD_PARTY = {
        "mvn:net.java.dev.jna/jna/5.18.1",
        "mvn:org.yaml/snakeyaml/2.5",
        "mvn:com.google.code.findbugs/jsr305/3.0.2",
        "mvn:io.prometheus/prometheus-metrics-config/1.4.3",
        "mvn:io.prometheus/prometheus-metrics-model/1.4.3",
        "mvn:io.prometheus/prometheus-metrics-tracer-common/1.4.3",
        "mvn:io.prometheus/prometheus-metrics-tracer-otel/1.4.3",
        "mvn:io.prometheus/prometheus-metrics-tracer-otel-agent/1.4.3",
        "mvn:io.prometheus/prometheus-metrics-tracer-initializer/1.4.3",
        "mvn:io.prometheus/prometheus-metrics-core/1.4.3",
    };

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] config() throws IOException {
        Path tsdb = Files.createTempDirectory("epimetheus-itest-tsdb");
        Path rules = Files.createTempFile("epimetheus-itest-jmx", ".yml");
        Files.writeString(rules, String.join("\n",
                "rules:",
                "  - pattern: 'java.lang<type=Memory><HeapMemoryUsage>used'",
                "    name: itest_heap_used_bytes",
                "    type: GAUGE",
                "    help: Heap in use.",
                "  - pattern: 'java.lang<type=Threading><>ThreadCount'",
                "    name: itest_threads",
                "    labels:",
                "      source: jmx",
                ""));
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
            editConfigurationFilePut("etc/io.epimetheus.exporter.jmx.cfg", "rules.file", rules.toString()),
            editConfigurationFilePut("etc/system.properties", "itest.exporters.jar", reactorJar("bundles/exporters", "epimetheus-exporters")),
            editConfigurationFilePut("etc/system.properties", "itest.expfmt.jar", reactorJar("bundles/expfmt", "epimetheus-expfmt")),
            editConfigurationFilePut("etc/system.properties", "itest.pushgateway.jar", reactorJar("bundles/pushgateway", "epimetheus-pushgateway")),
            editConfigurationFilePut("etc/system.properties", "itest.example.jar",
                    reactorJar("examples/collector-example", "epimetheus-collector-example")),
        };
    }

    @Test
    public void exportersPushgatewayExampleAndJavaClientWorkInTheContainer() throws Exception {
        List<Bundle> installed = new ArrayList<>();
        for (String url : THIRD_PARTY) {
            installed.add(installUnlessPresent(url));
        }
        installed.add(installUnlessPresent(new File(System.getProperty("itest.exporters.jar")).toURI().toString()));
        installed.add(installUnlessPresent(new File(System.getProperty("itest.expfmt.jar")).toURI().toString()));
        installed.add(installUnlessPresent(new File(System.getProperty("itest.pushgateway.jar")).toURI().toString()));
        for (Bundle b : installed) {
            if (b.getHeaders().get("Fragment-Host") == null) {
                b.start();
            }
        }
        for (Bundle b : installed) {
            assertEquals(b.getSymbolicName() + " is not active", Bundle.ACTIVE, b.getState());
        }

        // node: node_exporter names, every collector successful on this Linux host
        String node = awaitBody("/exporters/node/metrics", "node_scrape_collector_success");
        assertTrue(node, node.contains("node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"}"));
        assertTrue(node, node.contains("node_scrape_collector_success{collector=\"meminfo\"} 1"));
        assertTrue(node, node.contains("node_memory_MemTotal_bytes "));

        // jvm and karaf are about Epimetheus itself: on /metrics too; node is not
        String self = awaitBody("/metrics", "jvm_memory_used_bytes");
        assertTrue(self, self.contains("jvm_memory_used_bytes{area=\"heap\"}"));
        assertTrue(self, self.contains("process_cpu_seconds_total "));
        assertTrue(self, self.contains("osgi_bundles{state=\"active\"}"));
        assertTrue(self, !self.contains("node_cpu_seconds_total"));

        // karaf: features, and the config-change counter follows Config Admin events
        String karaf = awaitBody("/exporters/karaf/metrics", "karaf_features_installed");
        assertTrue(karaf, karaf.contains("osgi_ds_components{state=\"active\"}"));
        double before = value(karaf, "osgi_config_changes_total{type=\"updated\"}");
        Object dummy = updateConfiguration("io.epimetheus.itest.dummy");
        long deadline = System.currentTimeMillis() + 20_000;
        while (value(get("/exporters/karaf/metrics").body(), "osgi_config_changes_total{type=\"updated\"}") <= before) {
            assertTrue("the config change was not counted", System.currentTimeMillis() < deadline);
            Thread.sleep(200);
        }
        dummy.getClass().getMethod("delete").invoke(dummy);

        // jmx: the rules file from etc/io.epimetheus.exporter.jmx.cfg
        String jmx = awaitBody("/exporters/jmx/metrics", "itest_heap_used_bytes");
        assertTrue(jmx, jmx.contains("# HELP itest_heap_used_bytes Heap in use.\n# TYPE itest_heap_used_bytes gauge\n"));
        assertTrue(jmx, jmx.contains("itest_threads{source=\"jmx\"} "));
        assertTrue(jmx, jmx.contains("jmx_scrape_error 0"));

        // an application using the Prometheus Java client (through its own bundle's classes)
        Bundle core = bundle("io.prometheus.metrics-core");
        Class<?> counterClass = core.loadClass("io.prometheus.metrics.core.metrics.Counter");
        Object builder = counterClass.getMethod("builder").invoke(null);
        builder = builder.getClass().getMethod("name", String.class).invoke(builder, "itest_app_requests_total");
        builder = builder.getClass().getMethod("help", String.class).invoke(builder, "Requests of the itest app.");
        Object counter = builder.getClass().getMethod("register").invoke(builder);
        Method inc = counterClass.getMethod("inc", double.class);
        inc.invoke(counter, 5.0);
        String apps = awaitBody("/exporters/apps/metrics", "itest_app_requests_total");
        assertTrue(apps, apps.contains("# TYPE itest_app_requests_total counter\nitest_app_requests_total 5\n"));

        // a third-party bundle's own collector comes and goes with its bundle
        Bundle example = bundleContext.installBundle(new File(System.getProperty("itest.example.jar")).toURI().toString());
        example.start();
        String orders = awaitBody("/exporters/orders/metrics", "example_orders_total");
        assertTrue(orders, orders.contains("example_orders_total{shop=\"main\",status=\"ok\"} 0"));
        example.uninstall();
        deadline = System.currentTimeMillis() + 20_000;
        while (get("/exporters/orders/metrics").status() != 404) {
            assertTrue("the example's exporter outlived its bundle", System.currentTimeMillis() < deadline);
            Thread.sleep(200);
        }

        // the Pushgateway on the same listener
        awaitBody("/pushgateway/-/ready", "OK");
        HttpResponse<String> push = CLIENT.send(HttpRequest.newBuilder(URI.create(base() + "/pushgateway/metrics/job/itest/instance/a"))
                .PUT(HttpRequest.BodyPublishers.ofString("# TYPE itest_pushed gauge\nitest_pushed 7\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(push.body(), 200, push.statusCode());
        String pushed = get("/pushgateway/metrics").body();
        assertTrue(pushed, pushed.contains("itest_pushed{instance=\"a\",job=\"itest\"} 7"));
        assertTrue(pushed, pushed.contains("push_time_seconds{instance=\"a\",job=\"itest\"} "));
    }

    /**
     * Creates or updates a configuration through Config Admin, looked up by name: this module
     * compiles without the Config Admin API.
     */
    private Object updateConfiguration(String pid) throws Exception {
        org.osgi.framework.ServiceReference<?> ref = bundleContext.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
        Object admin = bundleContext.getService(ref);
        Object configuration = admin.getClass().getMethod("getConfiguration", String.class, String.class).invoke(admin, pid, "?");
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put("k", "v");
        Method update = configuration.getClass().getMethod("update", java.util.Dictionary.class);
        update.setAccessible(true);
        update.invoke(configuration, props);
        return configuration;
    }

    /** Installs the bundle at {@code location}, or returns the one the distribution already has. */
    private Bundle installUnlessPresent(String location) throws Exception {
        for (Bundle b : bundleContext.getBundles()) {
            if (location.equals(b.getLocation())) {
                return b;
            }
        }
        try {
            return bundleContext.installBundle(location);
        } catch (BundleException e) {
            if (e.getType() != BundleException.DUPLICATE_BUNDLE_ERROR) {
                throw e;
            }
            try (JarInputStream jar = new JarInputStream(new URL(location).openStream())) {
                String bsn = jar.getManifest().getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].trim();
                return bundle(bsn);
            }
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }

    private static String awaitBody(String path, String expected) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        Http.Response last = null;
        while (System.currentTimeMillis() < deadline) {
            last = get(path);
            if (last.status() == 200 && last.body().contains(expected)) {
                return last.body();
            }
            Thread.sleep(250);
        }
        throw new AssertionError(path + " never contained " + expected + "; last answer: "
                + (last == null ? "none" : last.status() + " " + last.body()));
    }

    private static Http.Response get(String path) throws Exception {
        return Http.get(path);
    }

    private static String base() {
        return Http.base();
    }

    /** The value of the sample line starting with {@code series} (0 when absent). */
    private static double value(String exposition, String series) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    /** The jar a reactor module built, found from the itests module directory. */
    private static String reactorJar(String module, String artifactId) throws IOException {
        Path target = Path.of(System.getProperty("basedir", ".")).resolve("..").resolve(module).resolve("target").normalize();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, artifactId + "-*.jar")) {
            for (Path jar : jars) {
                String name = jar.getFileName().toString();
                if (!name.endsWith("-sources.jar") && !name.endsWith("-tests.jar")) {
                    return jar.toAbsolutePath().toString();
                }
            }
        }
        throw new IOException("no " + artifactId + " jar in " + target + ": build the module first");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
