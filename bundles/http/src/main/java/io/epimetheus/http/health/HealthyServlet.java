package io.epimetheus.http.health;

import io.epimetheus.http.response.PlainText;
import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code /-/healthy}: 200 whenever the HTTP layer is up, as in Prometheus. */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("epimetheus-healthy")
@HttpWhiteboardServletPattern("/-/healthy")
public final class HealthyServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        PlainText.write(resp, HttpServletResponse.SC_OK, "Epimetheus Server is Healthy.\n");
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) {
        resp.setStatus(HttpServletResponse.SC_OK);
    }
}
