package io.epimetheus.expfmt;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes what a collector writes as delimited {@code MetricFamily} messages, the way client_golang
 * shapes them: counters and info metrics named with their suffix, summaries and histograms grouped
 * into one Metric per label set (without {@code quantile}/{@code le}), {@code _created} dropped.
 * For tests and benchmarks: the same collector output in protobuf and in the text formats.
 */
public final class ProtoSink implements MetricSink {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private String name;
    private MetricType type;
    private String help;
    private String unit;
    private String familyName;
    /** The metrics of the family: by label set for summaries and histograms, else one per sample. */
    private final Map<Object, Point> metrics = new LinkedHashMap<>();

    private static final class Point {
        Labels labels;
        double value;
        long timestamp;
        double sum;
        double count;
        final List<double[]> points = new ArrayList<>();
    }

    @Override
    public void family(String name, MetricType type, String help, String unit) {
        flush();
        this.name = name;
        this.type = type;
        this.help = help;
        this.unit = unit;
        this.familyName = null;
    }

    @Override
    public void sample(String sampleName, Labels labels, double value) {
        sample(sampleName, labels, value, 0);
    }

    @Override
    public void sample(String sampleName, Labels labels, double value, long timestampMillis) {
        if (sampleName.endsWith("_created")) {
            return;
        }
        boolean complex = type == MetricType.SUMMARY || type == MetricType.HISTOGRAM;
        if (familyName == null) {
            familyName = complex ? name : sampleName;
        }
        Labels key = complex ? labels.toBuilder().delete("le", "quantile").build() : labels;
        Point p = metrics.computeIfAbsent(complex ? key : Integer.valueOf(metrics.size()), k -> new Point());
        p.labels = key;
        p.timestamp = timestampMillis;
        if (!complex) {
            p.value = value;
        } else if (sampleName.endsWith("_sum")) {
            p.sum = value;
        } else if (sampleName.endsWith("_count")) {
            p.count = value;
        } else {
            String bound = labels.get(type == MetricType.HISTOGRAM ? "le" : "quantile");
            p.points.add(new double[] {bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound), value});
        }
    }

    /** The encoded families. */
    public byte[] toByteArray() {
        flush();
        return out.toByteArray();
    }

    private void flush() {
        if (familyName == null) {
            metrics.clear();
            return;
        }
        int protoType = switch (type) {
            case COUNTER -> 0;
            case SUMMARY -> 2;
            case HISTOGRAM -> 4;
            case UNKNOWN -> 3;
            default -> 1;
        };
        ProtoBytes f = new ProtoBytes().string(1, familyName).string(2, help).varint(3, protoType);
        for (Point p : metrics.values()) {
            ProtoBytes m = new ProtoBytes();
            for (int i = 0; i < p.labels.size(); i++) {
                m.message(1, new ProtoBytes().string(1, p.labels.name(i)).string(2, p.labels.value(i)));
            }
            switch (protoType) {
                case 0 -> m.message(3, ProtoBytes.value(p.value));
                case 1 -> m.message(2, ProtoBytes.value(p.value));
                case 3 -> m.message(5, ProtoBytes.value(p.value));
                case 2 -> {
                    ProtoBytes s = new ProtoBytes().varint(1, (long) p.count).fixed64(2, p.sum);
                    for (double[] q : p.points) {
                        s.message(3, ProtoBytes.quantile(q[0], q[1]));
                    }
                    m.message(4, s);
                }
                default -> {
                    ProtoBytes h = new ProtoBytes().varint(1, (long) p.count).fixed64(2, p.sum);
                    for (double[] b : p.points) {
                        h.message(3, ProtoBytes.bucket(b[0], (long) b[1]));
                    }
                    m.message(7, h);
                }
            }
            if (p.timestamp != 0) {
                m.varint(6, p.timestamp);
            }
            f.message(4, m);
        }
        if (!unit.isEmpty()) {
            f.string(5, unit);
        }
        out.writeBytes(ProtoBytes.delimited(f));
        metrics.clear();
        familyName = null;
    }
}
