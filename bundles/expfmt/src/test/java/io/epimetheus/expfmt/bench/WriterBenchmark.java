package io.epimetheus.expfmt.bench;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.expfmt.ExpositionFormat;
import io.epimetheus.expfmt.ExpositionParseException;
import io.epimetheus.expfmt.ExpositionParser;
import io.epimetheus.expfmt.ExpositionParser.Entry;
import io.epimetheus.expfmt.ExpositionWriter;
import io.epimetheus.expfmt.NodeExporterBody;
import io.epimetheus.expfmt.ParseOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The writer on the node_exporter-like families (3,231 series) into a discarding stream:
 * /metrics cost per exposition, and with {@code -prof gc} its garbage, which should be only what
 * formatting non-integral values through {@code FloatFormat} makes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WriterBenchmark {

    @Param({"PROMETHEUS_TEXT", "OPENMETRICS"})
    public ExpositionFormat format;

    private record Family(String name, MetricType type, String help, List<String> names, List<Labels> labels,
            double[] values) {
    }

    private final List<Family> families = new ArrayList<>();
    private ExpositionWriter writer;
    private final OutputStream discard = OutputStream.nullOutputStream();

    @Setup
    public void setUp() throws ExpositionParseException {
        // Read the families back from the generated OpenMetrics body.
        byte[] body = NodeExporterBody.build(ExpositionFormat.OPENMETRICS, 160);
        ExpositionParser p = ExpositionFormat.OPENMETRICS.newParser(ParseOptions.DEFAULT).reset(body, body.length);
        LabelsBuilder b = new LabelsBuilder();
        String name = null;
        MetricType type = MetricType.UNKNOWN;
        String help = "";
        List<String> names = new ArrayList<>();
        List<Labels> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Entry e = p.next(); ; e = p.next()) {
            if ((e == Entry.TYPE || e == Entry.END) && name != null) {
                families.add(new Family(name, type, help, List.copyOf(names), List.copyOf(labels),
                        values.stream().mapToDouble(Double::doubleValue).toArray()));
                names.clear();
                labels.clear();
                values.clear();
            }
            if (e == Entry.END) {
                break;
            }
            switch (e) {
                case TYPE -> {
                    name = p.metricFamily();
                    type = p.type();
                    help = "";
                }
                case HELP -> help = p.help();
                case SERIES -> {
                    p.labels(b);
                    Labels l = b.build();
                    names.add(l.metricName());
                    labels.add(l.withoutMetricName());
                    values.add(p.value());
                }
                default -> {
                }
            }
        }
        writer = format.newWriter();
    }

    @Benchmark
    public void write() throws IOException {
        ExpositionWriter w = writer.reset(discard);
        for (Family f : families) {
            w.family(f.name, f.type, f.help, "");
            for (int i = 0; i < f.values.length; i++) {
                w.sample(f.names.get(i), f.labels.get(i), f.values[i]);
            }
        }
        w.finish();
    }
}
