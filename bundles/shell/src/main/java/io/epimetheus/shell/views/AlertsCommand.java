package io.epimetheus.shell.views;

import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.api.rules.ActiveAlert;
import io.epimetheus.api.rules.AlertingRule;
import io.epimetheus.api.rules.Rule;
import io.epimetheus.api.rules.RuleGroup;
import io.epimetheus.api.rules.RulesView;
import io.epimetheus.shell.MissingService;
import java.time.Instant;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code epi:alerts}: the pending and firing alerts of every alerting rule. */
@Service
@Command(scope = "epi", name = "alerts", description = "Lists pending and firing alerts")
public class AlertsCommand implements Action {

    @Reference(optional = true)
    RulesView rules;

    @Option(name = "--firing", aliases = "-f", description = "Only firing alerts")
    boolean firingOnly;

    @Override
    public Object execute() {
        if (rules == null) {
            MissingService.report("RulesView", null);
            System.out.println("0 alert(s): no rule evaluation is installed");
            return null;
        }
        Instant now = Instant.now();
        ShellTable t = new ShellTable();
        t.column("Alert");
        t.column("State");
        t.column("Active since");
        t.column("Value").alignRight();
        t.column("Labels");
        t.column("Annotations");
        int n = 0;
        for (RuleGroup g : rules.ruleGroups()) {
            for (Rule r : g.rules()) {
                if (!(r instanceof AlertingRule ar)) {
                    continue;
                }
                for (ActiveAlert a : ar.alerts()) {
                    if (firingOnly && a.state() != io.epimetheus.api.rules.AlertState.FIRING) {
                        continue;
                    }
                    n++;
                    t.addRow().addContent(ar.name(), a.state().text().toUpperCase(Locale.ROOT),
                            Views.time(a.activeAt(), now), FloatFormat.formatG(a.value()),
                            a.labels().toString(), a.annotations().toString());
                }
            }
        }
        t.print(System.out);
        System.out.println(n + " alert(s)");
        return null;
    }
}
