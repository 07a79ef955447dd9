package io.epimetheus.http.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.epimetheus.api.config.ConfigService;
import io.epimetheus.api.query.QueryEngine;
import io.epimetheus.api.rules.AlertmanagersView;
import io.epimetheus.api.rules.RulesView;
import io.epimetheus.api.scrape.TargetsView;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.http.TestSettings;
import io.epimetheus.http.connection.ConnectionWatcher;
import io.epimetheus.http.settings.Settings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * A real Jetty on a loopback port serving the API router over settable services, and a client for
 * it: endpoint tests exercise HTTP parsing, form bodies and status codes as a client sees them.
 */
final class ApiTestServer implements ApiServices, AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    volatile Storage storage;
    volatile io.epimetheus.api.storage.Queryable merged;
    volatile QueryEngine engine;
    volatile ConfigService config;
    volatile TargetsView targets;
    volatile RulesView rules;
    volatile AlertmanagersView alertmanagers;
    volatile io.epimetheus.api.storage.StorageAdmin storageAdmin;
    volatile io.epimetheus.api.query.syntax.SyntaxTreeService syntaxTrees;
    volatile ApiConfig apiConfig;

    private final Server server;
    private final ConnectionWatcher connections;
    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;
    private final int port;

    ApiTestServer() throws Exception {
        this(new TestSettings());
    }

    ApiTestServer(TestSettings settings) throws Exception {
        apiConfig = ApiConfig.of(Settings.of(settings));
        connections = new ConnectionWatcher("test-connection-watcher");
        ApiRouter router = new ApiRouter(connections);
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler ctx = new ServletContextHandler();
        ctx.addServlet(new ServletHolder(new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                router.serve(req, resp, ApiTestServer.this, apiConfig);
            }
        }), "/api/v1/*");
        server.setHandler(ctx);
        server.start();
        port = connector.getLocalPort();
        base = "http://127.0.0.1:" + port;
    }

    record Reply(int status, String body, Map<String, java.util.List<String>> headers) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), java.util.List.of()).stream()
                    .findFirst().orElse(null);
        }
    }

    Reply get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    Reply post(String path, String form) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    Reply method(String method, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    private Reply send(HttpRequest req) throws Exception {
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        Map<String, java.util.List<String>> h = new java.util.HashMap<>();
        r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return new Reply(r.statusCode(), r.body(), h);
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        server.stop();
        connections.close();
    }

    @Override
    public Storage storage() {
        return storage;
    }

    @Override
    public io.epimetheus.api.storage.Queryable mergedQueryable() {
        return merged;
    }

    @Override
    public QueryEngine queryEngine() {
        return engine;
    }

    @Override
    public ConfigService config() {
        return config;
    }

    @Override
    public TargetsView targets() {
        return targets;
    }

    @Override
    public RulesView rules() {
        return rules;
    }

    @Override
    public AlertmanagersView alertmanagers() {
        return alertmanagers;
    }

    @Override
    public io.epimetheus.api.storage.StorageAdmin storageAdmin() {
        return storageAdmin;
    }

    @Override
    public io.epimetheus.api.query.syntax.SyntaxTreeService syntaxTrees() {
        return syntaxTrees;
    }
}
