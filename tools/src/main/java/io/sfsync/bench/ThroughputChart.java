package io.sfsync.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

/** Draws rows/s against N, one line per method, the limit and the naive pipeline drawn in, on log scales (PNG). */
final class ThroughputChart {
    static final String FILE = "benchmarks.png";
    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;
    private static final int LEFT = 100;
    private static final int RIGHT = 250;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};

    private final double minX;
    private final double maxX;
    private final double minY;
    private final double maxY;

    private ThroughputChart(List<Measurement> shown) {
        double loN = Double.MAX_VALUE;
        double hiN = 0;
        double loR = Double.MAX_VALUE;
        double hiR = 0;
        for (Measurement m : shown) {
            loN = Math.min(loN, m.size());
            hiN = Math.max(hiN, m.size());
            loR = Math.min(loR, m.rowsPerSecond());
            hiR = Math.max(hiR, m.rowsPerSecond());
        }
        minX = Math.floor(Math.log10(loN) - 0.2);
        maxX = Math.ceil(Math.log10(hiN) + 0.2);
        minY = Math.floor(Math.log10(loR));
        maxY = Math.ceil(Math.log10(hiR * 1.01));
    }

    static void write(List<Measurement> all, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Measurement> shown = all.stream().filter(m -> m.success() && m.rowsPerSecond() > 0).toList();
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString("sfsync: rows/s against N (log scales), higher is better", LEFT, 30);
            if (shown.isEmpty()) {
                g.drawString("no successful case to draw", LEFT, HEIGHT / 2);
            } else {
                new ThroughputChart(shown).draw(g, series(shown));
            }
        } finally {
            g.dispose();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    /**
     * The measurements by label, in the order they were first measured: the limit first, then the syncs, the peers, and
     * the naive pipeline last.
     */
    private static Map<String, List<Measurement>> series(List<Measurement> shown) {
        Map<String, List<Measurement>> out = new LinkedHashMap<>();
        shown.stream().filter(m -> m.label().equals(Measurement.LIMIT)).forEach(m -> add(out, m));
        shown.stream().filter(m -> !m.isReference()).forEach(m -> add(out, m));
        shown.stream().filter(Measurement::isPeer).forEach(m -> add(out, m));
        shown.stream().filter(m -> m.label().equals(Measurement.NAIVE)).forEach(m -> add(out, m));
        return out;
    }

    private static void add(Map<String, List<Measurement>> out, Measurement m) {
        out.computeIfAbsent(m.label(), k -> new ArrayList<>()).add(m);
    }

    private void draw(Graphics2D g, Map<String, List<Measurement>> series) {
        axes(g);
        int colour = 0;
        int legendY = TOP + 10;
        for (var e : series.entrySet()) {
            String label = e.getKey();
            Color c;
            Stroke stroke;
            if (label.equals(Measurement.LIMIT)) {
                c = Color.BLACK;
                stroke = new BasicStroke(3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {10f, 6f},
                        0f);
            } else if (label.equals(Measurement.NAIVE)) {
                c = Color.GRAY;
                stroke = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {3f, 4f},
                        0f);
            } else if (e.getValue().get(0).isPeer()) {
                c = COLORS[colour++ % COLORS.length];
                stroke = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 3f, 2f,
                    3f}, 0f);
            } else {
                c = COLORS[colour++ % COLORS.length];
                stroke = new BasicStroke(2f);
            }
            g.setColor(c);
            g.setStroke(stroke);
            List<Measurement> points = e.getValue();
            for (int i = 1; i < points.size(); i++) {
                g.drawLine(x(points.get(i - 1).size()), y(points.get(i - 1).rowsPerSecond()), x(points.get(i).size()),
                        y(points.get(i).rowsPerSecond()));
            }
            g.setStroke(new BasicStroke(1f));
            for (Measurement m : points) {
                g.fillOval(x(m.size()) - 4, y(m.rowsPerSecond()) - 4, 8, 8);
            }
            g.setStroke(stroke);
            g.drawLine(WIDTH - RIGHT + 20, legendY - 4, WIDTH - RIGHT + 50, legendY - 4);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(legend(label), WIDTH - RIGHT + 58, legendY);
            legendY += 20;
        }
    }

    private static String legend(String label) {
        return switch (label) {
            case Measurement.LIMIT -> "pipelined limit (HTTP and COPY overlapped)";
            case Measurement.NAIVE -> "naive (row by row)";
            default -> label;
        };
    }

    private void axes(Graphics2D g) {
        int x0 = LEFT;
        int x1 = WIDTH - RIGHT;
        int y0 = HEIGHT - BOTTOM;
        int y1 = TOP;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (double d = minX; d <= maxX + 1e-9; d++) {
            int x = x(Math.pow(10, d));
            g.setColor(new Color(0xdddddd));
            g.drawLine(x, y0, x, y1);
            g.setColor(Color.BLACK);
            String label = count(Math.pow(10, d));
            g.drawString(label, x - fm.stringWidth(label) / 2, y0 + 18);
        }
        for (double d = minY; d <= maxY + 1e-9; d++) {
            int y = y(Math.pow(10, d));
            g.setColor(new Color(0xdddddd));
            g.drawLine(x0, y, x1, y);
            g.setColor(Color.BLACK);
            String label = count(Math.pow(10, d));
            g.drawString(label, x0 - 8 - fm.stringWidth(label), y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x0, y1, x1 - x0, y0 - y1);
        g.drawString("N (Account rows in the org)", (x0 + x1) / 2 - 80, HEIGHT - 20);
        g.rotate(-Math.PI / 2);
        g.drawString("rows/s", -(y0 + y1) / 2 - fm.stringWidth("rows/s") / 2, 18);
        g.rotate(Math.PI / 2);
    }

    private int x(double n) {
        return LEFT + (int) Math.round((Math.log10(n) - minX) / (maxX - minX) * (WIDTH - LEFT - RIGHT));
    }

    private int y(double rowsPerSecond) {
        return HEIGHT - BOTTOM - (int) Math.round((Math.log10(rowsPerSecond) - minY) / (maxY - minY)
                * (HEIGHT - TOP - BOTTOM));
    }

    private static String count(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }
}
