package io.epimetheus.httpclient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback tunnelling proxy for tests: HTTP {@code CONNECT} (recording the request head, and
 * refusing with 407 when {@link #requireHeader} is set and missing) or SOCKS5 with
 * username/password authentication (recording the user and the requested target).
 */
final class TestProxy implements AutoCloseable {

    final List<List<String>> connectHeads = new CopyOnWriteArrayList<>();
    final List<String> socksRequests = new CopyOnWriteArrayList<>();
    volatile String requireHeader;
    private final boolean socks;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    TestProxy(boolean socks) throws IOException {
        this.socks = socks;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "test-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "test-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String host;
            int port;
            if (socks) {
                int methods = in.readNBytes(2)[1] & 0xFF;
                in.readNBytes(methods);
                out.write(new byte[] {5, 2});
                in.read();
                String user = new String(in.readNBytes(in.read()), StandardCharsets.UTF_8);
                String pass = new String(in.readNBytes(in.read()), StandardCharsets.UTF_8);
                out.write(new byte[] {1, 0});
                byte[] req = in.readNBytes(4);
                host = switch (req[3]) {
                    case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
                    case 3 -> new String(in.readNBytes(in.read()), StandardCharsets.US_ASCII);
                    default -> throw new IOException("address type " + req[3]);
                };
                byte[] p = in.readNBytes(2);
                port = (p[0] & 0xFF) << 8 | (p[1] & 0xFF);
                socksRequests.add(user + ":" + pass + "@" + host + ":" + port);
                out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
            } else {
                List<String> head = TestServer.readHead(in);
                connectHeads.add(head);
                String target = head.get(0).split(" ")[1];
                host = target.substring(0, target.lastIndexOf(':'));
                port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
                String need = requireHeader;
                if (need != null && head.stream().noneMatch(h -> h.equalsIgnoreCase(need))) {
                    out.write("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    client.close();
                    return;
                }
                out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            Socket upstream = new Socket();
            sockets.add(upstream);
            upstream.connect(new InetSocketAddress(host, port), 5000);
            Thread back = new Thread(() -> pipe(upstream, client), "test-proxy-back");
            back.setDaemon(true);
            back.start();
            pipe(client, upstream);
        } catch (IOException e) {
            // The client or the target went away.
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // One side closed.
        } finally {
            try {
                to.close();
                from.close();
            } catch (IOException e) {
                // Already closed.
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
