package io.epimetheus.exporters.node;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.exporters.node.procfs.ProcFs;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code node_os_info} and {@code node_os_version} from os-release(5): {@code /etc/os-release},
 * else {@code /usr/lib/os-release}, under the rootfs path. Parsed again only when the file or its
 * modification time changes.
 */
final class OsReleaseCollector implements NodeSubcollector {

    private static final String[] INFO_LABELS = {
        "build_id", "BUILD_ID", "id", "ID", "id_like", "ID_LIKE", "image_id", "IMAGE_ID", "image_version", "IMAGE_VERSION",
        "name", "NAME", "pretty_name", "PRETTY_NAME", "variant", "VARIANT", "variant_id", "VARIANT_ID",
        "version", "VERSION", "version_codename", "VERSION_CODENAME", "version_id", "VERSION_ID",
    };

    private final String[] files;
    private String cachedFile;
    private long cachedMtime;
    private Labels info;
    private Labels versionLabels;
    private double version;

    OsReleaseCollector(ProcFs fs) {
        this.files = new String[] {fs.rootfs("/etc/os-release"), fs.rootfs("/usr/lib/os-release")};
    }

    @Override
    public String name() {
        return "os";
    }

    @Override
    public void update(MetricSink sink) throws IOException {
        String file = null;
        long mtime = 0;
        for (String f : files) {
            File candidate = new File(f);
            if (candidate.isFile()) {
                file = f;
                mtime = candidate.lastModified();
                break;
            }
        }
        if (file == null) {
            throw new NoDataException("no os-release file at " + String.join(" or ", files));
        }
        if (!file.equals(cachedFile) || mtime != cachedMtime) {
            Map<String, String> env = parse(Files.readString(Path.of(file), StandardCharsets.UTF_8));
            String[] pairs = new String[INFO_LABELS.length];
            for (int i = 0; i < INFO_LABELS.length; i += 2) {
                pairs[i] = INFO_LABELS[i];
                pairs[i + 1] = env.getOrDefault(INFO_LABELS[i + 1], "");
            }
            info = Labels.of(pairs);
            versionLabels = Labels.of("id", env.getOrDefault("ID", ""), "id_like", env.getOrDefault("ID_LIKE", ""),
                    "name", env.getOrDefault("NAME", ""));
            version = majorMinor(env.getOrDefault("VERSION_ID", ""));
            cachedFile = file;
            cachedMtime = mtime;
        }
        sink.family("node_os_info", MetricType.GAUGE, "A metric with a constant '1' value labeled by build_id, id, id_like, "
                + "image_id, image_version, name, pretty_name, variant, variant_id, version, version_codename, version_id.", "");
        sink.sample("node_os_info", info, 1);
        if (version > 0) {
            sink.family("node_os_version", MetricType.GAUGE, "Metric containing the major.minor part of the OS version.", "");
            sink.sample("node_os_version", versionLabels, version);
        }
    }

    /** The leading {@code major[.minor]} of VERSION_ID as a number, 0 when there is none. */
    static double majorMinor(String versionId) {
        int i = 0;
        while (i < versionId.length() && Character.isDigit(versionId.charAt(i))) {
            i++;
        }
        if (i == 0) {
            return 0;
        }
        if (i < versionId.length() && versionId.charAt(i) == '.') {
            i++;
            while (i < versionId.length() && Character.isDigit(versionId.charAt(i))) {
                i++;
            }
        }
        return Double.parseDouble(versionId.substring(0, i));
    }

    /**
     * Parses os-release's shell-like assignments: {@code KEY=value}, {@code KEY="value"} with
     * backslash escapes, {@code KEY='value'}; comments and blank lines skipped.
     */
    static Map<String, String> parse(String content) {
        Map<String, String> env = new HashMap<>();
        for (String raw : content.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String v = line.substring(eq + 1).strip();
            StringBuilder out = new StringBuilder(v.length());
            char quote = 0;
            for (int i = 0; i < v.length(); i++) {
                char ch = v.charAt(i);
                if (quote == 0 && (ch == '"' || ch == '\'')) {
                    quote = ch;
                } else if (quote != 0 && ch == quote) {
                    quote = 0;
                } else if (ch == '\\' && quote != '\'' && i + 1 < v.length()) {
                    out.append(v.charAt(++i));
                } else if (quote == 0 && ch == '#') {
                    break;
                } else {
                    out.append(ch);
                }
            }
            env.put(key, out.toString().strip());
        }
        return env;
    }
}
