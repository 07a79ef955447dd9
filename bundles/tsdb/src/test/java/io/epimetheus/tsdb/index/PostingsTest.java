package io.epimetheus.tsdb.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PostingsTest {

    private static int[] randomSorted(Random r, int n, int bound) {
        TreeSet<Integer> s = new TreeSet<>();
        n = Math.min(n, bound);
        while (s.size() < n) {
            s.add(r.nextInt(bound));
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] of(TreeSet<Integer> s) {
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    private static TreeSet<Integer> set(int[] a) {
        TreeSet<Integer> s = new TreeSet<>();
        for (int x : a) {
            s.add(x);
        }
        return s;
    }

    @Test
    void operationsAgreeWithSets() {
        Random r = new Random(7);
        for (int i = 0; i < 500; i++) {
            int[] a = randomSorted(r, r.nextInt(200), 1 + r.nextInt(1000));
            int[] b = randomSorted(r, r.nextInt(200), 1 + r.nextInt(1000));
            TreeSet<Integer> and = set(a);
            and.retainAll(set(b));
            TreeSet<Integer> or = set(a);
            or.addAll(set(b));
            TreeSet<Integer> minus = set(a);
            minus.removeAll(set(b));
            assertArrayEquals(of(and), Postings.intersect(a, b));
            assertArrayEquals(of(or), Postings.union(a, b));
            assertArrayEquals(of(minus), Postings.subtract(a, b));
            int[] c = randomSorted(r, r.nextInt(50), 1000);
            TreeSet<Integer> all3 = set(a);
            all3.retainAll(set(b));
            all3.retainAll(set(c));
            assertArrayEquals(of(all3), Postings.intersectAll(List.of(a, b, c)));
            TreeSet<Integer> any3 = set(a);
            any3.addAll(set(b));
            any3.addAll(set(c));
            assertArrayEquals(of(any3), Postings.unionAll(List.of(a, b, c)));
        }
    }

    @Test
    void unsignedOrderForLargeIds() {
        int[] a = {1, 5, 0x7FFFFFFF, 0x80000000, 0xFFFFFFF0};
        int[] b = {5, 0x80000000, 0xFFFFFFF0};
        assertArrayEquals(b, Postings.intersect(a, b));
        assertArrayEquals(new int[] {1, 0x7FFFFFFF}, Postings.subtract(a, b));
    }
}
