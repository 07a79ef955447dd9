package io.epimetheus.tsdb.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.api.storage.ValueType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The head's isolation bookkeeping: append ids, read states, what series remember and hide. */
class HeadIsolationTest {

    private static final Labels S = Labels.of("__name__", "s");

    private static void commit(Head h, long t, double v) {
        Appender a = h.appender();
        a.append(0, S, t, v);
        a.commit();
    }

    /** Applies a sample as the commit of append {@code id} does, leaving that append open. */
    private static void applyAs(Head h, long id, long t, double v, boolean outOfOrder) {
        MemSeries s = h.series.get(S);
        synchronized (s) {
            if (outOfOrder) {
                assertEquals(MemSeries.OOO_INSERTED, s.insertOoo(t, v));
            } else {
                s.append(t, v, h.chunkRange, null);
            }
            s.trackCommit(id, t, outOfOrder, h.isolation.lowWatermark());
        }
    }

    private static List<Long> times(HeadQuerier q) {
        List<Long> out = new ArrayList<>();
        SeriesSet ss = q.select(false, null, Matcher.equal("__name__", "s"));
        while (ss.next()) {
            SampleIterator it = ss.iterator(null);
            while (it.next() == ValueType.FLOAT) {
                out.add(it.t());
            }
        }
        return out;
    }

    @Test
    void readStatesSeeExactlyTheAppendsClosedBeforeThem() {
        Isolation iso = new Isolation(() -> 0);
        long a1 = iso.openAppend();
        long a2 = iso.openAppend();
        long a3 = iso.openAppend();
        iso.closeAppend(a2);
        Isolation.ReadState r = iso.openRead(0, 10);
        assertFalse(r.sees(a1));
        assertTrue(r.sees(a2));
        assertFalse(r.sees(a3));
        iso.closeAppend(a1);
        long a4 = iso.openAppend();
        assertFalse(r.sees(a1), "closed after the read opened");
        assertFalse(r.sees(a4), "opened after the read");
        assertEquals(a1, iso.lowWatermark(), "the read still needs a1 told apart");
        Isolation.ReadState r2 = iso.openRead(0, 10);
        assertTrue(r2.sees(a1));
        assertFalse(r2.sees(a3));
        r.close();
        r.close();
        assertEquals(a3, iso.lowWatermark());
        iso.closeAppend(a3);
        iso.closeAppend(a4);
        assertEquals(a3, iso.lowWatermark(), "r2 still needs a3 told apart");
        r2.close();
        assertEquals(a4 + 1, iso.lowWatermark());
    }

    @Test
    void waitsForAppendsAndReadsWithinBounds() throws InterruptedException {
        long[] minTime = {100};
        Isolation iso = new Isolation(() -> minTime[0]);
        long a = iso.openAppend();
        minTime[0] = 500;
        long b = iso.openAppend();
        assertFalse(iso.awaitAppends(200, 10), "a may still write at 100");
        assertTrue(iso.awaitAppends(100, 10), "none may write before 100");
        iso.closeAppend(a);
        assertTrue(iso.awaitAppends(200, 10));
        iso.closeAppend(b);

        Isolation.ReadState early = iso.openRead(0, 1000);
        long mark = iso.readMark();
        Isolation.ReadState late = iso.openRead(0, 1000);
        assertFalse(iso.awaitReads(mark, 500, 600, null, 10));
        assertTrue(iso.awaitReads(mark, 2000, 3000, null, 10), "no overlap");
        assertTrue(iso.awaitReads(mark, 500, 600, early, 10), "the excepted one");
        early.close();
        assertTrue(iso.awaitReads(mark, 500, 600, null, 10), "opened after the mark");
        late.close();
    }

    @Test
    void hidesARunOfAnUnfinishedCommitBetweenVisibleOnes() {
        Head h = new Head(7_200_000, null);
        commit(h, 1000, 1);
        long x = h.isolation.openAppend();
        applyAs(h, x, 2000, 2, false);
        commit(h, 3000, 3);
        commit(h, 4000, 4);
        try (HeadQuerier q = new HeadQuerier(h, 0, Long.MAX_VALUE)) {
            assertEquals(List.of(1000L, 3000L, 4000L), times(q));
            h.isolation.closeAppend(x);
            assertEquals(List.of(1000L, 3000L, 4000L), times(q), "x closed after the querier opened");
        }
        try (HeadQuerier q = new HeadQuerier(h, 0, Long.MAX_VALUE)) {
            assertEquals(List.of(1000L, 2000L, 3000L, 4000L), times(q));
        }
    }

    @Test
    void aSeriesOnlyAnUnfinishedCommitWroteIsNotSelected() {
        Head h = new Head(7_200_000, null);
        Appender a = h.appender();
        a.append(0, S, 1000, 1);
        try (HeadQuerier q = new HeadQuerier(h, 0, Long.MAX_VALUE)) {
            a.commit();
            assertFalse(q.select(false, null, Matcher.equal("__name__", "s")).next());
        }
    }

    @Test
    void seriesForgetAppendsEveryReaderSees() {
        Head h = new Head(7_200_000, null);
        for (int i = 0; i < 10; i++) {
            commit(h, 1000L * i, i);
        }
        MemSeries s = h.series.get(S);
        assertEquals(1, s.nCommits, "one per scrape, the previous ones forgotten");
        HeadQuerier q = new HeadQuerier(h, 0, Long.MAX_VALUE);
        for (int i = 10; i < 20; i++) {
            commit(h, 1000L * i, i);
        }
        assertEquals(10, s.nCommits, "an open querier keeps the appends after it told apart");
        q.close();
        commit(h, 20_000, 20);
        assertEquals(1, s.nCommits);
        h.truncate(0);
        assertNull(s.commits, "an idle series gives its memory back");
    }

    @Test
    void outOfOrderSamplesOfUnfinishedCommitsStayWhenTheOthersAreFlushed() {
        Head h = new Head(7_200_000, 3_600_000, null);
        commit(h, 10_000, 1);
        commit(h, 5000, 2);
        long x = h.isolation.openAppend();
        applyAs(h, x, 6000, 3, true);
        try (HeadQuerier q = new HeadQuerier(h, Long.MIN_VALUE, 9999)) {
            SeriesSet ss = q.selectOutOfOrder(0, 9999);
            assertTrue(ss.next());
            SampleIterator it = ss.iterator(null);
            assertEquals(ValueType.FLOAT, it.next());
            assertEquals(5000, it.t());
            assertEquals(ValueType.NONE, it.next(), "6000 belongs to a commit in progress");
            q.dropOutOfOrderBefore(10_000);
        }
        h.isolation.closeAppend(x);
        MemSeries s = h.series.get(S);
        assertEquals(1, s.nOoo);
        assertEquals(6000, s.oooT[0]);
    }
}
