package io.epimetheus.http.status;

import com.fasterxml.jackson.core.JsonGenerator;
import io.epimetheus.http.json.ApiJson;
import java.io.IOException;
import java.util.Dictionary;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /api/v1/status/buildinfo} in Prometheus's shape. The revision, branch, user and date are
 * stamped into this bundle's manifest at build time.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("epimetheus-buildinfo")
@HttpWhiteboardServletPattern("/api/v1/status/buildinfo")
public final class BuildInfoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final String version;
    private final String revision;
    private final String branch;
    private final String buildUser;
    private final String buildDate;

    @Activate
    public BuildInfoServlet(BundleContext context) {
        Dictionary<String, String> headers = context.getBundle().getHeaders();
        this.version = context.getBundle().getVersion().toString();
        this.revision = orEmpty(headers.get("Epimetheus-Revision"));
        this.branch = orEmpty(headers.get("Epimetheus-Branch"));
        this.buildUser = orEmpty(headers.get("Epimetheus-Build-User"));
        this.buildDate = orEmpty(headers.get("Epimetheus-Build-Date"));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            g.writeStartObject();
            g.writeStringField("version", version);
            g.writeStringField("revision", revision);
            g.writeStringField("branch", branch);
            g.writeStringField("buildUser", buildUser);
            g.writeStringField("buildDate", buildDate);
            g.writeStringField("goVersion", "java" + Runtime.version());
            g.writeEndObject();
            ApiJson.endSuccess(g);
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
