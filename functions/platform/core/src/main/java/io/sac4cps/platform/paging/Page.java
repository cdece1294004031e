package io.sac4cps.platform.paging;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** A page of a list: {@code {"items": [...], "nextCursor": "..." | null}}. */
@Serdeable
public record Page<T>(List<T> items, String nextCursor) {}
