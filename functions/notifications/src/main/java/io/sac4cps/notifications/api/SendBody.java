package io.sac4cps.notifications.api;

import io.micronaut.json.tree.JsonNode;
import io.sac4cps.notifications.domain.Audience;
import io.sac4cps.notifications.domain.Channel;
import io.sac4cps.notifications.domain.Message;
import io.sac4cps.notifications.domain.Severity;
import io.sac4cps.platform.problem.FieldChecks;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.platform.security.Roles;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /notifications/send}'s body (contract schema NotificationSendRequest), checked with
 * {@link FieldChecks}: every wrong field is named in one 400.
 */
public record SendBody(Audience to, Set<Channel> channels, Message message) {
  static final int MAX_USERS = 100;
  static final int MAX_TITLE = 200;
  static final int MAX_BODY = 2000;
  private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$");
  private static final Set<String> FIELDS = Set.of("to", "channels", "title", "body", "severity");
  private static final Set<String> ROLES = Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER);

  public static SendBody parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ProblemException.badRequest("body", "must be a JSON object");
    }
    FieldChecks checks = new FieldChecks();
    for (Map.Entry<String, JsonNode> entry : body.entries()) {
      checks.check(entry.getKey(), !FIELDS.contains(entry.getKey()), "is not a known field");
    }
    Audience to = audience(body.get("to"), checks);
    Set<Channel> channels = channels(body.get("channels"), checks);
    String title = text(body, "title", MAX_TITLE, checks);
    String text = text(body, "body", MAX_BODY, checks);
    Severity severity = Severity.INFO;
    JsonNode s = body.get("severity");
    if (s != null) {
      severity = s.isString() ? Severity.fromWire(s.getStringValue()).orElse(null) : null;
      checks.check("severity", severity == null, "must be info, warning or critical");
    }
    checks.orThrow();
    return new SendBody(to, channels, new Message(title, text, severity));
  }

  private static Audience audience(JsonNode to, FieldChecks checks) {
    if (to == null || !to.isObject() || to.size() != 1) {
      checks.fail("to", "must have exactly one of userIds, roles or tenant");
      return null;
    }
    if (to.get("userIds") != null) {
      List<String> ids = strings(to.get("userIds"), "to.userIds", MAX_USERS, checks);
      ids.forEach(
          id -> checks.check("to.userIds", !ID.matcher(id).matches(), "'" + id + "' is not an id"));
      return new Audience.Users(ids);
    }
    if (to.get("roles") != null) {
      List<String> roles = strings(to.get("roles"), "to.roles", ROLES.size(), checks);
      roles.forEach(
          r -> checks.check("to.roles", !ROLES.contains(r), "must be admin, operator or viewer"));
      return new Audience.Roles(Set.copyOf(roles));
    }
    JsonNode tenant = to.get("tenant");
    if (tenant != null && tenant.isBoolean() && tenant.getBooleanValue()) {
      return new Audience.Tenant();
    }
    checks.fail("to", "must have exactly one of userIds, roles or tenant: true");
    return null;
  }

  private static Set<Channel> channels(JsonNode node, FieldChecks checks) {
    if (node == null) {
      return EnumSet.of(Channel.WEBSOCKET);
    }
    List<String> names = strings(node, "channels", Channel.values().length, checks);
    Set<Channel> channels = EnumSet.noneOf(Channel.class);
    for (String name : names) {
      Channel.fromWire(name)
          .ifPresentOrElse(
              channels::add, () -> checks.fail("channels", "must be websocket, email or sms"));
    }
    return channels;
  }

  /** A non-empty array of unique strings, at most {@code max}. */
  private static List<String> strings(JsonNode node, String field, int max, FieldChecks checks) {
    List<String> values = new ArrayList<>();
    if (!node.isArray() || node.size() == 0 || node.size() > max) {
      checks.fail(field, "must be an array of 1 to " + max + " items");
      return values;
    }
    for (JsonNode item : node.values()) {
      if (!item.isString()) {
        checks.fail(field, "items must be strings");
        return List.of();
      }
      values.add(item.getStringValue());
    }
    checks.check(
        field, new LinkedHashSet<>(values).size() != values.size(), "items must be unique");
    return values;
  }

  private static String text(JsonNode body, String field, int max, FieldChecks checks) {
    JsonNode node = body.get(field);
    if (node == null || !node.isString()) {
      checks.fail(field, "is required");
      return null;
    }
    String value = node.getStringValue();
    checks.check(field, value.isEmpty(), "is required");
    checks.check(field, value.length() > max, "must be at most " + max + " characters");
    return value;
  }
}
