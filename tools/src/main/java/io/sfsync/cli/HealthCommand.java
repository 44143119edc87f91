package io.sfsync.cli;

import io.sfsync.app.ConfigSources;
import io.sfsync.app.Placeholders;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

/**
 * {@code sfsync health}: asks a running sfsync (its management port) whether it is ready, for a container health
 * check or a script; exit status 0 when it is. Needs no curl in the image: the JRE is all it uses.
 */
final class HealthCommand {
    static final String USAGE = String.join("\n",
            "Usage: java -jar target/sfsync.jar health [--live] [--url URL] [--config DIR] [--profile NAME]",
            "Asks the sfsync process running with this configuration whether it is ready (or, with --live, alive):",
            "GET http://<camel.management.host>:<camel.management.port>/observe/health/ready; prints the answer.",
            "Exit status 0 when it answers 200 (UP), 1 otherwise.",
            "  --url URL   ask this URL instead");

    private HealthCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        String url = null;
        boolean live = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--live" -> live = true;
                case "--url" -> url = Args.next(args, ++i, "--url");
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> throw new UsageException("health: unknown option '" + args[i] + "'\n" + USAGE);
            }
        }
        if (url == null) {
            Properties p = ConfigSources.load(false, System.getenv(), System.getProperties()).properties();
            String host = Placeholders.resolve(p.getProperty("camel.management.host", "127.0.0.1"), p,
                    System.getenv());
            if (host == null || host.isBlank() || host.equals("0.0.0.0")) {
                host = "127.0.0.1";
            }
            String port = Placeholders.resolve(p.getProperty("camel.management.port", "9876"), p, System.getenv());
            url = "http://" + host + ":" + port + "/observe/health/" + (live ? "live" : "ready");
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            out.println(r.body().strip());
            return r.statusCode() == 200 ? 0 : 1;
        } catch (java.io.IOException e) {
            err.println("sfsync: no sfsync answers at " + url + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            return 1;
        }
    }
}
