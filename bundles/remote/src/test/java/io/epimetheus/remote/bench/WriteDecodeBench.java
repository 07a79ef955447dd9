package io.epimetheus.remote.bench;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.remote.codec.ProtoWriter;
import io.epimetheus.remote.write.PrompbSchema;
import io.epimetheus.remote.write.WriteRequestDecoder;
import io.epimetheus.remote.write.WriteRequestEncoder;
import io.epimetheus.remote.write.WriteVisitor;
import io.epimetheus.tsdb.format.snappy.SnappyBlock;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding one remote-write 1.0 request as Prometheus sends it (2000 samples, one series entry
 * per sample, 10 labels per series, 500 distinct series): the hand-written streaming decoder versus
 * protobuf-java's parser ({@code DynamicMessage}, which allocates the same message tree generated
 * code does: one object per series, label and sample, one String per label name and value), and
 * our Snappy block decoder versus snappy-java's native one. Run with {@code -prof gc} to see
 * allocation per request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WriteDecodeBench {

    static final int SAMPLES = 2000;
    byte[] raw;
    byte[] rawV2;
    byte[] compressed;
    byte[] out;
    final WriteRequestDecoder decoder = new WriteRequestDecoder();

    /** A realistic 1.0 request body, uncompressed. */
    public static byte[] request(int samples, int seriesCount, long t0) {
        return request(false, samples, seriesCount, t0);
    }

    /** A realistic 1.0 or 2.0 request body, uncompressed. */
    static byte[] request(boolean v2, int samples, int seriesCount, long t0) {
        WriteRequestEncoder e = new WriteRequestEncoder(v2);
        Labels[] series = new Labels[seriesCount];
        for (int s = 0; s < seriesCount; s++) {
            series[s] = Labels.of("__name__", "node_cpu_seconds_total", "cpu", Integer.toString(s % 64), "mode",
                    "mode" + (s / 64), "instance", "host-" + (s % 7) + ".example.org:9100", "job", "node",
                    "cluster", "eu-west-1", "env", "production", "region", "eu", "team", "platform", "az", "a");
        }
        for (int i = 0; i < samples; i++) {
            e.addSample(series[i % seriesCount], t0 + (i / seriesCount) * 15_000L, i * 1.25);
        }
        e.addMetadata("node_cpu_seconds", MetricType.COUNTER, "Seconds the CPUs spent in each mode.", "seconds");
        ProtoWriter w = e.finish();
        return w.toByteArray();
    }

    @Setup
    public void setup() {
        raw = request(SAMPLES, 500, 1_700_000_000_000L);
        rawV2 = request(true, SAMPLES, 500, 1_700_000_000_000L);
        byte[] c = new byte[SnappyBlock.maxEncodedLength(raw.length)];
        int n = new SnappyBlock().encode(raw, 0, raw.length, c);
        compressed = Arrays.copyOf(c, n);
        out = new byte[raw.length];
    }

    static final class Sink implements WriteVisitor {
        Blackhole bh;

        @Override
        public void series(Labels labels) {
            bh.consume(labels);
        }

        @Override
        public void invalidSeries(String problem, int samples) {
            bh.consume(problem);
        }

        @Override
        public void sample(long t, double v) {
            bh.consume(t);
            bh.consume(v);
        }

        @Override
        public void exemplar(Labels labels, double value, long t) {
        }

        @Override
        public void histogram(long t) {
        }

        @Override
        public void metadata(String family, MetricType type, String help, String unit) {
        }

        @Override
        public void endSeries() {
        }
    }

    final Sink sink = new Sink();

    @Benchmark
    public void decodeHandWritten(Blackhole bh) {
        sink.bh = bh;
        decoder.decodeV1(raw, 0, raw.length, sink);
    }

    @Benchmark
    public void decodeV2HandWritten(Blackhole bh) {
        sink.bh = bh;
        decoder.decodeV2(rawV2, 0, rawV2.length, sink);
    }

    @Benchmark
    public void decodeProtobufJava(Blackhole bh) throws IOException {
        DynamicMessage m = DynamicMessage.parseFrom(PrompbSchema.WRITE_REQUEST, raw);
        List<?> ts = (List<?>) m.getField(PrompbSchema.WRITE_REQUEST.findFieldByName("timeseries"));
        var labelsField = PrompbSchema.TIME_SERIES.findFieldByName("labels");
        var samplesField = PrompbSchema.TIME_SERIES.findFieldByName("samples");
        for (Object o : ts) {
            Message series = (Message) o;
            bh.consume(series.getField(labelsField));
            for (Object s : (List<?>) series.getField(samplesField)) {
                bh.consume(s);
            }
        }
    }

    @Benchmark
    public int snappyDecodeOurs() {
        return SnappyBlock.decode(compressed, 0, compressed.length, out);
    }

    @Benchmark
    public int snappyDecodeSnappyJava() throws IOException {
        return org.xerial.snappy.Snappy.uncompress(compressed, 0, compressed.length, out, 0);
    }
}
