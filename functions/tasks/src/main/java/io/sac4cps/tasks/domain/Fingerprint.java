package io.sac4cps.tasks.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What identifies a request body for Idempotency-Key: SHA-256 of its JSON with object keys sorted,
 * so two bodies that differ only in key order or spacing are the same request.
 */
public final class Fingerprint {
  private Fingerprint() {}

  /** Of a parsed JSON value: maps, lists, strings, numbers, booleans and nulls. */
  public static String of(Object json) {
    StringBuilder canonical = new StringBuilder();
    write(json, canonical);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static void write(Object value, StringBuilder out) {
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (var entry : sortedByKey(map).entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(entry.getKey(), out);
        out.append(':');
        write(entry.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(list.get(i), out);
      }
      out.append(']');
    } else if (value instanceof String text) {
      string(text, out);
    } else if (value instanceof Number number) {
      // 1 and 1.0 are the same JSON number.
      out.append(new java.math.BigDecimal(number.toString()).stripTrailingZeros().toPlainString());
    } else {
      out.append(value);
    }
  }

  private static Map<String, Object> sortedByKey(Map<?, ?> map) {
    Map<String, Object> keyed = new TreeMap<>();
    map.forEach((k, v) -> keyed.put(String.valueOf(k), v));
    return keyed;
  }

  private static void string(String text, StringBuilder out) {
    out.append('"');
    text.chars()
        .forEach(
            c -> {
              if (c == '"' || c == '\\') {
                out.append('\\').append((char) c);
              } else if (c < 0x20) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.append((char) c);
              }
            });
    out.append('"');
  }
}
