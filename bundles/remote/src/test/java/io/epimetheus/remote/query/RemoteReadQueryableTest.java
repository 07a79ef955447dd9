package io.epimetheus.remote.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.RemoteReadConfig;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.api.storage.ValueType;
import io.epimetheus.remote.testing.MemStorage;
import io.epimetheus.remote.testing.ReceiverHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RemoteReadQueryableTest {

    static RemoteReadConfig config(String url, boolean readRecent, Map<String, String> required, boolean filterExt) {
        return new RemoteReadConfig(url, Duration.ofSeconds(5), 50 << 20, Map.of(), readRecent, "", HttpClientConfig.DEFAULT,
                required, filterExt);
    }

    static Map<Labels, List<String>> select(RemoteReadQueryableOrLocal q, long mint, long maxt, List<String> warnings,
            Matcher... m) {
        Map<Labels, List<String>> out = new TreeMap<>();
        try (Querier querier = q.querier(mint, maxt)) {
            SeriesSet s = querier.select(true, null, m);
            SampleIterator it = null;
            while (s.next()) {
                List<String> samples = new ArrayList<>();
                it = s.iterator(it);
                while (it.next() == ValueType.FLOAT) {
                    samples.add(it.t() + "=" + it.v());
                }
                out.put(s.labels(), samples);
            }
            warnings.addAll(s.warnings());
        }
        return out;
    }

    interface RemoteReadQueryableOrLocal {
        Querier querier(long mint, long maxt);
    }

    @Test
    void mergesLocalAndRemoteWithPrometheusRules() throws Exception {
        Labels ext = Labels.of("cluster", "eu");
        try (ReceiverHarness remote = new ReceiverHarness(ext)) {
            MemStorage local = new MemStorage();
            Labels a = Labels.of("__name__", "m", "job", "a");
            Labels b = Labels.of("__name__", "m", "job", "b");
            // Remote (long-term store) has old data and some overlap, local has recent data.
            for (long t = 0; t < 10; t++) {
                remote.storage.put(a, t * 1000, t);
            }
            remote.storage.put(b, 1000, 100);
            for (long t = 8; t < 15; t++) {
                local.put(a, t * 1000, t);
            }
            String url = remote.url("/api/v1/read");

            // read_recent=false: remote only before local's oldest sample (8000).
            RemoteReadQueryable q = new RemoteReadQueryable(local, local.minTime(),
                    List.of(new RemoteReadClient(config(url, false, Map.of(), true))), ext);
            List<String> warnings = new ArrayList<>();
            Map<Labels, List<String>> got = select(q::querier, 0, 20_000, warnings, Matcher.equal("__name__", "m"));
            List<String> expectA = new ArrayList<>();
            for (long t = 0; t < 15; t++) {
                expectA.add(t * 1000 + "=" + (double) t);
            }
            assertEquals(Map.of(a, expectA, b, List.of("1000=100.0")), got, "external labels stripped, overlap deduplicated");
            assertEquals(List.of(), warnings);

            // A query entirely after local's oldest sample does not ask the remote.
            remote.storage.put(Labels.of("__name__", "m", "job", "late"), 9000, 1);
            got = select(q::querier, 9000, 20_000, warnings, Matcher.equal("__name__", "m"));
            assertEquals(List.of(a), new ArrayList<>(got.keySet()));

            // read_recent=true asks it, and sees the remote-only recent series.
            q = new RemoteReadQueryable(local, local.minTime(),
                    List.of(new RemoteReadClient(config(url, true, Map.of(), true))), ext);
            got = select(q::querier, 9000, 20_000, warnings, Matcher.equal("__name__", "m"));
            assertTrue(got.containsKey(Labels.of("__name__", "m", "job", "late")), got.toString());

            // required_matchers not in the selector: remote skipped.
            q = new RemoteReadQueryable(local, local.minTime(),
                    List.of(new RemoteReadClient(config(url, true, Map.of("job", "late"), true))), ext);
            got = select(q::querier, 0, 20_000, warnings, Matcher.equal("__name__", "m"));
            assertEquals(List.of(a), new ArrayList<>(got.keySet()), "only local data");
            got = select(q::querier, 0, 20_000, warnings, Matcher.equal("__name__", "m"), Matcher.equal("job", "late"));
            assertEquals(List.of(Labels.of("__name__", "m", "job", "late")), new ArrayList<>(got.keySet()));

            // filter_external_labels=false: the external label stays on remote series.
            q = new RemoteReadQueryable(local, local.minTime(),
                    List.of(new RemoteReadClient(config(url, false, Map.of(), false))), ext);
            got = select(q::querier, 0, 20_000, warnings, Matcher.equal("__name__", "m"), Matcher.equal("job", "b"));
            assertEquals(List.of(Labels.of("__name__", "m", "job", "b", "cluster", "eu")), new ArrayList<>(got.keySet()));

            // A failing endpoint is a warning, local data still answers.
            q = new RemoteReadQueryable(local, local.minTime(),
                    List.of(new RemoteReadClient(config(remote.url("/nope"), false, Map.of(), true))), ext);
            warnings.clear();
            got = select(q::querier, 0, 20_000, warnings, Matcher.equal("__name__", "m"));
            assertEquals(1, got.size());
            assertEquals(1, warnings.size());
            assertTrue(warnings.get(0).contains("server returned HTTP status 404"), warnings.get(0));
        }
    }
}
