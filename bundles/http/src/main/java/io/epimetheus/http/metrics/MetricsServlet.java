package io.epimetheus.http.metrics;

import io.epimetheus.api.exporter.Collector;
import io.epimetheus.expfmt.ExpositionFormat;
import io.epimetheus.expfmt.ExpositionWriter;
import io.epimetheus.http.response.PlainText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Exposes {@link Collector} services in the Prometheus text format, or OpenMetrics when the
 * {@code Accept} header asks for it: on {@code /metrics} the unnamed collectors and the named ones
 * marked {@value Collector#SELF_PROPERTY}{@code =true}; on {@code /exporters/<name>/metrics} the
 * collectors named {@code <name>} (404 for a name no collector has). A collector that throws loses
 * only its own remaining output.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("epimetheus-metrics")
@HttpWhiteboardServletPattern({"/metrics", "/exporters/*"})
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** A bound collector with its service properties. */
    record Bound(Collector collector, String name, boolean self) {
    }

    private final List<Bound> collectors = new CopyOnWriteArrayList<>();

    private static final System.Logger LOG = System.getLogger(MetricsServlet.class.getName());

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addCollector(Collector collector, Map<String, Object> props) {
        Object name = props.get(Collector.NAME_PROPERTY);
        Object self = props.get(Collector.SELF_PROPERTY);
        collectors.add(new Bound(collector, name == null ? null : name.toString(),
                self != null && Boolean.parseBoolean(self.toString())));
    }

    void removeCollector(Collector collector) {
        collectors.removeIf(b -> b.collector() == collector);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<Collector> selected = new ArrayList<>();
        if ("/metrics".equals(req.getServletPath())) {
            for (Bound b : collectors) {
                if (b.name() == null || b.self()) {
                    selected.add(b.collector());
                }
            }
        } else {
            String name = exporterName(req.getPathInfo());
            for (Bound b : collectors) {
                if (name != null && name.equals(b.name())) {
                    selected.add(b.collector());
                }
            }
            if (selected.isEmpty()) {
                PlainText.write(resp, HttpServletResponse.SC_NOT_FOUND,
                        "no exporter named " + (name == null ? "" : name) + " is installed\n");
                return;
            }
        }
        ExpositionFormat format = ExpositionFormat.negotiate(req.getHeader("Accept"));
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType(format.contentType());
        ExpositionWriter writer = format.newWriter().reset(resp.getOutputStream());
        for (Collector c : selected) {
            try {
                c.collect(writer);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "collector " + c.getClass().getName() + " failed", e);
            }
        }
        writer.finish();
    }

    /** {@code /<name>/metrics} to {@code <name>}, anything else to {@code null}. */
    static String exporterName(String pathInfo) {
        if (pathInfo == null || !pathInfo.startsWith("/") || !pathInfo.endsWith("/metrics")) {
            return null;
        }
        String name = pathInfo.substring(1, pathInfo.length() - "/metrics".length());
        return name.isEmpty() || name.indexOf('/') >= 0 ? null : name;
    }
}
