package io.epimetheus.http.security;

import io.epimetheus.http.response.PlainText;
import io.epimetheus.http.settings.SettingsService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * Applies {@code web.config.yml} to every path of every servlet context, in exporter-toolkit's
 * order: {@code tls_server_config.client_allowed_sans}, then {@code rate_limit} (429 {@code Too
 * Many Requests} once the token bucket is empty), then the configured {@code
 * http_server_config.headers}, then HTTP basic authentication against {@code basic_auth_users} (401
 * with {@code WWW-Authenticate: Basic} otherwise). Like exporter-toolkit, the file is read again
 * when it changes, so users and headers can be edited while running; so is another file named by
 * {@code web.config.file}. A file that does not load makes every request fail with 500 rather than
 * serve anything unprotected. The rate limiter is made afresh, full, whenever the file is loaded.
 *
 * <p>{@code client_allowed_sans} differs in where it bites: exporter-toolkit fails the TLS handshake
 * of a client whose certificate has none of the allowed subject alternative names, which Jetty
 * configured through pax-web cannot do. Here the connection is made and each of its requests is
 * answered 403 {@code Forbidden}, with Go's {@code could not find allowed SANs in client cert,
 * found: [...]} logged at INFO (listing the certificate's SANs, where Go lists the allowed ones). As in exporter-toolkit, the list applies only when client certificates are asked
 * for ({@code client_auth_type} {@code VerifyClientCertIfGiven} or {@code
 * RequireAndVerifyClientCert}), and a request without a certificate is refused too.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterName("epimetheus-web-security")
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=*)")
public final class WebSecurityFilter implements Filter {

    private static final System.Logger LOG = System.getLogger(WebSecurityFilter.class.getName());

    /**
     * The file in effect (as configured, and resolved) and what it held at its last modification
     * time.
     */
    private record State(String configured, Path file, FileTime loadedAt, WebConfig config, RateLimiter limiter,
            String error) {
    }

    private static final State NONE = new State("", null, null, WebConfig.NONE, null, null);

    /** Where the servlet container puts the client's certificate chain, the client's own first. */
    private static final String CLIENT_CERTS = "javax.servlet.request.X509Certificate";

    private final BasicAuth auth = new BasicAuth();
    private final SettingsService settings;
    private final LongSupplier nanoClock;
    private volatile State state = NONE;

    @Activate
    public WebSecurityFilter(@Reference SettingsService settings) {
        this(settings, System::nanoTime);
    }

    /** With the monotonic clock the rate limiter reads, so tests can move time. */
    WebSecurityFilter(SettingsService settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
        current();
    }

    private State load(String configured, Path file) {
        FileTime mtime = null;
        try {
            mtime = Files.getLastModifiedTime(file);
            WebConfig cfg = WebConfigLoader.load(file);
            RateLimiter limiter = null;
            WebConfig.RateLimit rl = cfg.rateLimit();
            if (rl != null) {
                limiter = new RateLimiter(rl.intervalNanos(), rl.burst(), nanoClock);
                LOG.log(System.Logger.Level.INFO, "Rate Limiter is enabled. burst=" + rl.burst() + " interval="
                        + rl.intervalNanos() + "ns");
            }
            return new State(configured, file, mtime, cfg, limiter, null);
        } catch (WebConfigException | IOException e) {
            String msg = e instanceof WebConfigException ? e.getMessage() : "web config file " + file + ": " + e;
            LOG.log(System.Logger.Level.ERROR, msg + " (every request is refused until it is fixed)");
            return new State(configured, file, mtime, null, null, msg);
        }
    }

    /** The state for the configured file, loaded again when the setting or the file's modification time changed. */
    private State current() {
        String configured = settings.current().raw().web_config_file().trim();
        State s = state;
        if (!configured.equals(s.configured())) {
            s = configured.isEmpty() ? NONE : load(configured, Path.of(configured));
            state = s;
            return s;
        }
        if (s.file() == null) {
            return s;
        }
        try {
            FileTime now = Files.getLastModifiedTime(s.file());
            if (!now.equals(s.loadedAt())) {
                s = load(configured, s.file());
                state = s;
            }
        } catch (IOException e) {
            if (s.error() == null) {
                s = new State(configured, s.file(), null, null, null, "web config file " + s.file() + ": " + e);
                state = s;
            }
        }
        return s;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        State s = current();
        if (s.config() == null) {
            text(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "Internal Server Error\n");
            return;
        }
        WebConfig cfg = s.config();
        TlsServerConfig tls = cfg.tls();
        if (tls != null && !tls.clientAllowedSans().isEmpty() && tls.clientAuth() != TlsServerConfig.ClientAuth.NONE) {
            X509Certificate[] certs = req.getAttribute(CLIENT_CERTS) instanceof X509Certificate[] c ? c : null;
            if (!ClientSans.allowed(certs, tls.clientAllowedSans())) {
                LOG.log(System.Logger.Level.INFO, () -> "client certificate refused for " + req.getRemoteAddr()
                        + ": could not find allowed SANs in client cert, found: "
                        + ClientSans.goList(certs == null || certs.length == 0 ? List.of() : ClientSans.names(certs[0])));
                text(resp, HttpServletResponse.SC_FORBIDDEN, "Forbidden\n");
                return;
            }
        }
        if (s.limiter() != null && !s.limiter().allow()) {
            text(resp, 429, "Too Many Requests\n");
            return;
        }
        for (Map.Entry<String, String> h : cfg.headers().entrySet()) {
            resp.setHeader(h.getKey(), h.getValue());
        }
        if (!cfg.users().isEmpty() && !auth.authorized(req.getHeader("Authorization"), cfg.users())) {
            resp.setHeader("WWW-Authenticate", "Basic");
            text(resp, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized\n");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void text(HttpServletResponse resp, int status, String body) throws IOException {
        resp.setHeader("X-Content-Type-Options", "nosniff");
        PlainText.write(resp, status, body);
    }
}
