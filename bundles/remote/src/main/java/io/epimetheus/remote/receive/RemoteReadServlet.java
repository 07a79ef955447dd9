package io.epimetheus.remote.receive;

import io.epimetheus.api.config.ConfigService;
import io.epimetheus.api.exporter.Collector;
import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.api.storage.Storage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code POST /api/v1/read}: serves local storage to remote-read clients (see {@link
 * ReadHandler}). Limits come from the HTTP PID {@value RemoteWriteServlet#PID} with Prometheus's
 * flag defaults: {@code remote.read.sample.limit} (5e7), {@code remote.read.concurrent.limit} (10)
 * and {@code remote.read.max.bytes.in.frame} (1048576). External labels come from the running
 * {@code prometheus.yml}.
 */
@Component(service = {Servlet.class, Collector.class}, configurationPid = RemoteWriteServlet.PID)
@HttpWhiteboardServletName("epimetheus-remote-read")
@HttpWhiteboardServletPattern("/api/v1/read")
public final class RemoteReadServlet extends HttpServlet implements Collector {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Storage storage;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigService config;

    private transient volatile ReadHandler handler;

    @Activate
    void activate(Map<String, Object> props) {
        handler = new ReadHandler(intProp(props, "remote.read.concurrent.limit", 10),
                (long) doubleProp(props, "remote.read.sample.limit", 5e7),
                intProp(props, "remote.read.max.bytes.in.frame", 1 << 20), 60_000);
    }

    private static int intProp(Map<String, Object> props, String key, int def) {
        return (int) doubleProp(props, key, def);
    }

    private static double doubleProp(Map<String, Object> props, String key, double def) {
        Object v = props.get(key);
        if (v == null || String.valueOf(v).isBlank()) {
            return def;
        }
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + key + " in " + RemoteWriteServlet.PID + ": " + v);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ConfigService cs = config;
        Labels ext = cs == null ? Labels.EMPTY : cs.current().global().externalLabels();
        handler.handle(req.getInputStream(), storage, ext, new ReadHandler.Response() {
            @Override
            public void status(int code) {
                resp.setStatus(code);
            }

            @Override
            public void header(String name, String value) {
                resp.setHeader(name, value);
            }

            @Override
            public OutputStream body() throws IOException {
                return resp.getOutputStream();
            }

            @Override
            public void flush() throws IOException {
                resp.flushBuffer();
            }
        });
    }

    @Override
    public void collect(MetricSink sink) {
        ReadHandler h = handler;
        sink.family("prometheus_remote_read_handler_queries", MetricType.GAUGE,
                "The current number of remote read queries that are either in execution or queued on the handler.", "");
        sink.sample("prometheus_remote_read_handler_queries", Labels.EMPTY, h == null ? 0 : h.inFlight());
    }
}
