package io.epimetheus.tsdb.crash;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.tsdb.Db;
import io.epimetheus.tsdb.TsdbOptions;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The child process of {@link CrashTest}: appends batches forever, printing {@code ack <batch>}
 * after each commit returns, and compacts now and then so kills also land inside compaction and
 * WAL checkpointing. Arguments: data directory, first batch number, series count.
 */
public final class CrashWriter {

    static final long STEP = 15_000;

    private CrashWriter() {
    }

    static Labels labels(int s) {
        return Labels.of("__name__", "crash_metric", "series", Integer.toString(s), "job", "crash");
    }

    static double value(long batch, int s) {
        return batch * 1.5 + s;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long batch = Long.parseLong(args[1]);
        int series = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(System.out, true);
        TsdbOptions d = TsdbOptions.defaults(dir);
        // Small WAL segments and blocks so segment cuts, checkpoints and compactions happen often.
        TsdbOptions o = new TsdbOptions(dir, d.retentionMillis(), 0, 3_600_000, 3 * 3_600_000, true, 256 * 1024, false, 0);
        Db db = Db.open(o);
        long[] refs = new long[series];
        while (true) {
            Appender app = db.appender();
            long t = batch * STEP;
            for (int s = 0; s < series; s++) {
                refs[s] = app.append(refs[s], labels(s), t, value(batch, s));
            }
            app.commit();
            out.println("ack " + batch);
            batch++;
            if (batch % 150 == 0) {
                db.compact();
            }
        }
    }
}
