package io.sac4cps.notifications.events;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.sac4cps.notifications.channels.EmailSender;
import io.sac4cps.notifications.domain.EmailFeedback;
import io.sac4cps.platform.consumer.PoisonRecordException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads SES's documented notification JSON: a configuration set's event ({@code eventType}) or an
 * identity's feedback notification ({@code notificationType}), raw or inside an SNS envelope. Only
 * a {@code Permanent} bounce and a complaint become {@link EmailFeedback}; other events (a
 * transient bounce, a delivery) are none. The tenant and notification come from the headers {@link
 * EmailSender} put on the mail, which SES echoes in {@code mail.headers}.
 */
@Singleton
public class SesEventDecoder {
  private final JsonMapper json;

  public SesEventDecoder(JsonMapper json) {
    this.json = json;
  }

  /**
   * @throws PoisonRecordException when the body is not an SES event, or a bounce or complaint does
   *     not say which tenant's mail it was
   */
  public Optional<EmailFeedback> decode(String body) {
    JsonNode event = parse(body);
    JsonNode message = event.get("Message");
    if (message != null && message.isString() && "Notification".equals(text(event, "Type"))) {
      event = parse(message.getStringValue());
    }
    String type = text(event, "eventType");
    if (type == null) {
      type = text(event, "notificationType");
    }
    if (type == null) {
      throw PoisonRecordException.schemaInvalid("neither eventType nor notificationType");
    }
    return switch (type) {
      case "Bounce" -> bounce(event);
      case "Complaint" -> complaint(event);
      default -> Optional.empty();
    };
  }

  private Optional<EmailFeedback> bounce(JsonNode event) {
    JsonNode bounce = required(event, "bounce");
    String bounceType = text(bounce, "bounceType");
    if (!"Permanent".equals(bounceType)) {
      // Transient (a full mailbox, a message too large) or Undetermined: the address may work.
      return Optional.empty();
    }
    List<String> addresses = new ArrayList<>();
    String diagnostic = null;
    for (JsonNode recipient : required(bounce, "bouncedRecipients").values()) {
      addresses.add(requiredText(recipient, "emailAddress"));
      if (diagnostic == null) {
        diagnostic = text(recipient, "diagnosticCode");
        if (diagnostic == null) {
          diagnostic = text(recipient, "status");
        }
      }
    }
    String reason =
        "hard bounce ("
            + bounceType
            + "/"
            + orElse(text(bounce, "bounceSubType"), "General")
            + ")"
            + (diagnostic == null ? "" : ": " + diagnostic);
    return Optional.of(feedback(EmailFeedback.Kind.HARD_BOUNCE, event, bounce, addresses, reason));
  }

  private Optional<EmailFeedback> complaint(JsonNode event) {
    JsonNode complaint = required(event, "complaint");
    List<String> addresses = new ArrayList<>();
    for (JsonNode recipient : required(complaint, "complainedRecipients").values()) {
      addresses.add(requiredText(recipient, "emailAddress"));
    }
    String feedbackType = text(complaint, "complaintFeedbackType");
    String reason =
        "complaint" + (feedbackType == null ? "" : " (" + feedbackType + ")") + " by the recipient";
    return Optional.of(feedback(EmailFeedback.Kind.COMPLAINT, event, complaint, addresses, reason));
  }

  private EmailFeedback feedback(
      EmailFeedback.Kind kind,
      JsonNode event,
      JsonNode report,
      List<String> addresses,
      String reason) {
    if (addresses.isEmpty()) {
      throw PoisonRecordException.schemaInvalid("a " + kind + " without recipients");
    }
    JsonNode mail = required(event, "mail");
    String tenant =
        header(mail, EmailSender.TENANT_HEADER)
            .orElseThrow(
                () ->
                    PoisonRecordException.schemaInvalid(
                        "mail.headers lack " + EmailSender.TENANT_HEADER + ": not our mail"));
    String notification = header(mail, EmailSender.NOTIFICATION_HEADER).orElse(null);
    return new EmailFeedback(
        kind,
        tenant,
        notification,
        addresses,
        reason,
        orElse(text(report, "feedbackId"), orElse(text(mail, "messageId"), "unknown")),
        instant(orElse(text(report, "timestamp"), text(mail, "timestamp"))));
  }

  private static Optional<String> header(JsonNode mail, String name) {
    JsonNode headers = mail.get("headers");
    if (headers == null || !headers.isArray()) {
      return Optional.empty();
    }
    for (JsonNode header : headers.values()) {
      if (name.equalsIgnoreCase(text(header, "name"))) {
        return Optional.ofNullable(text(header, "value")).map(String::trim);
      }
    }
    return Optional.empty();
  }

  private JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      throw PoisonRecordException.schemaInvalid("empty body");
    }
    try {
      JsonNode node = json.readValue(body.getBytes(StandardCharsets.UTF_8), JsonNode.class);
      if (node == null || !node.isObject()) {
        throw PoisonRecordException.schemaInvalid("not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw PoisonRecordException.schemaInvalid("not JSON: " + e.getMessage());
    }
  }

  private static Instant instant(String value) {
    if (value == null) {
      throw PoisonRecordException.schemaInvalid("no timestamp");
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw PoisonRecordException.schemaInvalid("timestamp is not RFC 3339: " + value);
    }
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw PoisonRecordException.schemaInvalid(field + " is required");
    }
    return value;
  }

  private static String requiredText(JsonNode node, String field) {
    String value = text(node, field);
    if (value == null || value.isBlank()) {
      throw PoisonRecordException.schemaInvalid(field + " is required");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isString() ? value.getStringValue() : null;
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }
}
