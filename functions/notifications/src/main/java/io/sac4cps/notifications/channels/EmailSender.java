package io.sac4cps.notifications.channels;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.sac4cps.notifications.domain.Channel;
import io.sac4cps.notifications.domain.Outcome;
import io.sac4cps.notifications.domain.Template;
import io.sac4cps.notifications.service.EmailSuppression;
import io.sac4cps.notifications.store.DeliveryStore.Job;
import io.sac4cps.platform.secrets.SecretsExtension;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * Email over SMTP (decision 0035): SES's SMTP interface in AWS, GreenMail locally and in tests. A
 * plain-text and an HTML part; the HTML fills {@link #HTML} with every value escaped. An address
 * the server refuses fails at once (retrying cannot help); a server that cannot be reached is
 * retried. An address SES reported as hard-bounced or complaining in the tenant gets nothing
 * ({@link EmailSuppression}): the delivery fails with that reason.
 *
 * <p>Credentials: none locally (GreenMail); in AWS the secret {@code
 * aws.services.ses.smtp.secret-id} (an IAM access key, read once through the secrets extension)
 * gives SES's SMTP user name and password ({@link SesSmtpCredentials}), or {@code username}/{@code
 * password} directly. Every mail names its tenant and notification in headers SES echoes in its
 * bounce and complaint events.
 */
@Singleton
public class EmailSender implements ChannelSender {
  static final Template HTML =
      new Template(
          "<!doctype html><html><body style=\"font-family:sans-serif\">"
              + "<h2>${title}</h2><p>${body}</p>"
              + "<p style=\"color:#777\">${severity} · sac4cps notifications</p>"
              + "</body></html>");

  /** The tenant the mail was sent for: bounces and complaints are applied in that tenant. */
  public static final String TENANT_HEADER = "X-Sac4cps-Tenant";

  /** Lets a client (and a test, and a bounce) tie the mail to its notification. */
  public static final String NOTIFICATION_HEADER = "X-Sac4cps-Notification";

  private final Session session;
  private final String host;
  private final InternetAddress from;
  private final EmailSuppression suppression;

  public EmailSender(
      @Value("${aws.services.ses.smtp.host:}") String host,
      @Value("${aws.services.ses.smtp.port:25}") int port,
      @Value("${aws.services.ses.smtp.username:}") String username,
      @Value("${aws.services.ses.smtp.password:}") String password,
      @Nullable @Value("${aws.services.ses.smtp.secret-id:}") String secretId,
      @Nullable @Value("${aws.region:}") String region,
      @Value("${aws.services.ses.smtp.starttls:false}") boolean startTls,
      @Value("${notifications.email.from}") String from,
      Provider<SecretsExtension> secrets,
      JsonMapper json,
      EmailSuppression suppression) {
    this.host = host;
    this.suppression = suppression;
    if (secretId != null && !secretId.isBlank()) {
      SesSmtpCredentials credentials =
          SesSmtpCredentials.fromSecret(secrets.get().secretString(secretId), region, json);
      username = credentials.username();
      password = credentials.password();
    }
    String user = username;
    String pass = password;
    Properties settings = new Properties();
    settings.put("mail.smtp.host", host);
    settings.put("mail.smtp.port", String.valueOf(port));
    settings.put("mail.smtp.connectiontimeout", "5000");
    settings.put("mail.smtp.timeout", "5000");
    settings.put("mail.smtp.writetimeout", "5000");
    settings.put("mail.smtp.starttls.enable", String.valueOf(startTls));
    settings.put("mail.smtp.starttls.required", String.valueOf(startTls));
    boolean auth = !user.isBlank();
    settings.put("mail.smtp.auth", String.valueOf(auth));
    this.session =
        auth
            ? Session.getInstance(
                settings,
                new jakarta.mail.Authenticator() {
                  @Override
                  protected jakarta.mail.PasswordAuthentication getPasswordAuthentication() {
                    return new jakarta.mail.PasswordAuthentication(user, pass);
                  }
                })
            : Session.getInstance(settings);
    try {
      this.from = new InternetAddress(from, true);
    } catch (AddressException e) {
      throw new IllegalArgumentException("notifications.email.from is not an address", e);
    }
  }

  @Override
  public Channel channel() {
    return Channel.EMAIL;
  }

  @Override
  public Outcome send(Job job) {
    if (job.recipient() == null || job.recipient().email() == null) {
      return Outcome.skipped("no email address");
    }
    if (host.isBlank()) {
      return Outcome.rejected("no SMTP server is configured");
    }
    var suppressed = suppression.reasonFor(job.delivery().tenantId(), job.recipient().email());
    if (suppressed.isPresent()) {
      return Outcome.rejected("the address is suppressed: " + suppressed.get());
    }
    try {
      Transport.send(message(job));
      return Outcome.sent();
    } catch (AddressException e) {
      return Outcome.rejected("invalid address");
    } catch (SendFailedException e) {
      return Outcome.rejected("the server refused the address: " + e.getMessage());
    } catch (MessagingException e) {
      return Outcome.failed("SMTP: " + e.getMessage());
    }
  }

  private MimeMessage message(Job job) throws MessagingException {
    var n = job.notification();
    MimeMessage message = new MimeMessage(session);
    message.setFrom(from);
    message.setRecipient(RecipientType.TO, new InternetAddress(job.recipient().email(), true));
    message.setSubject(n.message().title(), StandardCharsets.UTF_8.name());
    message.setHeader(NOTIFICATION_HEADER, n.id());
    message.setHeader(TENANT_HEADER, job.delivery().tenantId());
    MimeBodyPart text = new MimeBodyPart();
    text.setText(n.message().body(), StandardCharsets.UTF_8.name());
    MimeBodyPart html = new MimeBodyPart();
    html.setContent(
        HTML.renderHtml(
            Map.of(
                "title", n.message().title(),
                "body", n.message().body(),
                "severity", n.message().severity().wireName())),
        "text/html; charset=UTF-8");
    message.setContent(new MimeMultipart("alternative", text, html));
    return message;
  }
}
