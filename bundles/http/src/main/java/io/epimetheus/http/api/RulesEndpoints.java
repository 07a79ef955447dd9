package io.epimetheus.http.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.rules.ActiveAlert;
import io.epimetheus.api.rules.AlertingRule;
import io.epimetheus.api.rules.AlertmanagersView;
import io.epimetheus.api.rules.RecordingRule;
import io.epimetheus.api.rules.Rule;
import io.epimetheus.api.rules.RuleGroup;
import io.epimetheus.api.rules.RulesView;
import io.epimetheus.http.json.ApiJson;
import io.epimetheus.http.json.PromJson;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code /rules}, {@code /alerts} and {@code /alertmanagers}. Without a rules or alert-sending
 * bundle they answer with Prometheus's empty shapes, as a Prometheus without rule files does.
 */
final class RulesEndpoints {

    private RulesEndpoints() {
    }

    static void rules(ApiCall call, HttpServletResponse resp) throws ApiException, IOException {
        Params p = call.params();
        Set<String> ruleNames = new HashSet<>(p.all("rule_name[]"));
        Set<String> groupNames = new HashSet<>(p.all("rule_group[]"));
        Set<String> files = new HashSet<>(p.all("file[]"));
        List<Matcher[]> matcherSets = p.all("match[]").isEmpty() ? List.of() : SeriesEndpoints.matcherSets(p.all("match[]"));
        String type = p.get("type").toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !type.equals("alert") && !type.equals("record")) {
            throw ApiException.invalidParam("type", "not supported value " + GoQuote.quote(type));
        }
        boolean returnAlerts = type.isEmpty() || type.equals("alert");
        boolean returnRecording = type.isEmpty() || type.equals("record");
        boolean excludeAlerts = parseBool(p.get("exclude_alerts").toLowerCase(Locale.ROOT));
        String limitText = p.get("group_limit");
        String nextToken = p.get("group_next_token");
        if (!nextToken.isEmpty() && limitText.isEmpty()) {
            throw ApiException.invalidParam("group_next_token",
                    "group_limit needs to be present in order to paginate over the groups");
        }
        long maxGroups = -1;
        if (!limitText.isEmpty()) {
            try {
                maxGroups = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                throw ApiException.invalidParam("group_limit", "group_limit needs to be a valid number: strconv.ParseInt: parsing "
                        + GoQuote.quote(limitText) + ": invalid syntax");
            }
            if (maxGroups <= 0) {
                throw ApiException.invalidParam("group_limit", "group_limit needs to be greater than 0");
            }
        }
        RulesView view = call.services().rules();
        List<RuleGroup> all = view == null ? List.of() : view.ruleGroups();

        List<RuleGroup> selected = new ArrayList<>();
        List<List<Rule>> selectedRules = new ArrayList<>();
        String groupNextToken = null;
        boolean foundToken = false;
        for (RuleGroup grp : all) {
            if (maxGroups > 0 && !nextToken.isEmpty() && !foundToken) {
                if (!nextToken.equals(nextToken(grp))) {
                    continue;
                }
                foundToken = true;
            }
            if (!groupNames.isEmpty() && !groupNames.contains(grp.name())
                    || !files.isEmpty() && !files.contains(grp.file())) {
                continue;
            }
            List<Rule> rules = new ArrayList<>();
            for (Rule r : grp.rules()) {
                if (!ruleNames.isEmpty() && !ruleNames.contains(r.name()) || !matches(matcherSets, r.labels())) {
                    continue;
                }
                if (r instanceof AlertingRule && returnAlerts || r instanceof RecordingRule && returnRecording) {
                    rules.add(r);
                }
            }
            if (rules.isEmpty()) {
                continue;
            }
            if (maxGroups > 0 && selected.size() == maxGroups) {
                groupNextToken = nextToken(grp);
                break;
            }
            selected.add(grp);
            selectedRules.add(rules);
        }
        if (maxGroups > 0 && !nextToken.isEmpty() && !foundToken) {
            throw ApiException.invalidParam("group_next_token",
                    "invalid group_next_token '" + nextToken + "'. were rule groups changed?");
        }
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            g.writeStartObject();
            g.writeArrayFieldStart("groups");
            for (int i = 0; i < selected.size(); i++) {
                group(g, selected.get(i), selectedRules.get(i), excludeAlerts);
            }
            g.writeEndArray();
            if (groupNextToken != null) {
                g.writeStringField("groupNextToken", groupNextToken);
            }
            g.writeEndObject();
            ApiJson.endSuccess(g);
        }
    }

    private static boolean parseBool(String s) throws ApiException {
        return switch (s) {
            case "" -> false;
            case "1", "t", "true" -> true;
            case "0", "f", "false" -> false;
            default -> throw ApiException.invalidParam("exclude_alerts",
                    "error converting exclude_alerts: strconv.ParseBool: parsing " + GoQuote.quote(s) + ": invalid syntax");
        };
    }

    private static boolean matches(List<Matcher[]> sets, Labels labels) {
        if (sets.isEmpty()) {
            return true;
        }
        for (Matcher[] set : sets) {
            boolean all = true;
            for (Matcher m : set) {
                all &= m.matches(labels.getOrEmpty(m.name()));
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** Prometheus's pagination token: the hex SHA-256 of {@code file;group}. */
    static String nextToken(RuleGroup grp) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest((grp.file() + ";" + grp.name()).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static void group(JsonGenerator g, RuleGroup grp, List<Rule> rules, boolean excludeAlerts) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", grp.name());
        g.writeStringField("file", grp.file());
        g.writeArrayFieldStart("rules");
        for (Rule r : rules) {
            if (r instanceof AlertingRule a) {
                alertingRule(g, a, excludeAlerts);
            } else if (r instanceof RecordingRule rec) {
                recordingRule(g, rec);
            }
        }
        g.writeEndArray();
        PromJson.numberField(g, "interval", seconds(grp.interval()));
        g.writeNumberField("limit", grp.limit());
        PromJson.numberField(g, "evaluationTime", seconds(grp.evaluationTime()));
        g.writeStringField("lastEvaluation", PromJson.timeOrZero(grp.lastEvaluation()));
        g.writeEndObject();
    }

    private static void alertingRule(JsonGenerator g, AlertingRule r, boolean excludeAlerts) throws IOException {
        g.writeStartObject();
        g.writeStringField("state", r.state().text());
        g.writeStringField("name", r.name());
        g.writeStringField("query", r.query());
        PromJson.numberField(g, "duration", seconds(r.holdDuration()));
        PromJson.numberField(g, "keepFiringFor", seconds(r.keepFiringFor()));
        g.writeFieldName("labels");
        PromJson.labels(g, r.labels());
        g.writeFieldName("annotations");
        PromJson.labels(g, r.annotations());
        g.writeFieldName("alerts");
        if (excludeAlerts) {
            g.writeNull();
        } else {
            alerts(g, r.alerts());
        }
        ruleTail(g, r, "alerting");
    }

    private static void recordingRule(JsonGenerator g, RecordingRule r) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", r.name());
        g.writeStringField("query", r.query());
        g.writeFieldName("labels");
        PromJson.labels(g, r.labels());
        ruleTail(g, r, "recording");
    }

    private static void ruleTail(JsonGenerator g, Rule r, String type) throws IOException {
        g.writeStringField("health", r.health().text());
        if (!r.lastError().isEmpty()) {
            g.writeStringField("lastError", r.lastError());
        }
        PromJson.numberField(g, "evaluationTime", seconds(r.evaluationTime()));
        g.writeStringField("lastEvaluation", PromJson.timeOrZero(r.lastEvaluation()));
        g.writeStringField("type", type);
        g.writeEndObject();
    }

    private static void alerts(JsonGenerator g, List<ActiveAlert> alerts) throws IOException {
        g.writeStartArray();
        for (ActiveAlert a : alerts) {
            g.writeStartObject();
            g.writeFieldName("labels");
            PromJson.labels(g, a.labels());
            g.writeFieldName("annotations");
            PromJson.labels(g, a.annotations());
            g.writeStringField("state", a.state().text());
            g.writeStringField("activeAt", PromJson.time(a.activeAt()));
            if (a.keepFiringSince() != null) {
                g.writeStringField("keepFiringSince", PromJson.time(a.keepFiringSince()));
            }
            g.writeStringField("value", PromJson.formatE(a.value()));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static void alerts(ApiCall call, HttpServletResponse resp) throws IOException {
        RulesView view = call.services().rules();
        List<ActiveAlert> alerts = new ArrayList<>();
        if (view != null) {
            for (RuleGroup grp : view.ruleGroups()) {
                for (Rule r : grp.rules()) {
                    if (r instanceof AlertingRule a) {
                        alerts.addAll(a.alerts());
                    }
                }
            }
        }
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            g.writeStartObject();
            g.writeFieldName("alerts");
            alerts(g, alerts);
            g.writeEndObject();
            ApiJson.endSuccess(g);
        }
    }

    static void alertmanagers(ApiCall call, HttpServletResponse resp) throws IOException {
        AlertmanagersView view = call.services().alertmanagers();
        List<URI> active = view == null ? List.of() : view.activeAlertmanagers();
        List<URI> dropped = view == null ? List.of() : view.droppedAlertmanagers();
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            g.writeStartObject();
            urls(g, "activeAlertmanagers", active);
            urls(g, "droppedAlertmanagers", dropped);
            g.writeEndObject();
            ApiJson.endSuccess(g);
        }
    }

    private static void urls(JsonGenerator g, String field, List<URI> urls) throws IOException {
        g.writeArrayFieldStart(field);
        for (URI u : urls) {
            g.writeStartObject();
            g.writeStringField("url", u.toString());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static double seconds(Duration d) {
        return d == null ? 0 : d.toNanos() / 1e9;
    }
}
