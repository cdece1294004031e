package io.sac4cps.platform.request;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON body decoded for checking: objects as maps, arrays as lists, numbers as exact {@link
 * BigDecimal}s (so {@code 1e400} and {@code 1.5} for an integer are seen as written, not as
 * infinity or 1), and no coercion of any kind.
 */
final class JsonBody {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private JsonBody() {}

  /** The body is not one JSON value. */
  static final class MalformedJson extends Exception {
    MalformedJson(String message) {
      super(message, null, false, false);
    }
  }

  static Object decode(String text) throws MalformedJson {
    try (JsonParser parser = JSON.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new MalformedJson("is required");
      }
      Object value = value(parser, first);
      if (parser.nextToken() != null) {
        throw new MalformedJson("must be one JSON value");
      }
      return value;
    } catch (IOException e) {
      throw new MalformedJson("is not valid JSON");
    }
  }

  private static Object value(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case START_OBJECT -> {
        Map<String, Object> object = new LinkedHashMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String name = parser.currentName();
          object.put(name, value(parser, parser.nextToken()));
        }
        yield object;
      }
      case START_ARRAY -> {
        List<Object> array = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          array.add(value(parser, t));
        }
        yield array;
      }
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new BigDecimal(parser.getText());
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new IOException("unexpected " + token);
    };
  }
}
