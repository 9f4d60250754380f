package com.refundpipeline.localstack.aws;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox carrier's return labels, served where the functions' sandbox labels point
 * ({@code GET /sandbox-carrier/labels/SBX....pdf} on the gateway): a one-page PDF naming the carrier, the tracking code
 * and that it is a sandbox label, so the link in the customer's return instructions opens something locally.
 */
public final class SandboxCarrier {

    private static final Pattern LABEL = Pattern.compile("^/sandbox-carrier/labels/(SBX[0-9A-F]{16})\\.pdf$");

    private SandboxCarrier() {}

    public static void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = LABEL.matcher(exchange.getRequestURI().getRawPath());
            if (!"GET".equals(exchange.getRequestMethod()) || !m.matches()) {
                byte[] body = "no such sandbox label\n".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(404, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
                return;
            }
            byte[] pdf = label(m.group(1));
            exchange.getResponseHeaders().set("Content-Type", "application/pdf");
            exchange.sendResponseHeaders(200, pdf.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(pdf);
            }
        }
    }

    /** A minimal PDF 1.4 page (Helvetica, ASCII only: the tracking code is [0-9A-Z]), offsets computed. */
    static byte[] label(String tracking) {
        String text = "BT /F1 18 Tf 40 160 Td (SandboxPost return label) Tj 0 -30 Td (Tracking " + tracking
                + ") Tj 0 -30 Td (Sandbox: not valid for shipping) Tj ET";
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 220] /Contents 4 0 R"
                        + " /Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + text.length() + " >>\nstream\n" + text + "\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        write(pdf, "%PDF-1.4\n");
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(pdf.size());
            write(pdf, (i + 1) + " 0 obj\n" + objects.get(i) + "\nendobj\n");
        }
        int xref = pdf.size();
        StringBuilder table = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        offsets.forEach(o -> table.append(String.format("%010d 00000 n \n", o)));
        write(pdf, table.toString());
        write(pdf, "trailer\n<< /Size " + (objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" + xref + "\n%%EOF\n");
        return pdf.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
