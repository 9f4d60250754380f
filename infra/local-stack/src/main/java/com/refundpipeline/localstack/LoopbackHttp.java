package com.refundpipeline.localstack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The stack's own HTTP servers on the loopback address (the function URL gateway, each function's Runtime API, the
 * AWS stand-ins, the bench's counting proxy), with TCP_NODELAY on their connections. The JDK's server leaves Nagle's
 * algorithm on unless {@code sun.net.httpserver.nodelay} is set before its first server: it writes an answer's
 * headers and body as two segments, and the second waits for the client's delayed ACK, up to 40 ms on Linux, on
 * every kept-alive call the functions make (docs/measuring.md, "Where the time goes"). Lambda's and AWS's front ends
 * have no such wait, so the stack must not add one.
 */
public final class LoopbackHttp {

    static {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private LoopbackHttp() {}

    /** A server on the loopback address ({@code port} 0 picks a free one), not started. */
    public static HttpServer server(int port, int backlog) throws IOException {
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
    }

    /** Whether this JVM's servers answer without Nagle's wait (false when something created one earlier). */
    public static boolean noDelay() {
        return Boolean.getBoolean("sun.net.httpserver.nodelay");
    }
}
