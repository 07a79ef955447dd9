package io.epimetheus.exporters.jmx;

import io.epimetheus.api.exporter.Collector;
import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A jmx_exporter for the container: its rules (pattern, name, labels, help, type, value,
 * valueFactor, attrNameSnakeCase) applied to every readable attribute of the platform
 * MBeanServer, plus {@code jmx_scrape_duration_seconds} and {@code jmx_scrape_error}. The rules
 * file is re-read when its modification time changes; a bad file keeps the previous rules and
 * reports {@code jmx_config_reload_failure_total}.
 */
@Component(
        service = Collector.class,
        configurationPid = "io.epimetheus.exporter.jmx",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = Collector.NAME_PROPERTY + "=jmx")
@Designate(ocd = JmxConfig.class)
public final class JmxCollector implements Collector {

    private static final Logger LOG = System.getLogger(JmxCollector.class.getName());
    private static final Pattern UNSAFE = Pattern.compile("[^a-zA-Z0-9:_]");
    private static final Pattern UNDERSCORES = Pattern.compile("__+");
    private static final Pattern SNAKE = Pattern.compile("([a-z0-9])([A-Z])");

    private final Path rulesFile;
    private final MBeanWalker walker;
    private volatile JmxRules rules;
    private volatile long rulesMtime;
    private long reloadSuccess;
    private long reloadFailure;

    @Activate
    public JmxCollector(JmxConfig config) {
        this(config, ManagementFactory.getPlatformMBeanServer());
    }

    JmxCollector(JmxConfig config, MBeanServer server) {
        this.walker = new MBeanWalker(server);
        String file = config.rules_file().trim();
        if (file.isEmpty()) {
            rulesFile = null;
            rules = JmxRules.defaults();
        } else {
            Path p = Path.of(file);
            String etc = System.getProperty("karaf.etc");
            rulesFile = p.isAbsolute() || etc == null ? p : Path.of(etc).resolve(p);
            rules = load(rulesFile); // a bad file at activation fails the component with the reason
            rulesMtime = mtime(rulesFile);
        }
    }

    @Override
    public void collect(MetricSink sink) {
        JmxRules current = reloadIfChanged();
        long start = System.nanoTime();
        Families families = new Families(current);
        double error = 0;
        try {
            walker.walk(current.include(), current.exclude(), families);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "JMX scrape failed: " + e);
            error = 1;
        }
        families.emit(sink);
        sink.family("jmx_scrape_duration_seconds", MetricType.GAUGE, "Time this JMX scrape took, in seconds.", "seconds");
        sink.sample("jmx_scrape_duration_seconds", Labels.EMPTY, (System.nanoTime() - start) / 1e9);
        sink.family("jmx_scrape_error", MetricType.GAUGE, "Non-zero if this scrape failed.", "");
        sink.sample("jmx_scrape_error", Labels.EMPTY, error);
        if (rulesFile != null) {
            synchronized (this) {
                sink.family("jmx_config_reload_success", MetricType.COUNTER, "Number of times configuration have successfully been reloaded.", "");
                sink.sample("jmx_config_reload_success_total", Labels.EMPTY, reloadSuccess);
                sink.family("jmx_config_reload_failure", MetricType.COUNTER, "Number of times configuration have failed to be reloaded.", "");
                sink.sample("jmx_config_reload_failure_total", Labels.EMPTY, reloadFailure);
            }
        }
    }

    private synchronized JmxRules reloadIfChanged() {
        if (rulesFile != null) {
            long m = mtime(rulesFile);
            if (m != rulesMtime) {
                rulesMtime = m;
                try {
                    rules = load(rulesFile);
                    reloadSuccess++;
                } catch (RuntimeException e) {
                    reloadFailure++;
                    LOG.log(Level.ERROR, "JMX exporter configuration reload failed, keeping the previous rules: " + e.getMessage());
                }
            }
        }
        return rules;
    }

    private static JmxRules load(Path file) {
        try {
            return JmxRules.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read JMX exporter rules " + file + ": " + e, e);
        }
    }

    private static long mtime(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }

    static String safeName(String s) {
        return UNDERSCORES.matcher(UNSAFE.matcher(s).replaceAll("_")).replaceAll("_");
    }

    /** Applies the rules to each attribute and groups the resulting samples by family. */
    private static final class Families implements MBeanWalker.Receiver {
        private final JmxRules config;
        private final Map<String, Family> families = new LinkedHashMap<>();

        Families(JmxRules config) {
            this.config = config;
        }

        @Override
        public void record(String domain, LinkedHashMap<String, String> beanProperties, List<String> attrKeys,
                String attrName, String description, Object beanValue) {
            String beanName = domain + angle(beanProperties.toString()) + angle(attrKeys.toString());
            String help = description + " (" + beanName + attrName + ")";
            String snake = SNAKE.matcher(attrName).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
            for (JmxRule rule : config.rules()) {
                String attr = rule.attrNameSnakeCase() ? snake : attrName;
                Matcher m = null;
                if (rule.pattern() != null) {
                    m = rule.pattern().matcher(beanName + attr + ": " + beanValue);
                    if (!m.matches()) {
                        continue;
                    }
                }
                Object v = beanValue;
                if (rule.value() != null && !rule.value().isEmpty()) {
                    String replaced = m == null ? rule.value() : m.replaceAll(rule.value());
                    try {
                        v = Double.valueOf(replaced);
                    } catch (NumberFormatException e) {
                        return;
                    }
                }
                double value;
                if (v instanceof Number) {
                    value = ((Number) v).doubleValue() * rule.valueFactor();
                } else if (v instanceof Boolean) {
                    value = (Boolean) v ? 1 : 0;
                } else {
                    return;
                }
                if (rule.name() == null) {
                    defaultExport(domain, beanProperties, attrKeys, attr, help, value, rule.type());
                    return;
                }
                String name = safeName(m.replaceAll(rule.name()));
                if (name.isEmpty()) {
                    return;
                }
                if (config.lowercaseOutputName()) {
                    name = name.toLowerCase(Locale.ROOT);
                }
                if (rule.help() != null) {
                    help = m.replaceAll(rule.help());
                }
                List<String> pairs = new ArrayList<>();
                if (rule.labelNames() != null) {
                    for (int i = 0; i < rule.labelNames().size(); i++) {
                        String labelName = safeName(m.replaceAll(rule.labelNames().get(i)));
                        String labelValue = m.replaceAll(rule.labelValues().get(i));
                        if (config.lowercaseOutputLabelNames()) {
                            labelName = labelName.toLowerCase(Locale.ROOT);
                        }
                        if (!labelName.isEmpty() && !labelValue.isEmpty()) {
                            pairs.add(labelName);
                            pairs.add(labelValue);
                        }
                    }
                }
                add(name, rule.type(), help, pairs, value);
                return;
            }
        }

        private void defaultExport(String domain, LinkedHashMap<String, String> beanProperties, List<String> attrKeys,
                String attrName, String help, double value, MetricType type) {
            StringBuilder name = new StringBuilder(domain);
            var it = beanProperties.entrySet().iterator();
            if (it.hasNext()) {
                name.append('_').append(it.next().getValue());
            }
            for (String k : attrKeys) {
                name.append('_').append(k);
            }
            name.append('_').append(attrName);
            String full = safeName(name.toString());
            if (config.lowercaseOutputName()) {
                full = full.toLowerCase(Locale.ROOT);
            }
            List<String> pairs = new ArrayList<>();
            while (it.hasNext()) {
                Map.Entry<String, String> e = it.next();
                String labelName = safeName(e.getKey());
                if (config.lowercaseOutputLabelNames()) {
                    labelName = labelName.toLowerCase(Locale.ROOT);
                }
                pairs.add(labelName);
                pairs.add(e.getValue());
            }
            add(full, type, help, pairs, value);
        }

        private void add(String sampleName, MetricType type, String help, List<String> pairs, double value) {
            boolean counter = type == MetricType.COUNTER;
            String familyName = counter && sampleName.endsWith("_total")
                    ? sampleName.substring(0, sampleName.length() - "_total".length()) : sampleName;
            String emitted = counter ? familyName + "_total" : sampleName;
            Family f = families.computeIfAbsent(familyName, k -> new Family(type, help, emitted));
            Labels labels;
            try {
                labels = Labels.of(pairs.toArray(new String[0]));
            } catch (IllegalArgumentException e) {
                return; // a rule produced the same label name twice: jmx_exporter drops such a sample too
            }
            if (f.type == type && f.seen.add(labels)) {
                f.labels.add(labels);
                f.values.add(value);
            }
        }

        void emit(MetricSink sink) {
            for (Map.Entry<String, Family> e : families.entrySet()) {
                Family f = e.getValue();
                sink.family(e.getKey(), f.type, f.help, "");
                for (int i = 0; i < f.labels.size(); i++) {
                    sink.sample(f.sampleName, f.labels.get(i), f.values.get(i));
                }
            }
        }

        private static String angle(String s) {
            return "<" + s.substring(1, s.length() - 1) + ">";
        }
    }

    private static final class Family {
        final MetricType type;
        final String help;
        final String sampleName;
        final Set<Labels> seen = new HashSet<>();
        final List<Labels> labels = new ArrayList<>();
        final List<Double> values = new ArrayList<>();

        Family(MetricType type, String help, String sampleName) {
            this.type = type;
            this.help = help;
            this.sampleName = sampleName;
        }
    }
}
