package io.sac4cps.identity.api;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;

/** Responses carrying tokens or secrets must not be cached (RFC 6749 section 5.1). */
final class NoStore {
  private NoStore() {}

  static <T> MutableHttpResponse<T> apply(MutableHttpResponse<T> response) {
    return response
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .header(HttpHeaders.PRAGMA, "no-cache");
  }
}
