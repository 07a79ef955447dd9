package io.epimetheus.http.metrics;

import io.epimetheus.api.exporter.Collector;
import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * Prometheus's own HTTP metrics, {@code prometheus_http_requests_total{code,handler}} and {@code
 * prometheus_http_request_duration_seconds{handler}}, measured by a filter over every path and
 * exposed on {@code /metrics}. Handlers are the route patterns ({@code /api/v1/label/:name/values}),
 * so the label set stays bounded whatever paths clients ask for. Requests refused by the web
 * security filter are not counted, as in Prometheus, where authentication wraps the whole server.
 */
@Component(service = {Filter.class, Collector.class}, property = "service.ranking:Integer=-10")
@HttpWhiteboardFilterName("epimetheus-http-metrics")
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=*)")
public final class HttpMetrics implements Filter, Collector {

    /** Prometheus's buckets for prometheus_http_request_duration_seconds. */
    private static final double[] BUCKETS = {0.1, 0.2, 0.4, 1, 3, 8, 20, 60, 120};

    private record Key(String handler, int code) {
    }

    /** Counts and latencies of one handler. */
    private static final class Handler {
        final LongAdder[] buckets = new LongAdder[BUCKETS.length];
        final LongAdder count = new LongAdder();
        final DoubleAdder sum = new DoubleAdder();

        Handler() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    buckets[i].increment();
                }
            }
            count.increment();
            sum.add(seconds);
        }
    }

    private final Map<Key, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Handler> durations = new ConcurrentHashMap<>();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            String handler = HandlerNames.of(((HttpServletRequest) request).getRequestURI());
            int code = ((HttpServletResponse) response).getStatus();
            requests.computeIfAbsent(new Key(handler, code), k -> new LongAdder()).increment();
            durations.computeIfAbsent(handler, h -> new Handler()).observe((System.nanoTime() - start) / 1e9);
        }
    }

    @Override
    public void collect(MetricSink sink) {
        if (!requests.isEmpty()) {
            sink.family("prometheus_http_requests", MetricType.COUNTER, "Counter of HTTP requests.", "");
            for (Map.Entry<Key, LongAdder> e : requests.entrySet()) {
                sink.sample("prometheus_http_requests_total",
                        Labels.of("code", Integer.toString(e.getKey().code()), "handler", e.getKey().handler()),
                        e.getValue().sum());
            }
        }
        if (!durations.isEmpty()) {
            sink.family("prometheus_http_request_duration_seconds", MetricType.HISTOGRAM,
                    "Histogram of latencies for HTTP requests.", "seconds");
            for (Map.Entry<String, Handler> e : durations.entrySet()) {
                Handler h = e.getValue();
                long count = h.count.sum();
                for (int i = 0; i < BUCKETS.length; i++) {
                    sink.sample("prometheus_http_request_duration_seconds_bucket",
                            Labels.of("handler", e.getKey(), "le", io.epimetheus.api.model.FloatFormat.formatG(BUCKETS[i])),
                            h.buckets[i].sum());
                }
                sink.sample("prometheus_http_request_duration_seconds_bucket", Labels.of("handler", e.getKey(), "le", "+Inf"),
                        count);
                sink.sample("prometheus_http_request_duration_seconds_sum", Labels.of("handler", e.getKey()), h.sum.sum());
                sink.sample("prometheus_http_request_duration_seconds_count", Labels.of("handler", e.getKey()), count);
            }
        }
    }
}
