package dev.velatemporal.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A scrape of a Prometheus endpoint, read the way a PromQL selector reads it. */
record PrometheusText(String text) {

    static PrometheusText scrape(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + ": HTTP " + response.statusCode());
        }
        return new PrometheusText(response.body());
    }

    /**
     * The sum of the samples of {@code metric} whose labels include every {@code label="value"} given, as
     * {@code sum(metric{label="value"})}; 0 when there are none.
     */
    double sum(String metric, String... labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) {
                continue;
            }
            String series = line.substring(0, line.lastIndexOf(' '));
            boolean matches = true;
            for (String label : labels) {
                matches &= series.contains(label);
            }
            if (matches) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    boolean has(String metric) {
        for (String line : text.split("\n")) {
            if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                return true;
            }
        }
        return false;
    }
}
