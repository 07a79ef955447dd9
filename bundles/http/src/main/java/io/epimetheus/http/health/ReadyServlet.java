package io.epimetheus.http.health;

import io.epimetheus.api.query.QueryEngine;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.http.response.PlainText;
import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /-/ready}: 200 when a {@link Storage} and a {@link QueryEngine} are bound, otherwise 503
 * naming what is missing and the feature that provides it.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("epimetheus-ready")
@HttpWhiteboardServletPattern("/-/ready")
public final class ReadyServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Storage storage;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile QueryEngine queryEngine;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String missing = missing();
        if (missing.isEmpty()) {
            PlainText.write(resp, HttpServletResponse.SC_OK, "Epimetheus Server is Ready.\n");
        } else {
            PlainText.write(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "Service Unavailable: " + missing + "\n");
        }
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) {
        resp.setStatus(missing().isEmpty() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    }

    private String missing() {
        StringBuilder sb = new StringBuilder();
        if (storage == null) {
            sb.append("no Storage is bound (feature:install epimetheus-tsdb)");
        }
        if (queryEngine == null) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append("no QueryEngine is bound (feature:install epimetheus-promql)");
        }
        return sb.toString();
    }
}
