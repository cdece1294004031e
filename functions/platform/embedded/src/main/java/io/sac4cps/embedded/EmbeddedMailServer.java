package io.sac4cps.embedded;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * GreenMail, a real SMTP server, running in this JVM on a free loopback port and keeping every
 * message it receives in memory, for tests and the local stack (which shows them at {@code GET
 * /_local/mail}). Functions send to it exactly as they send to SES's SMTP interface.
 */
public final class EmbeddedMailServer implements AutoCloseable {
  private final GreenMail server;

  private EmbeddedMailServer(GreenMail server) {
    this.server = server;
  }

  /** A received message, as a reader sees it. */
  public record Mail(
      List<String> to,
      String from,
      String subject,
      String text,
      String html,
      String notificationId,
      Instant receivedAt) {}

  public static EmbeddedMailServer start() {
    return start(0);
  }

  /** On {@code port}, or a free one for 0. */
  public static EmbeddedMailServer start(int port) {
    ServerSetup smtp =
        new ServerSetup(
            port == 0 ? FreePorts.next() : port,
            InetAddress.getLoopbackAddress().getHostAddress(),
            ServerSetup.PROTOCOL_SMTP);
    GreenMail server = new GreenMail(smtp);
    server.start();
    return new EmbeddedMailServer(server);
  }

  public String host() {
    return server.getSmtp().getBindTo();
  }

  public int port() {
    return server.getSmtp().getPort();
  }

  /** Every message received so far, oldest first. */
  public List<Mail> received() {
    List<Mail> mails = new ArrayList<>();
    for (MimeMessage message : server.getReceivedMessages()) {
      mails.add(mail(message));
    }
    return mails;
  }

  /** The messages to {@code address}, oldest first. */
  public List<Mail> receivedBy(String address) {
    return received().stream().filter(m -> m.to().contains(address)).toList();
  }

  /**
   * The headers of the message carrying {@code notificationId}, in order, as SES echoes a sent
   * message's headers in its bounce and complaint events.
   */
  public List<Map.Entry<String, String>> headersOf(String notificationId) {
    try {
      for (MimeMessage message : server.getReceivedMessages()) {
        String[] notification = message.getHeader("X-Sac4cps-Notification");
        if (notification != null && notification[0].equals(notificationId)) {
          List<Map.Entry<String, String>> headers = new ArrayList<>();
          for (Header header : Collections.list(message.getAllHeaders())) {
            headers.add(Map.entry(header.getName(), header.getValue()));
          }
          return headers;
        }
      }
    } catch (MessagingException e) {
      throw new IllegalStateException("a received message could not be read", e);
    }
    throw new IllegalArgumentException("no message carries notification " + notificationId);
  }

  /** Waits up to {@code timeout} for a message matching {@code wanted}. */
  public List<Mail> await(Predicate<Mail> wanted, int count, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      List<Mail> matching = received().stream().filter(wanted).toList();
      if (matching.size() >= count || Instant.now().isAfter(deadline)) {
        return matching;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return matching;
      }
    }
  }

  private static Mail mail(MimeMessage message) {
    try {
      String[] notification = message.getHeader("X-Sac4cps-Notification");
      StringBuilder text = new StringBuilder();
      StringBuilder html = new StringBuilder();
      collect(message, text, html);
      return new Mail(
          Arrays.stream(message.getRecipients(Message.RecipientType.TO))
              .map(Object::toString)
              .toList(),
          message.getFrom() == null ? null : message.getFrom()[0].toString(),
          message.getSubject(),
          text.toString(),
          html.toString(),
          notification == null ? null : notification[0],
          message.getReceivedDate() == null
              ? Instant.now()
              : message.getReceivedDate().toInstant());
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException("a received message could not be read", e);
    }
  }

  private static void collect(Part part, StringBuilder text, StringBuilder html)
      throws MessagingException, IOException {
    if (part.isMimeType("text/plain")) {
      text.append(part.getContent());
    } else if (part.isMimeType("text/html")) {
      html.append(part.getContent());
    } else if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart body = multipart.getBodyPart(i);
        collect(body, text, html);
      }
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
