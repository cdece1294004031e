package io.sac4cps.notifications.domain;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text with {@code ${name}} placeholders. {@link #render} fills them as given (plain text, SMS,
 * WebSocket JSON); {@link #renderHtml} HTML-escapes every value first, so nothing an event carries
 * (a room name, a user's name) can become markup in an email. An unknown name is left as written,
 * which a test of the template catches.
 */
public record Template(String text) {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)}");

  public String render(Map<String, String> values) {
    return fill(values, false);
  }

  public String renderHtml(Map<String, String> values) {
    return fill(values, true);
  }

  private String fill(Map<String, String> values, boolean html) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      String replacement = value == null ? m.group() : html ? escapeHtml(value) : value;
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  public static String escapeHtml(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (char c : value.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
