package io.epimetheus.config.load;

import io.epimetheus.api.config.AlertingConfig;
import io.epimetheus.api.config.ConfigException;
import io.epimetheus.api.config.FileGlob;
import io.epimetheus.api.config.GlobalConfig;
import io.epimetheus.api.config.OtlpConfig;
import io.epimetheus.api.config.PrometheusConfig;
import io.epimetheus.api.config.RemoteReadConfig;
import io.epimetheus.api.config.RemoteWriteConfig;
import io.epimetheus.api.config.RuntimeConfig;
import io.epimetheus.api.config.ScrapeConfig;
import io.epimetheus.api.config.StorageConfig;
import io.epimetheus.api.config.TracingConfig;
import io.epimetheus.config.yaml.GoStrings;
import io.epimetheus.config.yaml.YamlNode;
import io.epimetheus.config.yaml.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Loads {@code prometheus.yml} like Prometheus's {@code config.LoadFile}: strict YAML, defaults,
 * global-to-job inheritance, validation, relative paths resolved against the file's directory,
 * {@code scrape_config_files} included, and every SD section checked by its plugin. Errors are
 * {@link ConfigException}s naming the file, the line and the problem, with Prometheus's wording.
 *
 * <p>Thread-safe: a loader holds no state between loads.
 */
public final class ConfigLoader {

    private static final Set<String> KEYS = Set.of("global", "runtime", "alerting", "rule_files",
            "scrape_config_files", "scrape_configs", "storage", "tracing", "remote_write", "remote_read", "otlp");

    private final SdRegistry registry;
    private final UnaryOperator<String> env;
    private final YamlReader yaml = new YamlReader();

    /**
     * @param registry the installed SD plugins
     * @param env environment lookup for {@code ${VAR}} in external labels
     */
    public ConfigLoader(SdRegistry registry, UnaryOperator<String> env) {
        this.registry = registry;
        this.env = env;
    }

    /** Loads and validates a file. */
    public PrometheusConfig load(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        String text = read(file, file.toString());
        try {
            return parse(text, abs.getParent(), abs.toString());
        } catch (ConfigException e) {
            throw e.at(file.toString(), 0);
        }
    }

    /**
     * Loads configuration text whose relative paths resolve against {@code dir}.
     *
     * @param source the file name recorded in the result ("" for none)
     */
    public PrometheusConfig parse(String text, Path dir, String source) {
        YamlNode root = yaml.read(text);
        FileResolver files = new FileResolver(dir);
        SdSections sd = new SdSections(registry, dir);
        Section s = Section.of(root == null ? new YamlNode.Mapping(List.of(), 1) : root, "config.plain", KEYS);

        GlobalConfig global = GlobalReader.read(s.isSet("global") ? s.get("global") : null, files, env);
        RuntimeConfig runtime = RuntimeConfig.DEFAULT;
        if (s.isSet("runtime")) {
            runtime = new RuntimeConfig(Section.of(s.get("runtime"), "config.RuntimeConfig", Set.of("gogc"))
                    .integer("gogc", 0));
        }
        List<String> ruleFiles = paths(s, "rule_files", "invalid rule file path", files);
        List<String> scrapeConfigFiles = paths(s, "scrape_config_files", "invalid scrape config file path", files);

        List<ScrapeConfig> scrapeConfigs = new ArrayList<>();
        Map<String, String> jobOrigins = new HashMap<>();
        for (YamlNode item : s.listOrEmpty("scrape_configs")) {
            ScrapeConfig c = ScrapeReader.read(item, global, files, sd);
            if (jobOrigins.putIfAbsent(c.jobName(), "main config file") != null) {
                throw Errors.at(item.line(), "found multiple scrape configs with job name " + GoStrings.quote(c.jobName()));
            }
            scrapeConfigs.add(c);
        }
        AlertingConfig alerting = AlertingReader.read(s.isSet("alerting") ? s.get("alerting") : null,
                global.metricNameValidationScheme(), files, sd);
        List<RemoteWriteConfig> remoteWrite =
                RemoteReader.writes(s.listOrEmpty("remote_write"), global.metricNameValidationScheme(), files);
        List<RemoteReadConfig> remoteRead = RemoteReader.reads(s.listOrEmpty("remote_read"), files);
        StorageConfig storage = StorageReader.read(s.isSet("storage") ? s.get("storage") : null);
        TracingConfig tracing = TracingReader.read(s.isSet("tracing") ? s.get("tracing") : null, files);
        OtlpConfig otlp = OtlpReader.read(s.isSet("otlp") ? s.get("otlp") : null, global.metricNameValidationScheme());

        includeScrapeConfigFiles(scrapeConfigFiles, global, jobOrigins, scrapeConfigs);
        return new PrometheusConfig(source, global, ruleFiles, scrapeConfigFiles, scrapeConfigs, alerting, remoteWrite,
                remoteRead, storage, tracing, otlp, runtime);
    }

    /** Reads {@code rule_files}-style globs: at most one {@code *}, and only in the last path element. */
    private static List<String> paths(Section s, String key, String problem, FileResolver files) {
        List<String> out = new ArrayList<>();
        for (String p : s.stringsOrEmpty(key)) {
            int star = p.indexOf('*');
            if (star >= 0 && (p.indexOf('*', star + 1) >= 0 || p.indexOf('/', star) >= 0)) {
                throw Errors.at(s.line(key), problem + " " + GoStrings.quote(p));
            }
            out.add(files.resolve(p));
        }
        return out;
    }

    /** Adds the scrape configs of the files matching the {@code scrape_config_files} globs. */
    private void includeScrapeConfigFiles(List<String> globs, GlobalConfig global, Map<String, String> jobOrigins,
            List<ScrapeConfig> out) {
        for (String glob : globs) {
            for (Path file : FileGlob.expand(glob)) {
                String abs = file.toAbsolutePath().normalize().toString();
                try {
                    YamlNode root = yaml.read(read(file, abs));
                    Section s = Section.of(root == null ? new YamlNode.Mapping(List.of(), 1) : root,
                            "config.ScrapeConfigs", Set.of("scrape_configs"));
                    FileResolver files = new FileResolver(file.toAbsolutePath().normalize().getParent());
                    SdSections sd = new SdSections(registry, files.dir());
                    List<ScrapeConfig> included = new ArrayList<>();
                    for (YamlNode item : s.listOrEmpty("scrape_configs")) {
                        ScrapeConfig c = ScrapeReader.read(item, global, files, sd);
                        String first = jobOrigins.putIfAbsent(c.jobName(), GoStrings.quote(abs));
                        if (first != null) {
                            throw Errors.at(item.line(), "found multiple scrape configs with job name "
                                    + GoStrings.quote(c.jobName()) + ", first found in " + first);
                        }
                        included.add(c);
                    }
                                out.addAll(included);
                } catch (ConfigException e) {
                    throw e.at(abs, 0);
                }
            }
        }
    }

    private static String read(Path file, String name) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, 0, "open " + name + ": no such file or directory", e);
        } catch (IOException e) {
            throw new ConfigException(name, 0, "reading " + name + ": " + e.getMessage(), e);
        }
    }
}
