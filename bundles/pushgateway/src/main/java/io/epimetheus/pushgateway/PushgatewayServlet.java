package io.epimetheus.pushgateway;

import io.epimetheus.api.config.PromDuration;
import io.epimetheus.expfmt.ExpositionFormat;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The Pushgateway API under {@code /pushgateway}: {@code PUT}/{@code POST}/{@code DELETE}
 * {@code /metrics/job/<job>{/<label>/<value>}} (and the {@code @base64} forms), {@code GET
 * /metrics}, {@code GET /api/v1/metrics}, {@code GET /api/v1/status}, {@code PUT
 * /api/v1/admin/wipe} when enabled, {@code /-/healthy} and {@code /-/ready}. Status codes and
 * messages are the Pushgateway's.
 */
@Component(service = Servlet.class, configurationPid = PushgatewayServlet.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@HttpWhiteboardServletName("epimetheus-pushgateway")
@HttpWhiteboardServletPattern({"/pushgateway", "/pushgateway/*"})
@Designate(ocd = PushgatewayConfig.class)
public final class PushgatewayServlet extends HttpServlet {

    static final String PID = "io.epimetheus.pushgateway";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = System.getLogger(PushgatewayServlet.class.getName());
    private static final String PUSH_METHODS = "DELETE, OPTIONS, POST, PUT";

    private final transient MetricStore store = new MetricStore();
    private final transient ScheduledExecutorService persister;
    private final transient Map<String, String> buildInformation;
    private final Instant startTime = Instant.now();
    private final String dataDir;
    private volatile transient Settings settings;
    private long persistedChanges;

    /** The configuration in effect. */
    private record Settings(Path persistenceFile, long intervalMillis, boolean admin, boolean check, Map<String, String> flags) {
    }

    @Activate
    public PushgatewayServlet(BundleContext context, PushgatewayConfig config) {
        this(config, System.getProperty("karaf.data"), context.getBundle().getVersion().toString());
    }

    PushgatewayServlet(PushgatewayConfig config, String dataDir, String version) {
        this.dataDir = dataDir;
        Map<String, String> build = new LinkedHashMap<>();
        build.put("version", version);
        build.put("goVersion", "java" + Runtime.version());
        this.buildInformation = Map.copyOf(build);
        this.settings = settings(config);
        Path file = settings.persistenceFile();
        if (file != null && Files.exists(file)) {
            try {
                store.restore(Persistence.load(file));
            } catch (IOException e) {
                // Like the Pushgateway: refuse to start rather than overwrite a file we cannot read.
                throw new IllegalStateException("cannot restore the Pushgateway persistence file: " + e.getMessage(), e);
            }
        }
        this.persistedChanges = store.changes();
        this.persister = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "epimetheus-pushgateway-persistence");
            t.setDaemon(true);
            return t;
        });
        schedule();
    }

    @Modified
    void modified(PushgatewayConfig config) {
        persistIfChanged();
        this.settings = settings(config);
        persistedChanges = -1; // write the current state to the (possibly new) file at the next run
        schedule();
    }

    @Deactivate
    void deactivate() {
        persister.shutdownNow();
        try {
            persister.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        persistIfChanged();
    }

    private Settings settings(PushgatewayConfig config) {
        String fileName = config.persistence_file().trim();
        Path file = null;
        if (!fileName.isEmpty()) {
            Path p = Path.of(fileName);
            file = p.isAbsolute() || dataDir == null ? p : Path.of(dataDir).resolve(p);
        }
        long interval = PromDuration.parse(config.persistence_interval());
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("persistence.file", fileName);
        flags.put("persistence.interval", PromDuration.format(interval));
        flags.put("push.disable-consistency-check", Boolean.toString(config.push_disable$_$consistency$_$check()));
        flags.put("web.enable-admin-api", Boolean.toString(config.web_enable$_$admin$_$api()));
        return new Settings(file, interval, config.web_enable$_$admin$_$api(), !config.push_disable$_$consistency$_$check(),
                Map.copyOf(flags));
    }

    private synchronized void schedule() {
        if (settings.persistenceFile() == null || persister.isShutdown()) {
            return;
        }
        long interval = Math.max(settings.intervalMillis(), 1000);
        persister.schedule(() -> {
            persistIfChanged();
            schedule();
        }, interval, TimeUnit.MILLISECONDS);
    }

    /** Writes the persistence file when something changed since the last write. */
    synchronized void persistIfChanged() {
        Path file = settings.persistenceFile();
        long changes = store.changes();
        if (file == null || changes == persistedChanges) {
            return;
        }
        try {
            Persistence.save(store.snapshot(), file);
            persistedChanges = changes;
        } catch (IOException e) {
            LOG.log(Level.ERROR, "error persisting Pushgateway metrics to " + file + ": " + e);
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        try {
            String prefix = req.getContextPath() + req.getServletPath();
            String full = RequestPath.decode(req.getRequestURI());
            String clean = RequestPath.clean(full);
            if (!clean.equals(full)) {
                // As Go's http.ServeMux answers before the Pushgateway sees the request.
                redirect(req, resp, HttpServletResponse.SC_MOVED_PERMANENTLY, clean);
                return;
            }
            String path = full.startsWith(prefix) ? full.substring(prefix.length()) : req.getPathInfo();
            if (path == null || path.isEmpty()) {
                path = "/";
            }
            if (path.startsWith("/metrics/")) {
                pushPath(method, path, req, resp);
            } else if (path.equals("/metrics")) {
                requireGet(method);
                exposition(resp);
            } else if (path.equals("/api/v1/metrics")) {
                requireGet(method);
                api(resp);
                PushgatewayJson.metrics(store.snapshot(), resp.getOutputStream());
            } else if (path.equals("/api/v1/status")) {
                requireGet(method);
                api(resp);
                PushgatewayJson.status(settings.flags(), startTime, buildInformation, resp.getOutputStream());
            } else if (path.equals("/api/v1/admin/wipe") && settings.admin()) {
                if (!method.equals("PUT")) {
                    throw new PushException(405, "Method Not Allowed");
                }
                store.wipe();
                resp.setStatus(HttpServletResponse.SC_ACCEPTED);
            } else if (path.equals("/-/healthy") || path.equals("/-/ready")) {
                requireGet(method);
                text(resp, 200, "OK");
            } else {
                throw new PushException(404, "404 page not found");
            }
        } catch (PushException e) {
            text(resp, e.status(), e.getMessage());
        }
    }

    /**
     * {@code /metrics/...}: the Pushgateway's routes {@code /metrics/job/:job/*labels} and {@code
     * /metrics/job@base64/:job/*labels} for PUT, POST and DELETE; its router answers other methods
     * there with 405, and {@code /metrics/job/} with a redirect to {@code /metrics/job} (which
     * then is not found).
     */
    private void pushPath(String method, String path, HttpServletRequest req, HttpServletResponse resp)
            throws IOException, PushException {
        String key = path.substring("/metrics/".length());
        boolean pushMethod = method.equals("PUT") || method.equals("POST") || method.equals("DELETE");
        if (isPushRoute(key)) {
            if (method.equals("OPTIONS")) {
                resp.setHeader("Allow", PUSH_METHODS);
                resp.setStatus(HttpServletResponse.SC_OK);
                return;
            }
            if (!pushMethod) {
                resp.setHeader("Allow", PUSH_METHODS);
                throw new PushException(405, "Method Not Allowed");
            }
            pushOrDelete(method, GroupingKey.parse(key), req, resp);
        } else if (key.equals("job/") && pushMethod) {
            redirect(req, resp, HttpServletResponse.SC_TEMPORARY_REDIRECT,
                    req.getContextPath() + req.getServletPath() + "/metrics/job");
        } else {
            throw new PushException(404, "404 page not found");
        }
    }

    /** Whether {@code key} is {@code job/<job>...} or {@code job@base64/<job>...} with a job segment. */
    private static boolean isPushRoute(String key) {
        String rest;
        if (key.startsWith("job/")) {
            rest = key.substring(4);
        } else if (key.startsWith("job" + GroupingKey.BASE64_SUFFIX + "/")) {
            rest = key.substring(4 + GroupingKey.BASE64_SUFFIX.length());
        } else {
            return false;
        }
        return !rest.isEmpty() && rest.charAt(0) != '/';
    }

    /** A redirect as Go's {@code http.Redirect} writes it: a short HTML body only for GET and HEAD. */
    private static void redirect(HttpServletRequest req, HttpServletResponse resp, int status, String path)
            throws IOException {
        String location = RequestPath.escape(path) + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
        resp.setStatus(status);
        resp.setHeader("Location", location);
        if (req.getMethod().equals("GET") || req.getMethod().equals("HEAD")) {
            resp.setContentType("text/html; charset=utf-8");
            String text = status == HttpServletResponse.SC_MOVED_PERMANENTLY ? "Moved Permanently" : "Temporary Redirect";
            resp.getOutputStream().write(("<a href=\"" + htmlEscape(location) + "\">" + text + "</a>.\n\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String htmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;").replace("'", "&#39;");
    }

    private void pushOrDelete(String method, LabelPairs key, HttpServletRequest req, HttpServletResponse resp)
            throws IOException, PushException {
        switch (method) {
            case "PUT", "POST" -> {
                ExpositionFormat format = PushContentType.formatOf(req.getHeader("Content-Type"));
                byte[] body = body(req);
                PushBodyParser.Result parsed = new PushBodyParser(format).parse(body, body.length, key);
                Settings s = settings;
                store.push(key, parsed.families(), parsed.timestamps(), method.equals("PUT"), s.check(),
                        System.currentTimeMillis());
                resp.setStatus(s.check() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_ACCEPTED);
            }
            default -> {
                store.delete(key);
                resp.setStatus(HttpServletResponse.SC_ACCEPTED);
            }
        }
    }

    /**
     * The text format whatever the request accepts: the Pushgateway does not offer OpenMetrics, and
     * a Prometheus that scrapes it stores what the text format names (a counter pushed as {@code
     * foo} stays {@code foo}).
     */
    private void exposition(HttpServletResponse resp) throws IOException {
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType(ExpositionFormat.PROMETHEUS_TEXT.contentType());
        GroupsExposition.write(store.snapshot(), resp.getOutputStream());
    }

    private static byte[] body(HttpServletRequest req) throws IOException, PushException {
        String encoding = req.getHeader("Content-Encoding");
        try (InputStream raw = req.getInputStream()) {
            if (encoding == null || encoding.isEmpty() || encoding.equalsIgnoreCase("identity")) {
                return raw.readAllBytes();
            }
            if (encoding.equalsIgnoreCase("gzip")) {
                try (InputStream in = new GZIPInputStream(raw)) {
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw new PushException(400, "gzip: " + e.getMessage());
                }
            }
            throw new PushException(415, "unsupported Content-Encoding " + encoding + ": send identity or gzip");
        }
    }

    private static void requireGet(String method) throws PushException {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new PushException(405, "Method Not Allowed");
        }
    }

    private static void api(HttpServletResponse resp) {
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("application/json");
        resp.setHeader("Access-Control-Allow-Origin", "*");
        resp.setHeader("Cache-Control", "no-cache, no-store, must-revalidate");
    }

    /** A plain-text answer the way Go's {@code http.Error} writes it. */
    private static void text(HttpServletResponse resp, int status, String message) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
