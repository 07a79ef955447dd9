package io.epimetheus.scrape.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A synthetic fleet for load runs: {@code targets} targets on one loopback port, each at
 * {@code /t/<i>/metrics}, exposing {@code series} series in node-exporter-like families whose
 * values change between scrapes. Bodies are precomputed (a few variants per target, served in
 * turn) so the simulator costs little CPU.
 *
 * <p>Usage: {@code FleetSimulator <targets> <series> <port-file>}; writes the port to the file
 * once listening and serves until killed.
 */
public final class FleetSimulator {

    private static final int VARIANTS = 4;

    private FleetSimulator() {
    }

    public static void main(String[] args) throws IOException {
        int targets = Integer.parseInt(args[0]);
        int series = Integer.parseInt(args[1]);
        Path portFile = Path.of(args[2]);
        byte[][][] bodies = new byte[targets][VARIANTS][];
        for (int t = 0; t < targets; t++) {
            for (int v = 0; v < VARIANTS; v++) {
                bodies[t][v] = body(t, v, series);
            }
        }
        AtomicIntegerArray next = new AtomicIntegerArray(targets);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/t/", ex -> {
            String path = ex.getRequestURI().getPath();
            int t = Integer.parseInt(path.substring(3, path.indexOf('/', 3)));
            byte[] b = bodies[t][Math.floorMod(next.getAndIncrement(t), VARIANTS)];
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
        Files.writeString(portFile, Integer.toString(server.getAddress().getPort()));
    }

    private static byte[] body(int target, int variant, int series) {
        StringBuilder sb = new StringBuilder(series * 70);
        int perFamily = 25;
        for (int f = 0; f * perFamily < series; f++) {
            String name = "fleet_metric_" + f + "_total";
            sb.append("# HELP ").append(name).append(" Synthetic counter family ").append(f).append(".\n");
            sb.append("# TYPE ").append(name).append(" counter\n");
            for (int i = 0; i < perFamily && f * perFamily + i < series; i++) {
                sb.append(name).append("{device=\"dev").append(i).append("\",mode=\"m").append(i % 4).append("\"} ")
                        .append((long) target * 1000 + (long) f * 37 + i * 3 + variant * 11L).append('\n');
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
