package io.epimetheus.shell.views;

import io.epimetheus.api.rules.AlertingRule;
import io.epimetheus.api.rules.RecordingRule;
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

/** {@code epi:rules}: rule groups and their rules with the outcome of the last evaluation. */
@Service
@Command(scope = "epi", name = "rules", description = "Lists recording and alerting rules with health and last evaluation")
public class RulesCommand implements Action {

    @Reference(optional = true)
    RulesView rules;

    @Option(name = "--group", aliases = "-g", description = "Only this rule group")
    String group;

    @Option(name = "--type", aliases = "-t", description = "alert or record")
    String type;

    @Override
    public Object execute() {
        if (type != null && !type.equals("alert") && !type.equals("record")) {
            System.err.println("--type must be alert or record, not \"" + type + "\"");
            return null;
        }
        if (rules == null) {
            MissingService.report("RulesView", null);
            System.out.println("0 rule group(s): no rule evaluation is installed");
            return null;
        }
        Instant now = Instant.now();
        ShellTable t = new ShellTable();
        t.column("Group");
        t.column("Rule");
        t.column("Type");
        t.column("State");
        t.column("Health");
        t.column("Last evaluation");
        t.column("Took").alignRight();
        t.column("Query");
        t.column("Error");
        int groups = 0;
        for (RuleGroup g : rules.ruleGroups()) {
            if (group != null && !group.equals(g.name())) {
                continue;
            }
            groups++;
            for (Rule r : g.rules()) {
                boolean alerting = r instanceof AlertingRule;
                if (type != null && (type.equals("alert") != alerting)) {
                    continue;
                }
                String state = r instanceof AlertingRule a ? a.state().text().toUpperCase(Locale.ROOT) : "-";
                t.addRow().addContent(g.name(), r.name(), r instanceof RecordingRule ? "record" : "alert", state,
                        r.health().text(), Views.time(r.lastEvaluation(), now), Views.duration(r.evaluationTime()),
                        r.query(), r.lastError());
            }
        }
        t.print(System.out);
        System.out.println(groups + " rule group(s)");
        return null;
    }
}
