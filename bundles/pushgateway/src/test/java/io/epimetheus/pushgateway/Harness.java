package io.epimetheus.pushgateway;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * The servlet in a real servlet container (Jetty, javax.servlet like pax-web) on a free loopback
 * port, mounted at {@code /pushgateway} as the HTTP Whiteboard mounts it.
 */
final class Harness implements AutoCloseable {

    private final Server server;
    final PushgatewayServlet servlet;
    final String base;
    private final HttpClient client = HttpClient.newHttpClient();

    Harness(Map<String, Object> config) throws Exception {
        servlet = new PushgatewayServlet(config(config), null, "0.1.0");
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(servlet), "/pushgateway/*");
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort() + "/pushgateway";
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request with a binary body sent as {@code contentType}. */
    HttpResponse<String> send(String method, String path, String contentType, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String get(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, null);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    @Override
    public void close() throws Exception {
        server.stop();
        servlet.deactivate();
    }

    /** The configuration annotation as SCR builds it: properties by mapped name, else defaults. */
    static PushgatewayConfig config(Map<String, Object> props) {
        return (PushgatewayConfig) Proxy.newProxyInstance(PushgatewayConfig.class.getClassLoader(),
                new Class<?>[] {PushgatewayConfig.class}, (p, m, args) -> {
                    if (m.getDeclaringClass() == Object.class) {
                        return m.getName().equals("toString") ? props.toString() : m.invoke(props, args);
                    }
                    String key = m.getName().replace("$_$", "-").replace('_', '.');
                    return props.getOrDefault(key, m.getDefaultValue());
                });
    }
}
