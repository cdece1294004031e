package io.sac4cps.notifications.store;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.sac4cps.notifications.domain.Channel;
import io.sac4cps.notifications.domain.Preferences;
import io.sac4cps.notifications.domain.Severity;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The users' preferences; the caller's transaction. */
@Singleton
public class PreferenceStore {
  private final JdbcStatements sql;
  private final JsonMapper json;

  public PreferenceStore(JdbcStatements sql, JsonMapper json) {
    this.sql = sql;
    this.json = json;
  }

  public void put(String tenantId, String userId, Preferences p, Instant now) {
    sql.update(
        "INSERT INTO preference (tenant_id, user_id, phone, time_zone, quiet_start, quiet_end,"
            + " channels, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?)"
            + " ON CONFLICT (tenant_id, user_id) DO UPDATE SET phone = EXCLUDED.phone,"
            + " time_zone = EXCLUDED.time_zone, quiet_start = EXCLUDED.quiet_start,"
            + " quiet_end = EXCLUDED.quiet_end, channels = EXCLUDED.channels,"
            + " updated_at = EXCLUDED.updated_at",
        s -> {
          s.setString(1, tenantId);
          s.setString(2, userId);
          s.setString(3, p.phone());
          s.setString(4, p.zone().getId());
          s.setObject(5, p.quietStart());
          s.setObject(6, p.quietEnd());
          s.setString(7, channelsJson(p.channels()));
          s.setTimestamp(8, JdbcStatements.timestamp(now));
        });
  }

  /** The preferences of these users of the tenant; those without any are absent. */
  public Map<String, Preferences> of(String tenantId, Collection<String> userIds) {
    Map<String, Preferences> found = new HashMap<>();
    if (userIds.isEmpty()) {
      return found;
    }
    record Row(String userId, Preferences preferences) {}
    sql.query(
            "SELECT user_id, phone, time_zone, quiet_start, quiet_end, channels::text AS channels"
                + " FROM preference WHERE tenant_id = ? AND user_id = ANY (?)",
            s -> {
              s.setString(1, tenantId);
              s.setArray(2, sql.textArray(userIds));
            },
            rs -> new Row(rs.getString("user_id"), preferences(rs)))
        .forEach(r -> found.put(r.userId(), r.preferences()));
    return found;
  }

  private Preferences preferences(ResultSet rs) throws SQLException {
    return new Preferences(
        rs.getString("phone"),
        ZoneId.of(rs.getString("time_zone")),
        rs.getObject("quiet_start", LocalTime.class),
        rs.getObject("quiet_end", LocalTime.class),
        channels(rs.getString("channels")));
  }

  private String channelsJson(Map<String, Map<Severity, Set<Channel>>> channels) {
    Map<String, Map<String, List<String>>> wire = new LinkedHashMap<>();
    channels.forEach(
        (type, bySeverity) -> {
          Map<String, List<String>> w = new LinkedHashMap<>();
          bySeverity.forEach(
              (severity, set) ->
                  w.put(severity.wireName(), set.stream().map(Channel::wireName).toList()));
          wire.put(type, w);
        });
    try {
      return json.writeValueAsString(wire);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, Map<Severity, Set<Channel>>> channels(String text) {
    Map<String, Map<Severity, Set<Channel>>> channels = new HashMap<>();
    try {
      JsonNode tree = json.readValue(text, JsonNode.class);
      for (var type : tree.entries()) {
        Map<Severity, Set<Channel>> bySeverity = new EnumMap<>(Severity.class);
        for (var severity : type.getValue().entries()) {
          Set<Channel> set = EnumSet.noneOf(Channel.class);
          for (JsonNode c : severity.getValue().values()) {
            Channel.fromWire(c.getStringValue()).ifPresent(set::add);
          }
          Severity.fromWire(severity.getKey()).ifPresent(s -> bySeverity.put(s, set));
        }
        channels.put(type.getKey(), bySeverity);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return channels;
  }
}
