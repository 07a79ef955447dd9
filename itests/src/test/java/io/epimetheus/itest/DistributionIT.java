package io.epimetheus.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import io.epimetheus.api.status.Spi;
import io.epimetheus.expfmt.ExpositionFormat;
import io.epimetheus.expfmt.ExpositionParser;
import io.epimetheus.expfmt.ParseOptions;
import io.epimetheus.api.storage.Storage;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
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
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Boots the built distribution and checks the foundation: boot features installed, every bundle
 * active, the health endpoints, the shell commands, and the hot swap of an SPI implementation.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionIT {

    @Inject
    private BundleContext bundleContext;

    @Inject
    private FeaturesService featuresService;

    @Inject
    private SessionFactory sessionFactory;

    @Inject
    private ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() throws IOException {
        Path tsdb = Files.createTempDirectory("epimetheus-itest-tsdb");
        return new Option[] {
            karafDistributionConfiguration()
                    // The archive the reactor just built: "mvn verify" does not install it anywhere.
                    .frameworkUrl(new File(System.getProperty("itest.distribution")).toURI().toString())
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.WARN),
            // Never the fixed 9090/8101: another instance may be running on this machine.
            editConfigurationFilePut("etc/system.properties", "epimetheus.web.listen.host", "127.0.0.1"),
            editConfigurationFilePut("etc/system.properties", "epimetheus.web.listen.port", String.valueOf(freePort())),
            editConfigurationFilePut("etc/system.properties", "epimetheus.storage.tsdb.path", tsdb.toString()),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(freePort())),
            editConfigurationFilePut("etc/system.properties", "itest.plugin.jar",
                    new File(System.getProperty("itest.plugin.jar")).getAbsolutePath()),
        };
    }

    @Test
    public void everyBootFeatureIsInstalled() throws Exception {
        Properties cfg = new Properties();
        try (InputStream in = Files.newInputStream(
                Path.of(System.getProperty("karaf.etc"), "org.apache.karaf.features.cfg"))) {
            cfg.load(in);
        }
        List<String> missing = new ArrayList<>();
        for (String entry : cfg.getProperty("featuresBoot").split(",")) {
            String spec = entry.trim();
            if (spec.isEmpty() || spec.startsWith("(") || spec.startsWith(")")) {
                continue;
            }
            String name = spec.contains("/") ? spec.substring(0, spec.indexOf('/')) : spec;
            String version = spec.contains("/") ? spec.substring(spec.indexOf('/') + 1) : null;
            Feature feature = featuresService.getFeature(name, version);
            if (feature == null || !featuresService.isInstalled(feature)) {
                missing.add(spec);
            }
        }
        assertTrue("boot features not installed: " + missing, missing.isEmpty());
        assertNotNull(featuresService.getFeature("epimetheus"));
        assertTrue(featuresService.isInstalled(featuresService.getFeature("epimetheus")));
    }

    @Test
    public void everyBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : bundleContext.getBundles()) {
            boolean fragment = b.getHeaders().get("Fragment-Host") != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != expected) {
                notActive.add(b.getSymbolicName() + " " + b.getVersion() + " state " + b.getState());
            }
        }
        assertTrue("bundles not active: " + notActive, notActive.isEmpty());
    }

    @Test
    public void healthAndBuildInfoAnswer() throws Exception {
        Http.Response healthy = Http.get("/-/healthy");
        assertEquals(200, healthy.status());
        assertTrue(healthy.body().contains("Healthy"));

        Http.Response info = Http.get("/api/v1/status/buildinfo");
        assertEquals(200, info.status());
        assertTrue(info.body(), info.body().startsWith("{\"status\":\"success\",\"data\":{\"version\":"));
        assertTrue(info.body(), info.body().contains("\"revision\":"));
    }

    /**
     * /metrics parses strictly in both formats the Accept header can select (the text formats: it
     * is not served in protobuf), and is not empty.
     */
    @Test
    public void metricsParseInBothFormats() throws Exception {
        for (ExpositionFormat format : List.of(ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.OPENMETRICS)) {
            Http.Response r = Http.get("/metrics", format.contentType());
            assertEquals(200, r.status());
            byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
            ExpositionParser parser = format.newParser(ParseOptions.DEFAULT.withStrict(true)).reset(body, body.length);
            int series = 0;
            for (ExpositionParser.Entry e = parser.next(); e != ExpositionParser.Entry.END; e = parser.next()) {
                if (e == ExpositionParser.Entry.SERIES) {
                    series++;
                }
            }
            assertTrue(format + " exposition has " + series + " series", series > 10);
        }
    }

    @Test
    public void epiStatusAndPluginsRun() throws Exception {
        String status = Shell.run(sessionFactory, "epi:status");
        for (Spi spi : Spi.values()) {
            assertTrue("epi:status lacks " + spi + ":\n" + status, status.contains(spi.type().getSimpleName()));
        }
        String plugins = Shell.run(sessionFactory, "epi:plugins");
        assertTrue(plugins, plugins.contains("Ranking"));
        String help = Shell.run(sessionFactory, "epi:plugins --help");
        assertTrue(help, help.contains("--spi"));
    }

    /**
     * Installs a bundle with a higher-ranked {@link Storage}, checks that a consumer (the readiness
     * servlet) rebinds to it without being re-created, uninstalls it and checks the fall-back,
     * while HTTP requests keep being answered throughout.
     */
    @Test
    public void storageHotSwapRebindsConsumersWithoutRestart() throws Exception {
        Bundle http = bundle("epimetheus-http");
        ComponentDescriptionDTO ready = scr.getComponentDescriptionDTO(http, "io.epimetheus.http.health.ReadyServlet");
        assertNotNull("ReadyServlet component", ready);
        long configId = Bindings.configuration(scr, ready).id;
        Long original = Bindings.boundServiceId(scr, ready, "storage");

        try (HttpPoller poller = HttpPoller.start("/-/healthy", "/api/v1/status/buildinfo")) {
            poller.awaitMoreAnswers(20);
            Bundle plugin = bundleContext.installBundle(
                    new File(System.getProperty("itest.plugin.jar")).toURI().toString());
            plugin.start();
            long pluginStorage = Bindings.serviceIdOf(bundleContext, plugin, Storage.class);
            Bindings.awaitBound(scr, ready, "storage", pluginStorage);
            assertEquals("the consumer was re-created instead of rebound", configId,
                    Bindings.configuration(scr, ready).id);
            poller.awaitMoreAnswers(20);

            plugin.uninstall();
            Bindings.awaitBound(scr, ready, "storage", original);
            assertEquals("the consumer was re-created instead of rebound", configId,
                    Bindings.configuration(scr, ready).id);

            poller.awaitMoreAnswers(20);
            poller.assertAllAnswered(60);
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
