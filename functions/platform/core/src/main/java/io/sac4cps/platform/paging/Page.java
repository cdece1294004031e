package io.sac4cps.platform.paging;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.function.Function;

/** A page of a list: {@code {"items": [...], "nextCursor": "..." | null}}. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Page<T>(List<T> items, String nextCursor) {

  /**
   * The page of {@code size} items from rows fetched with one more than {@code size}: the extra row
   * only tells that another page follows, whose cursor is the last item's {@code key}.
   */
  public static <R, T> Page<T> of(
      List<R> fetched, int size, Function<R, T> view, Function<T, String> key) {
    List<T> items = fetched.stream().limit(size).map(view).toList();
    String next = fetched.size() > size ? Cursor.encode(key.apply(items.get(size - 1))) : null;
    return new Page<>(items, next);
  }
}
