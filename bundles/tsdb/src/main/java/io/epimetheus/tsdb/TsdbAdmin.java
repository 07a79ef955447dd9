package io.epimetheus.tsdb;

import io.epimetheus.api.config.PromDuration;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.StorageAdmin;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.tsdb.block.Block;
import io.epimetheus.tsdb.block.BlockMeta;
import io.epimetheus.tsdb.format.encoding.Utf8;
import io.epimetheus.tsdb.head.Head;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/** {@link StorageAdmin} over a {@link Db}. */
public final class TsdbAdmin implements StorageAdmin {

    private static final DateTimeFormatter SNAPSHOT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Db db;

    public TsdbAdmin(Db db) {
        this.db = db;
    }

    @Override
    public TsdbStatus status(int limit) {
        int n = limit <= 0 ? 10 : limit;
        Head head = db.head();
        TopN byMetric = new TopN(n);
        TopN valueCounts = new TopN(n);
        TopN memory = new TopN(n);
        TopN pairs = new TopN(n);
        Map<String, long[]> perName = new HashMap<>();
        long[] numPairs = {0};
        head.memPostings().forEachPair((name, value, series) -> {
            numPairs[0]++;
            if (name.equals(Labels.METRIC_NAME)) {
                byMetric.add(value, series);
            }
            pairs.add(name + "=" + value, series);
            long[] acc = perName.computeIfAbsent(name, k -> new long[2]);
            acc[0]++;
            acc[1] += (long) Utf8.encodedLength(value) * series;
        });
        perName.forEach((name, acc) -> {
            valueCounts.add(name, acc[0]);
            memory.add(name, acc[1]);
        });
        HeadStats hs = new HeadStats(head.numSeries(), numPairs[0], head.numChunks(), head.minTime(), head.maxTime());
        return new TsdbStatus(hs, byMetric.sorted(), valueCounts.sorted(), memory.sorted(), pairs.sorted());
    }

    /** Keeps the {@code n} largest counts; ties in name order. */
    private static final class TopN {
        private static final Comparator<Stat> ORDER = Comparator.comparingLong(Stat::value)
                .thenComparing(Stat::name, Comparator.reverseOrder());
        private final int n;
        private final PriorityQueue<Stat> q = new PriorityQueue<>(ORDER);

        TopN(int n) {
            this.n = n;
        }

        void add(String name, long value) {
            if (q.size() < n) {
                q.add(new Stat(name, value));
            } else if (value > q.peek().value()) {
                q.poll();
                q.add(new Stat(name, value));
            }
        }

        List<Stat> sorted() {
            List<Stat> out = new ArrayList<>(q);
            out.sort(ORDER.reversed());
            return out;
        }
    }

    @Override
    public List<BlockInfo> blocks() {
        List<BlockInfo> out = new ArrayList<>();
        for (Block b : db.blocks()) {
            BlockMeta m = b.meta();
            out.add(new BlockInfo(m.ulid(), m.minTime(), m.maxTime(), m.numSamples(), m.numSeries(), m.numChunks(),
                    m.numTombstones(), m.level(), b.size()));
        }
        return out;
    }

    @Override
    public String snapshot(boolean skipHead) {
        String name = SNAPSHOT_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
                + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
        Path dst = db.dir().resolve("snapshots").resolve(name);
        try {
            db.snapshot(dst, skipHead);
        } catch (IOException e) {
            throw new StorageException("create snapshot: " + e, false, e);
        }
        return name;
    }

    @Override
    public void compact() {
        try {
            db.compact();
        } catch (IOException e) {
            throw new StorageException("compaction failed: " + e, true, e);
        }
    }

    @Override
    public void deleteSeries(long mintMillis, long maxtMillis, Matcher... matchers) {
        if (matchers.length == 0) {
            throw new IllegalArgumentException("delete series needs at least one matcher");
        }
        try {
            db.deleteSeries(mintMillis, maxtMillis, matchers);
        } catch (IOException e) {
            throw new StorageException("delete series: " + e, true, e);
        }
    }

    @Override
    public void cleanTombstones() {
        try {
            db.cleanTombstones();
        } catch (IOException e) {
            throw new StorageException("clean tombstones: " + e, true, e);
        }
    }

    @Override
    public WalReplayStatus walReplay() {
        Db.ReplayStatus r = db.replayStatus();
        int last = Math.max(0, r.files() - 1);
        return new WalReplayStatus(0, last, last, true, r.series(), r.samples(), r.durationMillis(), r.corruption(),
                r.bytesDropped());
    }

    @Override
    public StorageInfo info() {
        TsdbOptions o = db.options();
        String time = o.retentionMillis() > 0 ? PromDuration.format(o.retentionMillis()) : null;
        String size = o.retentionBytes() > 0 ? formatBytes(o.retentionBytes()) : null;
        String retention = time != null && size != null ? time + " or " + size : time != null ? time : size != null ? size
                : "0s";
        return new StorageInfo(db.dir().toAbsolutePath().toString(), retention, o.retentionMillis(), o.retentionBytes());
    }

    /** Base-2 units as Prometheus prints them: {@code 512MiB}, {@code 1GiB}. */
    static String formatBytes(long b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        long v = b;
        while (u < units.length - 1 && v >= 1024 && v % 1024 == 0) {
            v /= 1024;
            u++;
        }
        return v + units[u];
    }
}
