package io.epimetheus.exporters.node;

import io.epimetheus.api.exporter.Collector;
import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.config.PromDuration;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.api.regex.Re2;
import io.epimetheus.exporters.node.procfs.ProcFs;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The node exporter: node_exporter's collectors for Linux hosts, served on {@code
 * /exporters/node/metrics}. Each enabled collector runs in turn; one that fails reports {@code
 * node_scrape_collector_success{collector} 0} and the others are unaffected.
 *
 * <p>Scrapes are serialized: collectors reuse their read buffers and name caches, so a scrape of
 * an unchanged host allocates almost nothing; a second concurrent scrape waits for the first
 * (which takes around a millisecond).
 */
@Component(
        service = Collector.class,
        configurationPid = NodeCollector.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = Collector.NAME_PROPERTY + "=node")
@Designate(ocd = NodeConfig.class)
public final class NodeCollector implements Collector {

    static final String PID = "io.epimetheus.exporter.node";

    private static final Logger LOG = System.getLogger(NodeCollector.class.getName());

    private final NodeSubcollector[] collectors;
    private final Labels[] collectorLabels;
    private final double[] durations;
    private final boolean[] success;
    private final ReentrantLock lock = new ReentrantLock();

    @Activate
    public NodeCollector(NodeConfig config) {
        ProcFs fs = new ProcFs(config.path_procfs(), config.path_sysfs(), config.path_rootfs());
        List<NodeSubcollector> list = new ArrayList<>();
        if (config.collector_cpu()) {
            list.add(new CpuCollector(fs, config.collector_cpu_guest()));
        }
        if (config.collector_diskstats()) {
            list.add(new DiskstatsCollector(fs, new DeviceFilter(pattern(config.collector_diskstats_device$_$exclude()),
                    pattern(config.collector_diskstats_device$_$include())), config.path_udev_data()));
        }
        if (config.collector_filefd()) {
            list.add(new FilefdCollector(fs));
        }
        if (config.collector_filesystem()) {
            list.add(new FilesystemCollector(fs, Re2.compile(config.collector_filesystem_mount$_$points$_$exclude()),
                    Re2.compile(config.collector_filesystem_fs$_$types$_$exclude()),
                    PromDuration.parse(config.collector_filesystem_mount$_$timeout())));
        }
        if (config.collector_loadavg()) {
            list.add(new LoadavgCollector(fs));
        }
        if (config.collector_meminfo()) {
            list.add(new MeminfoCollector(fs));
        }
        if (config.collector_netdev()) {
            list.add(new NetdevCollector(fs, new DeviceFilter(pattern(config.collector_netdev_device$_$exclude()),
                    pattern(config.collector_netdev_device$_$include()))));
        }
        if (config.collector_netstat()) {
            list.add(new NetstatCollector(fs, Re2.compile(config.collector_netstat_fields())));
        }
        if (config.collector_os()) {
            list.add(new OsReleaseCollector(fs));
        }
        if (config.collector_pressure()) {
            list.add(new PressureCollector(fs));
        }
        if (config.collector_stat()) {
            list.add(new StatCollector(fs, config.collector_stat_softirq()));
        }
        if (config.collector_time()) {
            list.add(new TimeCollector(fs));
        }
        if (config.collector_uname()) {
            list.add(new UnameCollector(fs));
        }
        if (config.collector_vmstat()) {
            list.add(new VmstatCollector(fs, Re2.compile(config.collector_vmstat_fields())));
        }
        this.collectors = list.toArray(new NodeSubcollector[0]);
        this.collectorLabels = new Labels[collectors.length];
        for (int i = 0; i < collectors.length; i++) {
            collectorLabels[i] = Labels.of("collector", collectors[i].name());
        }
        this.durations = new double[collectors.length];
        this.success = new boolean[collectors.length];
    }

    /** Stops the collectors' worker threads. */
    @Deactivate
    public void deactivate() {
        for (NodeSubcollector c : collectors) {
            if (c instanceof AutoCloseable) {
                try {
                    ((AutoCloseable) c).close();
                } catch (Exception e) {
                    LOG.log(Level.WARNING, "closing collector {0} failed: {1}", c.name(), e.toString());
                }
            }
        }
    }

    /** The names of the enabled collectors, in scrape order. */
    List<String> enabled() {
        List<String> names = new ArrayList<>();
        for (NodeSubcollector c : collectors) {
            names.add(c.name());
        }
        return names;
    }

    @Override
    public void collect(MetricSink sink) {
        lock.lock();
        try {
            for (int i = 0; i < collectors.length; i++) {
                long start = System.nanoTime();
                boolean ok;
                try {
                    collectors[i].update(sink);
                    ok = true;
                } catch (NoDataException e) {
                    LOG.log(Level.DEBUG, "collector {0} returned no data: {1}", collectors[i].name(), e.getMessage());
                    ok = false;
                } catch (Exception e) {
                    LOG.log(Level.WARNING, "collector {0} failed: {1}", collectors[i].name(), e.toString());
                    ok = false;
                }
                durations[i] = (System.nanoTime() - start) / 1e9;
                success[i] = ok;
            }
            sink.family("node_scrape_collector_duration_seconds", MetricType.GAUGE,
                    "node_exporter: Duration of a collector scrape.", "seconds");
            for (int i = 0; i < collectors.length; i++) {
                sink.sample("node_scrape_collector_duration_seconds", collectorLabels[i], durations[i]);
            }
            sink.family("node_scrape_collector_success", MetricType.GAUGE, "node_exporter: Whether a collector succeeded.", "");
            for (int i = 0; i < collectors.length; i++) {
                sink.sample("node_scrape_collector_success", collectorLabels[i], success[i] ? 1 : 0);
            }
        } finally {
            lock.unlock();
        }
    }

    private static Pattern pattern(String re) {
        return re == null || re.isEmpty() ? null : Re2.compile(re);
    }
}
