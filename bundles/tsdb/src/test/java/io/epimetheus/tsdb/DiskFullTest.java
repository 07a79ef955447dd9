package io.epimetheus.tsdb;

import static io.epimetheus.tsdb.TestUtil.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.tsdb.TestUtil.S;
import io.epimetheus.tsdb.format.wal.ChannelOpener;
import io.epimetheus.tsdb.wal.FailingChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk fails commits with a retryable error, loses nothing committed and recovers. */
class DiskFullTest {

    private static final Labels NEW = Labels.of("__name__", "new");

    @TempDir
    Path dir;

    private static void batch(Db db, int from, int n) {
        Appender app = db.appender();
        for (int i = from; i < from + n; i++) {
            for (int s = 0; s < 20; s++) {
                app.append(0, Labels.of("__name__", "m", "s", Integer.toString(s)), i * 1000L, i);
            }
        }
        app.commit();
    }

    @Test
    void commitFailsThenResumes() throws IOException {
        FailingChannel.Switch sw = new FailingChannel.Switch();
        List<S> want = new ArrayList<>();
        try (Db db = Db.open(TsdbOptions.defaults(dir), p -> new FailingChannel(ChannelOpener.DEFAULT.open(p), sw))) {
            batch(db, 0, 100);
            for (int i = 0; i < 100; i++) {
                want.add(S.of(i * 1000L, i));
            }
            sw.fail = true;
            StorageException e = assertThrows(StorageException.class, () -> batch(db, 100, 100));
            assertTrue(e.isRetryable());
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            // the failed batch is invisible; earlier data intact
            assertEquals(want, query(db, 0, Long.MAX_VALUE, Matcher.equal("s", "3")).get(Labels.of("__name__", "m", "s", "3")));
            // still failing: still an error, nothing changes; a series first seen now is not lost later
            Appender fresh = db.appender();
            fresh.append(0, NEW, 50_000, 1);
            assertThrows(StorageException.class, fresh::commit);
            sw.fail = false;
            batch(db, 100, 100);
            Appender again = db.appender();
            again.append(0, NEW, 300_000, 2);
            again.commit();
            for (int i = 100; i < 200; i++) {
                want.add(S.of(i * 1000L, i));
            }
            assertEquals(want, query(db, 0, Long.MAX_VALUE, Matcher.equal("s", "3")).get(Labels.of("__name__", "m", "s", "3")));
            assertEquals(2, db.head().stats().walWritesFailed.sum());
        }
        try (Db db = Db.open(TsdbOptions.defaults(dir))) {
            assertEquals(want, query(db, 0, Long.MAX_VALUE, Matcher.equal("s", "3")).get(Labels.of("__name__", "m", "s", "3")));
            assertEquals(21, db.head().numSeries());
            assertEquals(List.of(S.of(300_000, 2)), query(db, 0, Long.MAX_VALUE, Matcher.equal("__name__", "new")).get(NEW));
            assertEquals(null, db.replayStatus().corruption());
        }
    }
}
