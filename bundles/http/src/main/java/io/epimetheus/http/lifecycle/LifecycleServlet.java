package io.epimetheus.http.lifecycle;

import io.epimetheus.api.config.ConfigService;
import io.epimetheus.api.config.ReloadStatus;
import io.epimetheus.http.response.PlainText;
import io.epimetheus.http.settings.SettingsService;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The lifecycle API: {@code POST|PUT /-/reload} reloads the configuration, {@code POST|PUT /-/quit}
 * shuts Epimetheus down. Both answer 403 unless {@code enable.lifecycle} ({@code
 * --web.enable-lifecycle}) is set, and {@code GET} answers 405, as in Prometheus.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("epimetheus-lifecycle")
@HttpWhiteboardServletPattern({"/-/reload", "/-/quit"})
public final class LifecycleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient BundleContext context;
    private final AtomicBoolean quitting = new AtomicBoolean();
    private final transient SettingsService settings;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigService configService;

    @Activate
    public LifecycleServlet(BundleContext context, @Reference SettingsService settings) {
        this.context = context;
        this.settings = settings;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            PlainText.write(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Only POST or PUT requests allowed");
            return;
        }
        if (!method.equals("POST") && !method.equals("PUT")) {
            PlainText.write(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method Not Allowed\n");
            return;
        }
        if (!settings.current().raw().enable_lifecycle()) {
            PlainText.write(resp, HttpServletResponse.SC_FORBIDDEN, "Lifecycle API is not enabled.");
            return;
        }
        if ("/-/reload".equals(req.getServletPath())) {
            reload(resp);
        } else {
            quit(resp);
        }
    }

    private void reload(HttpServletResponse resp) throws IOException {
        ConfigService cfg = configService;
        if (cfg == null) {
            PlainText.write(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "failed to reload config: no ConfigService is available (feature:install epimetheus-config)\n");
            return;
        }
        ReloadStatus status = cfg.reload();
        if (!status.success()) {
            PlainText.write(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                    "failed to reload config: " + status.error() + "\n");
            return;
        }
        resp.setStatus(HttpServletResponse.SC_OK);
    }

    private void quit(HttpServletResponse resp) throws IOException {
        if (!quitting.compareAndSet(false, true)) {
            PlainText.write(resp, HttpServletResponse.SC_OK, "Termination already in progress.");
            return;
        }
        PlainText.write(resp, HttpServletResponse.SC_OK, "Requesting termination... Goodbye!");
        resp.flushBuffer();
        // Stopping the framework stops this bundle too, so it runs on its own thread, after the answer.
        Thread stopper = new Thread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (BundleException | IllegalStateException e) {
                System.getLogger(LifecycleServlet.class.getName()).log(System.Logger.Level.ERROR,
                        "/-/quit could not stop the framework", e);
            }
        }, "epimetheus-quit");
        stopper.start();
    }
}
