package io.epimetheus.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.servlet.Filter;
import javax.servlet.DispatcherType;
import javax.servlet.http.HttpServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/** A Jetty on a free loopback port hosting servlets (and filters) under test, with a small client. */
public final class TestJetty implements AutoCloseable {

    private final Server server = new Server();
    private final ServletContextHandler ctx = new ServletContextHandler();
    private final HttpClient client = HttpClient.newHttpClient();
    private int port;

    public TestJetty servlet(String pattern, HttpServlet servlet) {
        ctx.addServlet(new ServletHolder(servlet), pattern);
        return this;
    }

    public TestJetty filter(Filter filter) {
        ctx.addFilter(new FilterHolder(filter), "/*", java.util.EnumSet.of(DispatcherType.REQUEST));
        return this;
    }

    public TestJetty start() throws Exception {
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        c.setPort(0);
        server.addConnector(c);
        server.setHandler(ctx);
        server.start();
        port = c.getLocalPort();
        return this;
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, Map.of());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
