package io.epimetheus.scrape.manager;

import io.epimetheus.api.config.GlobalConfig;
import io.epimetheus.api.config.PrometheusConfig;
import io.epimetheus.api.config.ScrapeConfig;
import io.epimetheus.api.config.SdConfig;
import io.epimetheus.api.discovery.DiscovererFactory;
import io.epimetheus.api.model.Exemplar;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricMetadata;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.scrape.discovery.StaticDiscovererFactory;
import io.epimetheus.scrape.manager.ScrapeManagerTest.FixedConfigService;
import io.epimetheus.scrape.testing.TestConfigs;
import io.epimetheus.tsdb.Db;
import io.epimetheus.tsdb.TsdbOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Epimetheus side of {@code load/fleet-compare.sh}: the scrape manager with static
 * discovery, appending into the real TSDB, scraping the {@link
 * io.epimetheus.scrape.testing.FleetSimulator} targets. Writes the number of samples appended so far
 * to a status file every second.
 *
 * <p>Usage: {@code EpimetheusFleet <sim-port> <targets> <interval-seconds> <data-dir> <status-file>}.
 */
public final class EpimetheusFleet {

    private EpimetheusFleet() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int targets = Integer.parseInt(args[1]);
        Duration interval = Duration.ofSeconds(Long.parseLong(args[2]));
        Path data = Path.of(args[3]);
        Path status = Path.of(args[4]);
        Db db = Db.open(TsdbOptions.defaults(data));
        LongAdder samples = new LongAdder();
        Storage counting = new Storage() {
            @Override
            public Appender appender() {
                Appender a = db.appender();
                return new Appender() {
                    @Override
                    public long append(long ref, Labels labels, long t, double v) {
                        samples.increment();
                        return a.append(ref, labels, t, v);
                    }

                    @Override
                    public long appendExemplar(long ref, Labels labels, Exemplar e) {
                        return a.appendExemplar(ref, labels, e);
                    }

                    @Override
                    public long updateMetadata(long ref, Labels labels, MetricMetadata m) {
                        return a.updateMetadata(ref, labels, m);
                    }

                    @Override
                    public void commit() {
                        a.commit();
                    }

                    @Override
                    public void rollback() {
                        a.rollback();
                    }
                };
            }

            @Override
            public Querier querier(long mint, long maxt) {
                return db.querier(mint, maxt);
            }

            @Override
            public long minTime() {
                return db.minTime();
            }
        };
        List<SdConfig> sd = new ArrayList<>();
        for (int t = 0; t < targets; t++) {
            sd.add(new SdConfig("static", Map.of("targets", List.of("127.0.0.1:" + port),
                    "labels", Map.of("__metrics_path__", "/t/" + t + "/metrics", "instance", "sim-" + t))));
        }
        ScrapeConfig job = TestConfigs.job("fleet").interval(interval, interval).compression(false).sd(sd).build();
        PrometheusConfig e = PrometheusConfig.EMPTY;
        FixedConfigService configs = new FixedConfigService();
        ScrapeManager m = new ScrapeManager();
        m.bindStorage(counting);
        m.bindDiscovererFactory(new StaticDiscovererFactory(), Map.of(DiscovererFactory.TYPE_PROPERTY, "static"));
        m.bindConfigService(configs);
        m.activate();
        configs.set(new PrometheusConfig("", GlobalConfig.DEFAULT, List.of(), List.of(), List.of(job), e.alerting(),
                List.of(), List.of(), e.storage(), null, e.otlp(), e.runtime()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            m.deactivate();
            try {
                db.close();
            } catch (Exception ex) {
                ex.printStackTrace();
            }
        }));
        while (true) {
            Files.writeString(status, Long.toString(samples.sum()));
            Thread.sleep(1000);
        }
    }
}
