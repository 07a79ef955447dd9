package io.epimetheus.remote.bench;

import io.epimetheus.api.model.Labels;
import io.epimetheus.remote.codec.ProtoWriter;
import io.epimetheus.remote.write.WriteRequestEncoder;
import io.epimetheus.tsdb.format.snappy.SnappyBlock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The sender's per-batch work: encoding 2000 samples (one series entry per sample, 10 labels) as a
 * 1.0 or 2.0 request and compressing it, with reused buffers. Run with {@code -prof gc}: the
 * allocation per batch must not grow with the samples.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WriteEncodeBench {

    @Param({"false", "true"})
    boolean v2;

    Labels[] series;
    WriteRequestEncoder encoder;
    final SnappyBlock snappy = new SnappyBlock();
    byte[] out = new byte[1 << 20];

    @Setup
    public void setup() {
        series = new Labels[500];
        for (int s = 0; s < series.length; s++) {
            series[s] = Labels.of("__name__", "node_cpu_seconds_total", "cpu", Integer.toString(s % 64), "mode",
                    "mode" + (s / 64), "instance", "host-" + (s % 7) + ".example.org:9100", "job", "node",
                    "cluster", "eu-west-1", "env", "production", "region", "eu", "team", "platform", "az", "a");
        }
        encoder = new WriteRequestEncoder(v2);
    }

    @Benchmark
    public int encodeAndCompress() {
        encoder.reset();
        for (int i = 0; i < 2000; i++) {
            encoder.addSample(series[i % series.length], 1_700_000_000_000L + i, i * 0.5);
        }
        ProtoWriter w = encoder.finish();
        return snappy.encode(w.buffer(), 0, w.size(), out);
    }
}
