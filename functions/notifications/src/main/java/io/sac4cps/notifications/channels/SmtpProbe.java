package io.sac4cps.notifications.channels;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.sac4cps.platform.health.DependencyProbe;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The {@code smtp} dependency of {@code GET /health} (decisions 0073, 0076): a connection to the
 * SMTP server email is sent through (SES's SMTP interface in AWS), its {@code 220} greeting read
 * (all lines of a multi-line one), then {@code QUIT}. The greeting comes before STARTTLS and
 * authentication, so the probe needs neither; a server that accepts but does not greet within the
 * probe timeout is DOWN, one that greets with anything but 220 (a 421 "service not available") too.
 */
@Singleton
@Named("smtp")
@Requires(property = "aws.services.ses.smtp.host", pattern = ".+")
class SmtpProbe implements DependencyProbe {
  private final String host;
  private final int port;
  private final int timeoutMillis;

  SmtpProbe(
      @Value("${aws.services.ses.smtp.host}") String host,
      @Value("${aws.services.ses.smtp.port:25}") int port,
      @Value("${sac4cps.health.probe-timeout:2s}") Duration timeout) {
    this.host = host;
    this.port = port;
    this.timeoutMillis = Math.toIntExact(Math.max(1, timeout.toMillis()));
  }

  @Override
  public String name() {
    return "smtp";
  }

  @Override
  public void probe() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String line = in.readLine();
      // A multi-line reply: "220-..." lines, then "220 ...".
      while (line != null && line.length() > 3 && line.charAt(3) == '-') {
        line = in.readLine();
      }
      if (line == null || !line.startsWith("220")) {
        throw new IOException("SMTP server at " + host + ":" + port + " greeted with " + line);
      }
      OutputStream out = socket.getOutputStream();
      out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
  }
}
