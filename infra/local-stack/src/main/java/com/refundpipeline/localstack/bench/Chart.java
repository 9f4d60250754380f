package com.refundpipeline.localstack.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The bench's chart, drawn with the JDK alone: submit latency percentiles by offered rate (left), and cases paid per
 * second with the depth of each queue over the end-to-end run (right).
 */
final class Chart {

    private static final int W = 1200;
    private static final int H = 450;
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728)
    };

    private Chart() {}

    @SuppressWarnings("unchecked")
    static void write(Map<String, Object> result, Path file) throws IOException {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);

        // Left: p50, p90, p99 and max by offered rate.
        List<Map<String, Object>> latency = (List<Map<String, Object>>) result.get("submit_latency");
        List<String> keys = List.of("p50_ms", "p90_ms", "p99_ms", "max_ms");
        List<List<double[]>> lines = new ArrayList<>();
        for (String key : keys) {
            List<double[]> points = new ArrayList<>();
            for (Map<String, Object> r : latency) {
                points.add(new double[] {((Number) r.get("rate")).doubleValue(), ((Number) r.get(key)).doubleValue()});
            }
            lines.add(points);
        }
        plot(g, 60, 40, 500, 340, "submit latency (ms) by offered req/s", lines, keys);

        // Right: paid per second and queue depths over the end-to-end run.
        Map<String, Object> e2e = (Map<String, Object>) result.get("end_to_end");
        List<String> names = new ArrayList<>(List.of("paid/s"));
        List<List<double[]>> series = new ArrayList<>();
        List<double[]> paid = new ArrayList<>();
        ((Map<Long, Integer>) e2e.get("paid_per_second")).forEach((t, n) -> paid.add(new double[] {t, n}));
        series.add(paid);
        List<Map<String, Object>> samples = (List<Map<String, Object>>) e2e.get("queue_depth");
        if (!samples.isEmpty()) {
            for (String queue : samples.get(0).keySet()) {
                if (queue.equals("t_s")) {
                    continue;
                }
                names.add(queue + " depth");
                List<double[]> points = new ArrayList<>();
                for (Map<String, Object> s : samples) {
                    points.add(
                            new double[] {((Number) s.get("t_s")).doubleValue(), ((Number) s.get(queue)).doubleValue()
                            });
                }
                series.add(points);
            }
        }
        plot(g, 660, 40, 500, 340, "end to end: paid per second, queue depth, by second", series, names);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void plot(
            Graphics2D g, int x0, int y0, int w, int h, String title, List<List<double[]>> lines, List<String> names) {
        double maxX = 1;
        double maxY = 1;
        for (List<double[]> line : lines) {
            for (double[] p : line) {
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        g.setColor(Color.BLACK);
        g.drawString(title, x0, y0 - 15);
        g.drawRect(x0, y0, w, h);
        g.drawString("0", x0 - 12, y0 + h + 15);
        g.drawString(String.format("%.0f", maxY), x0 - 55, y0 + 10);
        g.drawString(String.format("%.0f", maxX), x0 + w - 20, y0 + h + 15);
        g.setStroke(new BasicStroke(2f));
        for (int i = 0; i < lines.size(); i++) {
            g.setColor(COLORS[i % COLORS.length]);
            List<double[]> line = lines.get(i);
            for (int k = 1; k < line.size(); k++) {
                g.drawLine(
                        px(line.get(k - 1)[0], maxX, x0, w),
                        py(line.get(k - 1)[1], maxY, y0, h),
                        px(line.get(k)[0], maxX, x0, w),
                        py(line.get(k)[1], maxY, y0, h));
            }
            g.drawString(names.get(i), x0 + 10 + i * 120, y0 + h + 35);
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static int px(double x, double maxX, int x0, int w) {
        return x0 + (int) (x / maxX * w);
    }

    private static int py(double y, double maxY, int y0, int h) {
        return y0 + h - (int) (y / maxY * h);
    }
}
