package io.epimetheus.http.connection;

import java.nio.channels.SocketChannel;
import javax.servlet.http.HttpServletRequest;
import org.eclipse.jetty.io.ChannelEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.HttpChannel;

/**
 * Finds the socket of a request served by Jetty 9.4 (pax-web 8): Jetty answers the request
 * attribute {@code org.eclipse.jetty.server.HttpChannel} with the request's channel, whose end
 * point leads to the {@link SocketChannel}, directly or through the TLS layer. Only these two
 * shapes are accepted: anything else (HTTP/2 streams sharing one socket, other wrappers) is not
 * watched. The Jetty packages are imported optionally; without them this class does not load.
 */
final class JettyConnections {

    private JettyConnections() {
    }

    /** The request's connection, or {@code null} when it is not a plain or TLS HTTP/1.x socket of Jetty. */
    static WatchedConnection of(HttpServletRequest req) {
        if (!req.getProtocol().startsWith("HTTP/1.")) {
            return null;
        }
        if (!(req.getAttribute(HttpChannel.class.getName()) instanceof HttpChannel channel)) {
            return null;
        }
        EndPoint endPoint = channel.getEndPoint();
        if (endPoint instanceof ChannelEndPoint plain) {
            return new WatchedConnection(plain.getChannel(), true);
        }
        if (endPoint instanceof SslConnection.DecryptedEndPoint tls
                && tls.getSslConnection().getEndPoint() instanceof ChannelEndPoint encrypted) {
            return new WatchedConnection(encrypted.getChannel(), false);
        }
        return null;
    }

    /**
     * A socket to watch.
     *
     * @param channel the socket
     * @param plainHttp whether the bytes on it are HTTP (not TLS records), so that data waiting to
     *     be read can be told from the client closing
     */
    record WatchedConnection(SocketChannel channel, boolean plainHttp) {
    }
}
