package io.epimetheus.tsdb.compact;

import io.epimetheus.tsdb.block.BlockMeta;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses which blocks to compact next, following Prometheus's leveled compactor: overlapping
 * blocks first (merged vertically); otherwise, excluding the newest block, the first group of
 * blocks that fills an aligned range of the next level ({@code min block × 3^k}, up to the
 * maximum block duration), or that lies entirely before the newest block; otherwise a large block
 * whose tombstones cover more than 5% of its series.
 */
public final class Planner {

    private final long[] ranges;

    public Planner(long minBlock, long maxBlock) {
        List<Long> r = new ArrayList<>();
        for (long x = minBlock; x <= maxBlock && r.size() < 10; x *= 3) {
            r.add(x);
        }
        ranges = r.stream().mapToLong(Long::longValue).toArray();
    }

    /** The compaction ranges, smallest first. */
    public long[] ranges() {
        return ranges.clone();
    }

    /** The blocks to compact together (in time order), or an empty list. */
    public List<BlockMeta> plan(List<BlockMeta> metas) {
        List<BlockMeta> dms = new ArrayList<>(metas);
        dms.sort(Comparator.comparingLong(BlockMeta::minTime));
        List<BlockMeta> overlapping = overlapping(dms);
        if (!overlapping.isEmpty()) {
            return overlapping;
        }
        if (dms.size() < 2) {
            return List.of();
        }
        List<BlockMeta> older = dms.subList(0, dms.size() - 1);
        List<BlockMeta> sel = selectDirs(older, dms.get(dms.size() - 1).minTime());
        if (!sel.isEmpty()) {
            return sel;
        }
        if (ranges.length > 0) {
            long big = ranges[ranges.length / 2];
            for (int i = older.size() - 1; i >= 0; i--) {
                BlockMeta m = older.get(i);
                if (m.maxTime() - m.minTime() < big) {
                    break;
                }
                if ((double) m.numTombstones() / (m.numSeries() + 1) > 0.05) {
                    return List.of(m);
                }
            }
        }
        return List.of();
    }

    /** The first run of blocks that overlap one another. */
    private static List<BlockMeta> overlapping(List<BlockMeta> sorted) {
        List<BlockMeta> group = new ArrayList<>();
        long groupMax = Long.MIN_VALUE;
        for (BlockMeta m : sorted) {
            if (!group.isEmpty() && m.minTime() < groupMax) {
                group.add(m);
                groupMax = Math.max(groupMax, m.maxTime());
                continue;
            }
            if (group.size() > 1) {
                return group;
            }
            group.clear();
            group.add(m);
            groupMax = m.maxTime();
        }
        return group.size() > 1 ? group : List.of();
    }

    private List<BlockMeta> selectDirs(List<BlockMeta> ds, long highTime) {
        if (ranges.length < 2 || ds.isEmpty()) {
            return List.of();
        }
        for (int r = 1; r < ranges.length; r++) {
            long iv = ranges[r];
            for (List<BlockMeta> p : splitByRange(ds, iv)) {
                long mint = p.get(0).minTime();
                long maxt = p.get(p.size() - 1).maxTime();
                if ((maxt - mint == iv || maxt <= highTime) && p.size() > 1) {
                    return p;
                }
            }
        }
        return List.of();
    }

    /** Groups blocks into aligned windows of width {@code tr}; blocks not inside one window are left out. */
    static List<List<BlockMeta>> splitByRange(List<BlockMeta> ds, long tr) {
        List<List<BlockMeta>> out = new ArrayList<>();
        int i = 0;
        while (i < ds.size()) {
            BlockMeta m = ds.get(i);
            long t0 = Math.floorDiv(m.minTime(), tr) * tr;
            if (m.maxTime() > t0 + tr) {
                i++;
                continue;
            }
            List<BlockMeta> group = new ArrayList<>();
            while (i < ds.size()) {
                BlockMeta x = ds.get(i);
                if (x.minTime() < t0 || x.maxTime() > t0 + tr) {
                    break;
                }
                group.add(x);
                i++;
            }
            if (!group.isEmpty()) {
                out.add(group);
            }
        }
        return out;
    }
}
