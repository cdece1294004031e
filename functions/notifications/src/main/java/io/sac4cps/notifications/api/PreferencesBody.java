package io.sac4cps.notifications.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.notifications.domain.Channel;
import io.sac4cps.notifications.domain.Preferences;
import io.sac4cps.notifications.domain.Severity;
import io.sac4cps.platform.problem.FieldChecks;
import io.sac4cps.platform.problem.ProblemException;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code PUT /notifications/preferences}'s body and the view of preferences. */
public final class PreferencesBody {
  static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{1,14}$");
  static final Pattern TYPE = Pattern.compile("^(send|[a-z0-9]+(\\.[a-z0-9-]+)*\\.v[0-9]+)$");
  static final int MAX_TYPES = 20;
  private static final Set<String> FIELDS = Set.of("phone", "timeZone", "quietHours", "channels");

  private PreferencesBody() {}

  @Serdeable
  public record QuietHours(String start, String end) {}

  @Serdeable
  public record PreferencesView(
      @Nullable String phone,
      String timeZone,
      @Nullable QuietHours quietHours,
      Map<String, Map<String, List<String>>> channels) {

    static PreferencesView of(Preferences p) {
      Map<String, Map<String, List<String>>> channels = new LinkedHashMap<>();
      p.channels()
          .forEach(
              (type, bySeverity) -> {
                Map<String, List<String>> w = new LinkedHashMap<>();
                bySeverity.forEach(
                    (s, set) -> w.put(s.wireName(), set.stream().map(Channel::wireName).toList()));
                channels.put(type, w);
              });
      return new PreferencesView(
          p.phone(),
          p.zone().getId(),
          p.quietStart() == null ? null : new QuietHours(hhmm(p.quietStart()), hhmm(p.quietEnd())),
          channels);
    }

    private static String hhmm(LocalTime time) {
      return String.format("%02d:%02d", time.getHour(), time.getMinute());
    }
  }

  public static Preferences parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ProblemException.badRequest("body", "must be a JSON object");
    }
    FieldChecks checks = new FieldChecks();
    for (var entry : body.entries()) {
      checks.check(entry.getKey(), !FIELDS.contains(entry.getKey()), "is not a known field");
    }
    String phone = null;
    JsonNode p = body.get("phone");
    if (p != null && !p.isNull()) {
      phone = p.isString() ? p.getStringValue() : "";
      checks.check(
          "phone", !E164.matcher(phone).matches(), "must be an E.164 number, e.g. +4930123456");
    }
    ZoneId zone = ZoneId.of("UTC");
    JsonNode tz = body.get("timeZone");
    if (tz != null) {
      try {
        zone = ZoneId.of(tz.isString() ? tz.getStringValue() : "");
      } catch (DateTimeException e) {
        checks.fail("timeZone", "must be an IANA time zone, e.g. Europe/Berlin");
      }
    }
    LocalTime start = null;
    LocalTime end = null;
    JsonNode quiet = body.get("quietHours");
    if (quiet != null && !quiet.isNull()) {
      start = time(quiet.get("start"), "quietHours.start", checks);
      end = time(quiet.get("end"), "quietHours.end", checks);
    }
    Map<String, Map<Severity, Set<Channel>>> channels = new LinkedHashMap<>();
    JsonNode c = body.get("channels");
    if (c != null) {
      if (!c.isObject() || c.size() > MAX_TYPES) {
        checks.fail("channels", "must be an object of at most " + MAX_TYPES + " event types");
      } else {
        for (var type : c.entries()) {
          String field = "channels." + type.getKey();
          if (!TYPE.matcher(type.getKey()).matches() || !type.getValue().isObject()) {
            checks.fail(field, "must be an event type (or send) with channels per severity");
            continue;
          }
          Map<Severity, Set<Channel>> bySeverity = new EnumMap<>(Severity.class);
          for (var severity : type.getValue().entries()) {
            var s = Severity.fromWire(severity.getKey());
            if (s.isEmpty() || !severity.getValue().isArray()) {
              checks.fail(field, "keys must be info, warning or critical, each a list of channels");
              continue;
            }
            Set<Channel> set = EnumSet.noneOf(Channel.class);
            for (JsonNode name : severity.getValue().values()) {
              var ch =
                  name.isString()
                      ? Channel.fromWire(name.getStringValue())
                      : java.util.Optional.<Channel>empty();
              ch.ifPresentOrElse(
                  set::add, () -> checks.fail(field, "channels must be websocket, email or sms"));
            }
            bySeverity.put(s.get(), set);
          }
          channels.put(type.getKey(), bySeverity);
        }
      }
    }
    checks.orThrow();
    return new Preferences(phone, zone, start, end, channels);
  }

  private static LocalTime time(JsonNode node, String field, FieldChecks checks) {
    if (node == null
        || !node.isString()
        || !node.getStringValue().matches("^[0-2][0-9]:[0-5][0-9]$")) {
      checks.fail(field, "must be HH:MM");
      return null;
    }
    try {
      return LocalTime.parse(node.getStringValue());
    } catch (DateTimeParseException e) {
      checks.fail(field, "must be HH:MM");
      return null;
    }
  }
}
