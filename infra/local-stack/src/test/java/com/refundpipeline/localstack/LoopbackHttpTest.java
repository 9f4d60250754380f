package com.refundpipeline.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class LoopbackHttpTest {

    @Test
    void serversOnTheLoopbackAnswerWithoutNaglesWait() throws Exception {
        HttpServer server = LoopbackHttp.server(0, 4);
        server.createContext("/", exchange -> HttpReplies.send(exchange, 200, "text/plain", "ok"));
        server.start();
        try {
            assertTrue(LoopbackHttp.noDelay(), "sun.net.httpserver.nodelay is set before the first server");
            assertEquals(InetAddress.getLoopbackAddress(), server.getAddress().getAddress());
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                            + server.getAddress().getPort() + "/"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals("ok", answer.body());
        } finally {
            server.stop(0);
        }
    }
}
