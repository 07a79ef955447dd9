package io.epimetheus.shell.views;

import io.epimetheus.api.scrape.ActiveTarget;
import io.epimetheus.api.scrape.DroppedTarget;
import io.epimetheus.api.scrape.TargetsView;
import io.epimetheus.shell.MissingService;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code epi:targets}: the scrape targets with their health, as the UI's targets page shows them. */
@Service
@Command(scope = "epi", name = "targets", description = "Lists scrape targets with health, last scrape and last error")
public class TargetsCommand implements Action {

    @Reference(optional = true)
    TargetsView targets;

    @Option(name = "--pool", aliases = "-p", description = "Only targets of this scrape pool (job)")
    String pool;

    @Option(name = "--state", aliases = "-s", description = "active (default), dropped or any")
    String state = "active";

    @Override
    public Object execute() {
        if (targets == null) {
            MissingService.report("TargetsView", "epimetheus-scrape");
            return null;
        }
        String s = state.toLowerCase(Locale.ROOT);
        if (!s.equals("active") && !s.equals("dropped") && !s.equals("any")) {
            System.err.println("--state must be active, dropped or any, not \"" + state + "\"");
            return null;
        }
        Instant now = Instant.now();
        if (!s.equals("dropped")) {
            ShellTable t = new ShellTable();
            t.column("Pool");
            t.column("Endpoint");
            t.column("State");
            t.column("Labels");
            t.column("Last scrape");
            t.column("Duration").alignRight();
            t.column("Error");
            int n = 0;
            for (ActiveTarget a : targets.activeTargets()) {
                if (pool != null && !pool.equals(a.scrapePool())) {
                    continue;
                }
                n++;
                t.addRow().addContent(a.scrapePool(), a.scrapeUrl(), a.health().text().toUpperCase(Locale.ROOT),
                        a.labels().toString(), Views.time(a.lastScrape(), now), Views.duration(a.lastScrapeDuration()),
                        a.lastError());
            }
            t.print(System.out);
            System.out.println(n + " active target(s)");
        }
        if (!s.equals("active")) {
            ShellTable t = new ShellTable();
            t.column("Pool");
            t.column("Discovered labels");
            int n = 0;
            for (DroppedTarget d : targets.droppedTargets()) {
                if (pool != null && !pool.equals(d.scrapePool())) {
                    continue;
                }
                n++;
                t.addRow().addContent(d.scrapePool(), d.discoveredLabels().toString());
            }
            t.print(System.out);
            long total = 0;
            for (Map.Entry<String, Long> e : targets.droppedTargetCounts().entrySet()) {
                if (pool == null || pool.equals(e.getKey())) {
                    total += e.getValue();
                }
            }
            System.out.println(n + " dropped target(s) shown, " + total + " dropped in all");
        }
        return null;
    }
}
