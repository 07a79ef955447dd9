package io.epimetheus.shell.tsdb;

import static io.epimetheus.shell.CommandOutput.capture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.StorageAdmin;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TsdbCommandsTest {

    /** An admin over fixed data that records what it was asked to do. */
    static final class FakeAdmin implements StorageAdmin {
        final List<String> calls = new ArrayList<>();
        final List<BlockInfo> blocks = new ArrayList<>(List.of(
                new BlockInfo("01HZZZZZZZZZZZZZZZZZZZZZZZ", 0, 7_200_000, 1440, 3, 12, 0, 1, 3616)));

        @Override
        public TsdbStatus status(int limit) {
            calls.add("status " + limit);
            return new TsdbStatus(new HeadStats(6, 9, 6, 1000, 2000), List.of(new Stat("up", 5)),
                    List.of(new Stat("instance", 5)), List.of(new Stat("instance", 10)), List.of(new Stat("job=node", 6)));
        }

        @Override
        public List<BlockInfo> blocks() {
            return blocks;
        }

        @Override
        public String snapshot(boolean skipHead) {
            calls.add("snapshot " + skipHead);
            return "20240101T000000Z-1a2b";
        }

        @Override
        public void compact() {
            calls.add("compact");
            blocks.add(blocks.get(0));
        }

        @Override
        public void deleteSeries(long mint, long maxt, Matcher... matchers) {
            calls.add("delete");
        }

        @Override
        public void cleanTombstones() {
            calls.add("clean");
        }

        @Override
        public WalReplayStatus walReplay() {
            return new WalReplayStatus(0, 3, 3, true, 6, 1000, 12, null, 0);
        }

        @Override
        public StorageInfo info() {
            return new StorageInfo("/var/lib/epimetheus", "15d", 15L * 86_400_000, 0);
        }
    }

    @Test
    void statusShowsHeadBlocksAndCardinality() throws Exception {
        TsdbStatusCommand c = new TsdbStatusCommand();
        c.admin = new FakeAdmin();
        c.limit = 3;
        String out = capture(c);
        assertTrue(out.contains("Head: 6 series, 6 chunks, 9 label pairs"), out);
        assertTrue(out.contains("01HZZZZZZZZZZZZZZZZZZZZZZZ"), out);
        assertTrue(out.contains("1970-01-01 02:00:00Z"), out);
        assertTrue(out.contains("job=node"), out);
        assertTrue(out.contains("retention 15d"), out);
        assertEquals(List.of("status 3"), ((FakeAdmin) c.admin).calls);
    }

    @Test
    void snapshotAndCompact() throws Exception {
        FakeAdmin admin = new FakeAdmin();
        TsdbSnapshotCommand s = new TsdbSnapshotCommand();
        s.admin = admin;
        s.skipHead = true;
        assertTrue(capture(s).contains("/var/lib/epimetheus/snapshots/20240101T000000Z-1a2b"));
        TsdbCompactCommand c = new TsdbCompactCommand();
        c.admin = admin;
        c.cleanTombstones = true;
        assertTrue(capture(c).contains("1 blocks before, 2 after"));
        assertEquals(List.of("snapshot true", "compact", "clean"), admin.calls);
    }

    @Test
    void missingStorageNamesTheFeature() throws Exception {
        assertTrue(capture(new TsdbStatusCommand()).contains("feature:install epimetheus-tsdb"));
    }
}
