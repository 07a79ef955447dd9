package io.epimetheus.http.security;

import io.epimetheus.http.settings.HttpSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * Applies {@code web.config.yml} to every path of every servlet context: the configured {@code
 * http_server_config.headers}, and HTTP basic authentication against {@code basic_auth_users}
 * (401 with {@code WWW-Authenticate: Basic} otherwise). Like exporter-toolkit, the file is read
 * again when it changes, so users and headers can be edited while running; a file that does not
 * load makes every request fail with 500 rather than serve anything unprotected.
 */
@Component(service = Filter.class, configurationPid = HttpSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@HttpWhiteboardFilterName("epimetheus-web-security")
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=*)")
public final class WebSecurityFilter implements Filter {

    private static final System.Logger LOG = System.getLogger(WebSecurityFilter.class.getName());

    /** The file in effect and what it held at its last modification time. */
    private record State(Path file, FileTime loadedAt, WebConfig config, String error) {
    }

    private final BasicAuth auth = new BasicAuth();
    private volatile State state;

    @Activate
    public WebSecurityFilter(HttpSettings settings) {
        modified(settings);
    }

    @Modified
    void modified(HttpSettings settings) {
        String f = settings.web_config_file().trim();
        state = f.isEmpty() ? new State(null, null, WebConfig.NONE, null) : load(Path.of(f));
    }

    private static State load(Path file) {
        FileTime mtime = null;
        try {
            mtime = Files.getLastModifiedTime(file);
            return new State(file, mtime, WebConfigLoader.load(file), null);
        } catch (WebConfigException | IOException e) {
            String msg = e instanceof WebConfigException ? e.getMessage() : "web config file " + file + ": " + e;
            LOG.log(System.Logger.Level.ERROR, msg + " (every request is refused until it is fixed)");
            return new State(file, mtime, null, msg);
        }
    }

    private State current() {
        State s = state;
        if (s.file() == null) {
            return s;
        }
        try {
            FileTime now = Files.getLastModifiedTime(s.file());
            if (!now.equals(s.loadedAt())) {
                s = load(s.file());
                state = s;
            }
        } catch (IOException e) {
            if (s.error() == null) {
                s = new State(s.file(), null, null, "web config file " + s.file() + ": " + e);
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
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
