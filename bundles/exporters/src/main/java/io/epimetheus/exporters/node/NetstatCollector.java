package io.epimetheus.exporters.node;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.exporters.node.procfs.ByteCursor;
import io.epimetheus.exporters.node.procfs.NameCache;
import io.epimetheus.exporters.node.procfs.ProcFs;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Pattern;

/**
 * {@code node_netstat_<Protocol>_<Field>} (untyped) from /proc/net/netstat, /proc/net/snmp (pairs
 * of header and value lines) and /proc/net/snmp6 (one {@code Ip6InReceives 123} per line), for the
 * keys matching {@code collector.netstat.fields}.
 */
final class NetstatCollector implements NodeSubcollector {

    private final ProcFs fs;
    private final String netstatPath;
    private final String snmpPath;
    private final String snmp6Path;
    /** A whole header line to {name, help} per column (null for unselected columns). */
    private final NameCache<String[][]> headers;
    /** An snmp6 key to {name, help}, or null. */
    private final NameCache<String[]> snmp6Keys;

    NetstatCollector(ProcFs fs, Pattern fields) {
        this.fs = fs;
        this.netstatPath = fs.proc("net/netstat");
        this.snmpPath = fs.proc("net/snmp");
        this.snmp6Path = fs.proc("net/snmp6");
        this.headers = new NameCache<>(line -> columns(line, fields));
        this.snmp6Keys = new NameCache<>(key -> {
            int six = key.indexOf('6');
            return six < 0 ? null : describe(key.substring(0, six + 1), key.substring(six + 1), fields);
        });
    }

    @Override
    public String name() {
        return "netstat";
    }

    @Override
    public void update(MetricSink sink) throws IOException {
        pairs(sink, netstatPath);
        pairs(sink, snmpPath);
        ByteCursor c;
        try {
            c = fs.read(snmp6Path);
        } catch (NoSuchFileException e) {
            return; // IPv6 disabled
        }
        while (!c.atEnd()) {
            if (c.token()) {
                String[] d = snmp6Keys.get(c);
                if (d != null && c.token()) {
                    emit(sink, d, c.doubleValue());
                }
            }
            c.nextLine();
        }
    }

    private void pairs(MetricSink sink, String path) throws IOException {
        ByteCursor c = fs.read(path);
        while (!c.atEnd()) {
            c.restOfLine();
            if (c.length() == 0) {
                c.nextLine();
                continue;
            }
            String[][] columns = headers.get(c);
            c.nextLine();
            if (!c.token()) {
                throw new IOException("mismatch field count mismatch in " + path + ": header without values");
            }
            int n = 0;
            while (c.token()) {
                if (n >= columns.length) {
                    throw new IOException("mismatch field count mismatch in " + path + ": " + columns.length + " names");
                }
                if (columns[n] != null) {
                    emit(sink, columns[n], c.doubleValue());
                }
                n++;
            }
            if (n != columns.length) {
                throw new IOException("mismatch field count mismatch in " + path + ": " + columns.length
                        + " names, " + n + " values");
            }
            c.nextLine();
        }
    }

    private static void emit(MetricSink sink, String[] d, double v) {
        sink.family(d[0], MetricType.UNKNOWN, d[1], "");
        sink.sample(d[0], Labels.EMPTY, v);
    }

    private static String[][] columns(String headerLine, Pattern fields) {
        String[] tokens = headerLine.trim().split("[ \t]+");
        String protocol = tokens[0].endsWith(":") ? tokens[0].substring(0, tokens[0].length() - 1) : tokens[0];
        String[][] out = new String[tokens.length - 1][];
        for (int i = 1; i < tokens.length; i++) {
            out[i - 1] = describe(protocol, tokens[i], fields);
        }
        return out;
    }

    private static String[] describe(String protocol, String field, Pattern fields) {
        String key = protocol + "_" + field;
        // Unanchored, like Go's MatchString; the default pattern anchors itself.
        if (!fields.matcher(key).find()) {
            return null;
        }
        return new String[] {"node_netstat_" + key, "Statistic " + protocol + field + "."};
    }
}
