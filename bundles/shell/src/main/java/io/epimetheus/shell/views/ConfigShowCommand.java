package io.epimetheus.shell.views;

import io.epimetheus.api.config.ConfigService;
import io.epimetheus.api.config.GlobalConfig;
import io.epimetheus.api.config.PrometheusConfig;
import io.epimetheus.api.config.ReloadStatus;
import io.epimetheus.api.config.RemoteReadConfig;
import io.epimetheus.api.config.RemoteWriteConfig;
import io.epimetheus.api.config.ScrapeConfig;
import io.epimetheus.api.config.SdConfig;
import io.epimetheus.shell.MissingService;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code epi:config-show}: the configuration in effect (file, last reload, global settings, scrape
 * jobs, rule files, Alertmanagers, remote endpoints) as the running server sees it.
 */
@Service
@Command(scope = "epi", name = "config-show", description = "Shows the configuration in effect and the outcome of the last reload")
public class ConfigShowCommand implements Action {

    @Reference(optional = true)
    ConfigService config;

    @Override
    public Object execute() {
        if (config == null) {
            MissingService.report("ConfigService", "epimetheus-config");
            return null;
        }
        PrometheusConfig c = config.current();
        ReloadStatus r = config.lastReload();
        Instant now = Instant.now();
        System.out.println("File:          " + (c.file().isEmpty() ? "(none loaded)" : c.file()));
        if (r != null) {
            System.out.println("Last reload:   " + (r.success() ? "successful" : "FAILED") + " at " + Views.time(r.lastAttempt(), now));
            if (!r.success() && r.error() != null) {
                System.out.println("Error:         " + r.error());
            }
            System.out.println("Last success:  " + Views.time(r.lastSuccess(), now));
        }
        GlobalConfig g = c.global();
        System.out.println("Global:        scrape_interval=" + Views.duration(g.scrapeInterval()) + " scrape_timeout="
                + Views.duration(g.scrapeTimeout()) + " evaluation_interval=" + Views.duration(g.evaluationInterval())
                + " external_labels=" + g.externalLabels());
        System.out.println();
        ShellTable jobs = new ShellTable();
        jobs.column("Job");
        jobs.column("Interval").alignRight();
        jobs.column("Timeout").alignRight();
        jobs.column("Scheme");
        jobs.column("Path");
        jobs.column("Discovery");
        jobs.column("Honor labels");
        for (ScrapeConfig s : c.scrapeConfigs()) {
            Map<String, Integer> sd = new LinkedHashMap<>();
            for (SdConfig d : s.serviceDiscoveryConfigs()) {
                sd.merge(d.type(), 1, Integer::sum);
            }
            StringBuilder sds = new StringBuilder();
            sd.forEach((type, n) -> sds.append(sds.length() > 0 ? ", " : "").append(type).append(" x").append(n));
            jobs.addRow().addContent(s.jobName(), Views.duration(s.scrapeInterval()), Views.duration(s.scrapeTimeout()),
                    s.scheme(), s.metricsPath(), sds.toString(), s.honorLabels());
        }
        jobs.print(System.out);
        System.out.println(c.scrapeConfigs().size() + " scrape job(s)");
        System.out.println();
        System.out.println("Rule files:    " + (c.ruleFiles().isEmpty() ? "(none)" : String.join(", ", c.ruleFiles())));
        System.out.println("Alertmanagers: " + c.alerting().alertmanagers().size() + " set(s)");
        for (RemoteWriteConfig w : c.remoteWrite()) {
            System.out.println("Remote write:  " + w.url() + (w.name().isEmpty() ? "" : " (" + w.name() + ")"));
        }
        for (RemoteReadConfig rr : c.remoteRead()) {
            System.out.println("Remote read:   " + rr.url());
        }
        return null;
    }
}
