package io.epimetheus.remote.receive;

import io.epimetheus.api.exporter.Collector;
import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.api.storage.AppendException;
import io.epimetheus.api.storage.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
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
 * {@code POST /api/v1/write}: the remote-write receiver (see {@link WriteReceiver} for the
 * answers). Like Prometheus it is off unless enabled — here by {@value ReceiverSettings#ENABLE_PROPERTY}{@code
 * =true} in the HTTP configuration PID {@value ReceiverSettings#PID} ({@code
 * --web.enable-remote-write-receiver}), read from {@link ReceiverSettings} so that changing it does
 * not re-register the servlet; when off it answers 404 with Prometheus's message. Also a {@link
 * Collector} of its counters.
 */
@Component(service = {Servlet.class, Collector.class})
@HttpWhiteboardServletName("epimetheus-remote-write")
@HttpWhiteboardServletPattern("/api/v1/write")
public final class RemoteWriteServlet extends HttpServlet implements Collector {

    private static final long serialVersionUID = 1L;

    /** Prometheus reads at most 32 MiB of compressed body. */
    static final int MAX_COMPRESSED = 32 << 20;
    static final int MAX_DECODED = 256 << 20;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Storage storage;

    private final transient WriteReceiver receiver = new WriteReceiver(MAX_COMPRESSED, MAX_DECODED);
    private final transient ReceiverSettings settings;

    @Activate
    public RemoteWriteServlet(@Reference ReceiverSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!settings.writeEnabled()) {
            text(resp, 404, "remote write receiver needs to be enabled with --web.enable-remote-write-receiver"
                    + " (" + ReceiverSettings.ENABLE_PROPERTY + "=true in " + ReceiverSettings.PID + ")\n");
            return;
        }
        WriteReceiver.Result r = receiver.handle(req.getContentType(), req.getHeader("Content-Encoding"),
                req.getContentLengthLong(), req.getInputStream(), storage);
        if (r.v2()) {
            resp.setHeader(WriteReceiver.SAMPLES_WRITTEN, Long.toString(r.samples()));
            resp.setHeader(WriteReceiver.HISTOGRAMS_WRITTEN, Long.toString(r.histograms()));
            resp.setHeader(WriteReceiver.EXEMPLARS_WRITTEN, Long.toString(r.exemplars()));
        }
        if (r.status() == 204) {
            resp.setStatus(204);
        } else {
            text(resp, r.status(), r.body());
        }
    }

    private static void text(HttpServletResponse resp, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setContentLength(b.length);
        resp.getOutputStream().write(b);
    }

    @Override
    public void collect(MetricSink sink) {
        sink.family("prometheus_api_remote_write_invalid_labels_samples", MetricType.COUNTER,
                "The total number of received remote write samples and histogram samples which were rejected due to"
                        + " invalid labels.", "");
        sink.sample("prometheus_api_remote_write_invalid_labels_samples_total", Labels.EMPTY,
                receiver.invalidLabelSamples.sum());
        sink.family("epimetheus_remote_write_received_samples", MetricType.COUNTER,
                "Samples received through remote write and appended to storage.", "");
        sink.sample("epimetheus_remote_write_received_samples_total", Labels.EMPTY, receiver.samplesReceived.sum());
        sink.family("epimetheus_remote_write_rejected_samples", MetricType.COUNTER,
                "Samples received through remote write that storage refused (answered with 400), by reason.", "");
        for (AppendException.Reason reason : AppendException.Reason.values()) {
            sink.sample("epimetheus_remote_write_rejected_samples_total",
                    Labels.of("reason", reason.name().toLowerCase(Locale.ROOT)), receiver.rejected.get(reason.ordinal()));
        }
        sink.sample("epimetheus_remote_write_rejected_samples_total", Labels.of("reason", "native_histogram"),
                receiver.histogramsRejected.sum());
        sink.family("epimetheus_remote_write_unavailable_requests", MetricType.COUNTER,
                "Remote write requests answered 503 because no storage was bound or it was unavailable.", "");
        sink.sample("epimetheus_remote_write_unavailable_requests_total", Labels.EMPTY,
                receiver.requestsRejectedUnavailable.sum());
        sink.family("epimetheus_remote_write_malformed_requests", MetricType.COUNTER,
                "Remote write requests answered 400 or 413 because the body could not be read or decoded.", "");
        sink.sample("epimetheus_remote_write_malformed_requests_total", Labels.EMPTY, receiver.requestsMalformed.sum());
    }
}
