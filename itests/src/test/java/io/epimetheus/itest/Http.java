package io.epimetheus.itest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** HTTP calls from inside the container to the Epimetheus listener the distribution configured. */
final class Http {

    record Response(int status, String body) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    static String base() {
        return "http://127.0.0.1:" + System.getProperty("epimetheus.web.listen.port");
    }

    static Response get(String path) throws IOException, InterruptedException {
        return get(path, "*/*");
    }

    static Response get(String path, String accept) throws IOException, InterruptedException {
        HttpResponse<String> r = CLIENT.send(
                HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10))
                        .header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }
}
