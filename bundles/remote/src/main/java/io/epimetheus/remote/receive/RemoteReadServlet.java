package io.epimetheus.remote.receive;

import io.epimetheus.api.config.ConfigService;
import io.epimetheus.api.exporter.Collector;
import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.api.storage.Storage;
import java.io.IOException;
import java.io.OutputStream;
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
 * ReadHandler}). Limits come from the HTTP PID {@value ReceiverSettings#PID} through {@link
 * ReceiverSettings}, with Prometheus's flag defaults: {@code remote.read.sample.limit} (5e7), {@code
 * remote.read.concurrent.limit} (10) and {@code remote.read.max.bytes.in.frame} (1048576); a change
 * applies to requests that start after it. External labels come from the running {@code
 * prometheus.yml}.
 */
@Component(service = {Servlet.class, Collector.class})
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

    private final transient ReceiverSettings settings;
    private transient ReadHandler handler;
    private transient ReceiverSettings.ReadLimits handlerLimits;

    @Activate
    public RemoteReadServlet(@Reference ReceiverSettings settings) {
        this.settings = settings;
    }

    /** The handler for the limits in effect, replaced when they change. */
    private synchronized ReadHandler handler() {
        ReceiverSettings.ReadLimits limits = settings.readLimits();
        if (!limits.equals(handlerLimits)) {
            handler = new ReadHandler(limits.concurrency(), limits.samples(), limits.maxBytesInFrame(), 60_000);
            handlerLimits = limits;
        }
        return handler;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ConfigService cs = config;
        Labels ext = cs == null ? Labels.EMPTY : cs.current().global().externalLabels();
        handler().handle(req.getInputStream(), storage, ext, new ReadHandler.Response() {
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
        ReadHandler h = handler();
        sink.family("prometheus_remote_read_handler_queries", MetricType.GAUGE,
                "The current number of remote read queries that are either in execution or queued on the handler.", "");
        sink.sample("prometheus_remote_read_handler_queries", Labels.EMPTY, h.inFlight());
    }
}
