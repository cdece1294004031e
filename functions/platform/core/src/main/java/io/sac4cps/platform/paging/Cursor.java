package io.sac4cps.platform.paging;

import io.sac4cps.platform.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Opaque keyset cursors: the sort key(s) of the last item on a page, joined and base64url-encoded.
 * Opaque so clients do not build them; keyset so pages stay stable while rows are inserted.
 */
public final class Cursor {
  private static final char SEPARATOR = '\u001f';
  // Marks a cursor this API made, so a made-up one that happens to decode ("zzz", "0") is
  // refused like any other instead of paging from wherever its bytes point.
  private static final String MARK = "c1" + SEPARATOR;

  private Cursor() {}

  public static String encode(String... keys) {
    String joined = MARK + String.join(String.valueOf(SEPARATOR), keys);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(joined.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Decodes a cursor of {@code parts} keys, or answers 400 naming the {@code cursor} parameter:
   * every cursor this API did not make gets the same answer.
   */
  public static List<String> decode(String cursor, int parts) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!decoded.startsWith(MARK)) {
        throw new IllegalArgumentException("not made here");
      }
      String joined = decoded.substring(MARK.length());
      List<String> keys = List.of(joined.split(String.valueOf(SEPARATOR), -1));
      if (keys.size() != parts) {
        throw new IllegalArgumentException("wrong arity");
      }
      return keys;
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("cursor", "is not a cursor this API returned");
    }
  }

  /** The page size: {@code limit} if given (1..max), else {@code fallback}. */
  public static int limit(Integer limit, int fallback, int max) {
    if (limit == null) {
      return fallback;
    }
    if (limit < 1 || limit > max) {
      throw ProblemException.badRequest("limit", "must be between 1 and " + max);
    }
    return limit;
  }
}
