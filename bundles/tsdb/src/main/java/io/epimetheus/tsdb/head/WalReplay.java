package io.epimetheus.tsdb.head;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.tsdb.encoding.DecBuf;
import io.epimetheus.tsdb.record.Records;
import io.epimetheus.tsdb.wal.WalReader;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Rebuilds the head from WAL records (a checkpoint followed by segments): series are re-created
 * with their logged ids, samples appended in order, tombstones restored. Samples for unknown
 * series or older than the head's valid range are skipped and counted. A corrupt record stops the
 * replay with a {@link io.epimetheus.tsdb.wal.WalCorruptionException}; everything before it has
 * been applied.
 */
public final class WalReplay {

    /** What a replay did. */
    public static final class Result {
        public long records;
        public long series;
        public long samples;
        public long skippedUnknownSeries;
        public long skippedOld;
        public long tombstones;
    }

    private final Head head;
    private final Map<Long, MemSeries> byWalRef = new HashMap<>();
    private final Map<String, String> strings = new HashMap<>();
    private final LabelsBuilder lb = new LabelsBuilder();
    private final DecBuf dec = new DecBuf();
    private final Result result = new Result();
    private long mint = Long.MAX_VALUE;
    private long maxt = Long.MIN_VALUE;
    private MemSeries last;
    private long lastRef = -1;

    public WalReplay(Head head) {
        this.head = head;
    }

    public Result result() {
        return result;
    }


    /** Replays everything {@code r} yields. */
    public void replay(WalReader r) throws IOException {
        long minValid = head.minValidTime();
        long chunkRange = head.chunkRange;
        long oooWindow = head.oooWindow;
        while (r.next()) {
            byte[] rec = r.record();
            int len = r.length();
            result.records++;
            switch (Records.type(rec, len)) {
                case Records.SERIES -> Records.decodeSeries(rec, len, lb, this::series);
                case Records.SAMPLES -> Records.decodeSamples(rec, len, dec, (ref, t, v) -> {
                    MemSeries s = ref == lastRef ? last : lookup(ref);
                    if (s == null) {
                        result.skippedUnknownSeries++;
                        return;
                    }
                    synchronized (s) {
                        if (oooWindow > 0 && (t < minValid || t <= s.lastT)) {
                            if (s.insertOoo(t, v)) {
                                result.samples++;
                            }
                            return;
                        }
                        if (t < minValid) {
                            result.skippedOld++;
                            return;
                        }
                        if (t > s.lastT) {
                            s.append(t, v, chunkRange);
                            result.samples++;
                            if (t < mint) {
                                mint = t;
                            }
                            if (t > maxt) {
                                maxt = t;
                            }
                        }
                    }
                });
                case Records.TOMBSTONES -> Records.decodeTombstones(rec, len, (ref, a, b) -> {
                    MemSeries s = lookup(ref);
                    if (s != null) {
                        head.tombstones.add(s.ref & 0xFFFFFFFFL, a, b);
                        result.tombstones++;
                    }
                });
                default -> {
                    // exemplars, metadata, histograms: not kept by this head
                }
            }
        }
    }

    private MemSeries lookup(long ref) {
        MemSeries s = byWalRef.get(ref);
        if (s == null && ref > 0 && ref <= Integer.MAX_VALUE) {
            s = head.byRef((int) ref);
        }
        last = s;
        lastRef = s == null ? -1 : ref;
        return s;
    }

    private void series(long ref, Labels labels) {
        if (ref <= 0 || ref > Integer.MAX_VALUE) {
            result.skippedUnknownSeries++;
            return;
        }
        LabelsBuilder b = lb.reset();
        for (int i = 0; i < labels.size(); i++) {
            b.set(intern(labels.name(i)), intern(labels.value(i)));
        }
        MemSeries s = head.createForReplay((int) ref, b.build());
        byWalRef.put(ref, s);
        result.series++;
    }

    private String intern(String s) {
        String prev = strings.putIfAbsent(s, s);
        return prev == null ? s : prev;
    }

    /** Publishes the replayed time range to the head; call after the last {@link #replay}. */
    public void finishReplay() {
        if (maxt != Long.MIN_VALUE) {
            head.updateTimes(mint, maxt);
        }
    }
}
