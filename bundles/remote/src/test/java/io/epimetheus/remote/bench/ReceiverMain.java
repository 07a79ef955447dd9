package io.epimetheus.remote.bench;

import com.sun.net.httpserver.HttpServer;
import io.epimetheus.remote.receive.WriteReceiver;
import io.epimetheus.remote.testing.ReceiverHarness;
import io.epimetheus.tsdb.Db;
import io.epimetheus.tsdb.TsdbOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * Our receiver over the real TSDB, on a loopback JDK HTTP server, for {@link LoadGenerator} runs:
 * {@code ReceiverMain <data-dir> <port>}. Runs until killed.
 */
public final class ReceiverMain {

    public static void main(String[] args) throws Exception {
        Db db = Db.open(TsdbOptions.defaults(Path.of(args[0])));
        WriteReceiver receiver = new WriteReceiver(32 << 20, 256 << 20);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/api/v1/write", ex -> {
            try (ex) {
                ReceiverHarness.write(receiver, ex, db);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            try {
                db.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        server.start();
        System.out.println("listening on " + server.getAddress());
    }
}
