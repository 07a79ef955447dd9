package io.epimetheus.tsdb.head;

import io.epimetheus.api.model.Exemplar;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricMetadata;
import io.epimetheus.api.storage.AppendException;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.tsdb.chunks.HeadChunkFiles;
import io.epimetheus.tsdb.format.record.Records;

/**
 * Collects samples and, on commit, logs them to the WAL and then applies them to their series.
 * Each sample is checked against its series when appended (out of order, duplicate timestamp,
 * out of bounds) and again when applied, since another appender may have committed in between:
 * samples that lost such a race are dropped and counted as out of order, as in Prometheus.
 *
 * <p>The appender holds an append id from its creation until it commits or rolls back, and tags
 * the samples it applies with it, so queriers opened meanwhile see none of the batch (see {@link
 * Isolation}).
 */
final class HeadAppender implements Appender {

    private static final AppendException OUT_OF_ORDER = AppendException.shared(AppendException.Reason.OUT_OF_ORDER);
    private static final AppendException DUPLICATE = AppendException.shared(AppendException.Reason.DUPLICATE);
    private static final AppendException OUT_OF_BOUNDS = AppendException.shared(AppendException.Reason.OUT_OF_BOUNDS);
    private static final AppendException TOO_OLD = AppendException.shared(AppendException.Reason.TOO_OLD);

    private final Head head;
    private final long appendId;
    private final long minValidTime;
    private AppendBuffers buf;

    HeadAppender(Head head) {
        this.head = head;
        this.appendId = head.isolation.openAppend();
        // Read after opening: at least the time the isolation registered for this append.
        this.minValidTime = head.appendableMinValidTime();
        AppendBuffers b = head.bufferPool.poll();
        this.buf = b != null ? b : new AppendBuffers();
    }

    @Override
    public long append(long ref, Labels labels, long t, double v) {
        AppendBuffers b = buf;
        if (b == null) {
            throw new IllegalStateException("appender already committed or rolled back");
        }
        head.checkOpen();
        boolean ooo = false;
        if (t < minValidTime) {
            if (head.oooAcceptable(t)) {
                ooo = true;
            } else if (head.oooWindow > 0) {
                head.stats.tooOld.increment();
                throw TOO_OLD;
            } else {
                head.stats.outOfBounds.increment();
                throw OUT_OF_BOUNDS;
            }
        }
        MemSeries s = null;
        if (ref > 0 && ref <= Integer.MAX_VALUE) {
            s = head.byRef((int) ref);
            if (s != null && s.labels != labels && s.labels.hash() != labels.hash()) {
                s = null;
            }
        }
        long bits = Double.doubleToRawLongBits(v);
        while (true) {
            if (s == null) {
                if (labels == null || labels.isEmpty()) {
                    throw new AppendException(AppendException.Reason.INVALID_LABELS, "invalid labels: empty label set");
                }
                s = head.getOrCreate(labels);
            }
            synchronized (s) {
                if (!s.removed) {
                    switch (ooo ? MemSeries.Outcome.APPENDED : s.check(t, bits)) {
                        case OUT_OF_ORDER -> {
                            if (head.oooAcceptable(t)) {
                                s.pendingCommits++;
                                break;
                            }
                            if (head.oooWindow > 0) {
                                head.stats.tooOld.increment();
                                throw TOO_OLD;
                            }
                            head.stats.outOfOrder.increment();
                            throw OUT_OF_ORDER;
                        }
                        case DUPLICATE -> throw DUPLICATE;
                        case DUPLICATE_SAME -> {
                            return s.ref;
                        }
                        default -> s.pendingCommits++;
                    }
                    break;
                }
            }
            // Truncation collected the series between lookup and lock: look it up again.
            head.series.remove(s);
            s = null;
        }
        b.add(s, t, v);
        return s.ref;
    }

    @Override
    public long appendExemplar(long ref, Labels labels, Exemplar exemplar) {
        MemSeries s = ref > 0 && ref <= Integer.MAX_VALUE ? head.byRef((int) ref) : null;
        if (s == null) {
            s = head.series.get(labels);
        }
        return s == null ? 0 : s.ref;
    }

    @Override
    public long updateMetadata(long ref, Labels labels, MetricMetadata metadata) {
        return appendExemplar(ref, labels, null);
    }

    @Override
    public void commit() {
        AppendBuffers b = buf;
        if (b == null) {
            throw new IllegalStateException("appender already committed or rolled back");
        }
        buf = null;
        try {
            if (b.n == 0) {
                return;
            }
            try {
                head.checkOpen();
                Records.samples(b.rec, b.refs, b.ts, b.vs, b.n);
                head.log(b);
            } catch (RuntimeException e) {
                release(b);
                throw e;
            }
            apply(b);
        } finally {
            // Only now, with every sample applied, may new queriers see the batch.
            head.isolation.closeAppend(appendId);
            b.clear();
            head.bufferPool.offer(b);
        }
    }

    private void apply(AppendBuffers b) {
        long chunkRange = head.chunkRange;
        HeadChunkFiles files = head.chunkFiles();
        long oooWindow = head.oooWindow;
        long minValid = head.minValidTime();
        long id = appendId;
        long lowWatermark = head.isolation.lowWatermark();
        int oooAppended = 0;
        long mint = Long.MAX_VALUE;
        long maxt = Long.MIN_VALUE;
        int appended = 0;
        int dropped = 0;
        int cuts = 0;
        for (int i = 0; i < b.n; i++) {
            MemSeries s = b.series[i];
            long t = b.ts[i];
            double v = b.vs[i];
            synchronized (s) {
                s.pendingCommits--;
                MemSeries.Outcome o = s.check(t, Double.doubleToRawLongBits(v));
                if (oooWindow > 0 && (o == MemSeries.Outcome.OUT_OF_ORDER || t < minValid)) {
                    // Behind the series or below the persisted range: the out-of-order buffer.
                    switch (s.insertOoo(t, v)) {
                        case MemSeries.OOO_INSERTED -> {
                            s.trackCommit(id, t, true, lowWatermark);
                            oooAppended++;
                        }
                        case MemSeries.OOO_SAME -> oooAppended++;
                        default -> dropped++;
                    }
                    continue;
                }
                switch (o) {
                    case APPENDED -> {
                        if (s.append(t, v, chunkRange, files)) {
                            cuts++;
                        }
                        s.trackCommit(id, t, false, lowWatermark);
                        appended++;
                        if (t < mint) {
                            mint = t;
                        }
                        if (t > maxt) {
                            maxt = t;
                        }
                    }
                    case DUPLICATE_SAME -> {
                        // the same sample twice: nothing to do
                    }
                    default -> dropped++;
                }
            }
        }
        if (appended > 0) {
            head.updateTimes(mint, maxt);
        }
        head.stats.samplesAppended.add(appended + oooAppended);
        head.stats.oooAppended.add(oooAppended);
        head.stats.outOfOrder.add(dropped);
        head.stats.chunksCreated.add(cuts);
    }

    private static void release(AppendBuffers b) {
        for (int i = 0; i < b.n; i++) {
            MemSeries s = b.series[i];
            synchronized (s) {
                s.pendingCommits--;
            }
        }
    }

    @Override
    public void rollback() {
        AppendBuffers b = buf;
        if (b == null) {
            return;
        }
        buf = null;
        release(b);
        head.isolation.closeAppend(appendId);
        b.clear();
        head.bufferPool.offer(b);
    }
}
