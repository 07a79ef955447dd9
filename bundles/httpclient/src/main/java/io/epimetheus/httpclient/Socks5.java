package io.epimetheus.httpclient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The client side of a SOCKS5 {@code CONNECT} (RFC 1928), with username/password authentication
 * (RFC 1929) when the proxy URL has user info. The target's name is sent to the proxy, which
 * resolves it, as Go's dialer does for {@code socks5} and {@code socks5h}.
 */
final class Socks5 {

    private static final String[] REPLIES = {"succeeded", "general SOCKS server failure",
        "connection not allowed by ruleset", "network unreachable", "host unreachable", "connection refused",
        "TTL expired", "command not supported", "address type not supported"};

    private Socks5() {
    }

    /** Asks the proxy {@code s} is connected to for a tunnel to {@code host:port}. */
    static void connect(Socket s, ProxyRules.Proxy proxy, String host, int port) throws IOException {
        String where = "socks connect tcp " + hostPort(proxy.host(), proxy.port()) + "->" + hostPort(host, port) + ": ";
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        boolean auth = proxy.user() != null;
        out.write(auth ? new byte[] {5, 2, 0, 2} : new byte[] {5, 1, 0});
        out.flush();
        byte[] r = read(in, 2, where);
        if (r[0] != 5) {
            throw new HttpException(where + "unexpected protocol version " + (r[0] & 0xFF));
        }
        int method = r[1] & 0xFF;
        if (method == 2 && auth) {
            byte[] user = proxy.user().getBytes(StandardCharsets.UTF_8);
            byte[] pass = (proxy.password() == null ? "" : proxy.password()).getBytes(StandardCharsets.UTF_8);
            if (user.length > 255 || pass.length > 255) {
                throw new HttpException(where + "invalid username/password");
            }
            byte[] req = new byte[3 + user.length + pass.length];
            req[0] = 1;
            req[1] = (byte) user.length;
            System.arraycopy(user, 0, req, 2, user.length);
            req[2 + user.length] = (byte) pass.length;
            System.arraycopy(pass, 0, req, 3 + user.length, pass.length);
            out.write(req);
            out.flush();
            if (read(in, 2, where)[1] != 0) {
                throw new HttpException(where + "username/password authentication failed");
            }
        } else if (method != 0) {
            throw new HttpException(where + (method == 0xFF ? "no acceptable authentication methods"
                    : "unsupported authentication method " + method));
        }
        out.write(request(host, port));
        out.flush();
        byte[] reply = read(in, 4, where);
        int code = reply[1] & 0xFF;
        if (code != 0) {
            throw new HttpException(where + "unknown error "
                    + (code < REPLIES.length ? REPLIES[code] : "unknown code: " + code));
        }
        int skip = switch (reply[3]) {
            case 1 -> 4;
            case 4 -> 16;
            case 3 -> read(in, 1, where)[0] & 0xFF;
            default -> throw new HttpException(where + "unknown address type " + (reply[3] & 0xFF));
        };
        read(in, skip + 2, where);
    }

    private static byte[] request(String host, int port) {
        InetAddress ip = ProxyRules.ipLiteral(host);
        byte[] addr;
        byte type;
        if (ip != null) {
            addr = ip.getAddress();
            type = (byte) (addr.length == 4 ? 1 : 4);
        } else {
            byte[] name = host.getBytes(StandardCharsets.US_ASCII);
            addr = new byte[name.length + 1];
            addr[0] = (byte) name.length;
            System.arraycopy(name, 0, addr, 1, name.length);
            type = 3;
        }
        byte[] req = new byte[6 + addr.length];
        req[0] = 5;
        req[1] = 1;
        req[3] = type;
        System.arraycopy(addr, 0, req, 4, addr.length);
        req[4 + addr.length] = (byte) (port >> 8);
        req[5 + addr.length] = (byte) port;
        return req;
    }

    private static byte[] read(InputStream in, int n, String where) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new HttpException(where + "unexpected EOF");
        }
        return b;
    }

    static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
