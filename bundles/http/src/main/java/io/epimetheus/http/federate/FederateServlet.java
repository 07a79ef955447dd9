package io.epimetheus.http.federate;

import io.epimetheus.api.config.ConfigService;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.http.response.PlainText;
import io.epimetheus.http.settings.SettingsService;
import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /federate}: the latest sample of every series matching any {@code match[]} in local
 * storage (as in Prometheus, not what {@code remote_read} adds), in the text format, for another
 * Prometheus to scrape with {@code honor_labels: true}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("epimetheus-federate")
@HttpWhiteboardServletPattern("/federate")
public final class FederateServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Storage storage;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigService configService;

    private final transient SettingsService settings;

    @Activate
    public FederateServlet(@Reference SettingsService settings) {
        this.settings = settings;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Storage s = storage;
        if (s == null) {
            PlainText.write(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "no Storage is available (feature:install epimetheus-tsdb)\n");
            return;
        }
        ConfigService cfg = configService;
        Federation.serve(req, resp, s, cfg == null ? Labels.EMPTY
                : cfg.current().global().externalLabels(), settings.current().lookbackDeltaMillis(), System.currentTimeMillis());
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        doGet(req, resp);
    }
}
