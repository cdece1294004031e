package io.sac4cps.platform.http;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.sac4cps.platform.problem.ProblemException;

/**
 * Refuses bodies over {@code sac4cps.http.max-body-bytes} (1 MiB unless configured) with a 413
 * before anything parses them; API Gateway's own 10 MB limit is far above what any route needs.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestSizeFilter implements Ordered {
  private final long maxBodyBytes;

  public RequestSizeFilter(@Value("${sac4cps.http.max-body-bytes:1048576}") long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  @RequestFilter
  public void refuseOversizedBodies(HttpRequest<?> request) {
    // The header may be missing or understate the body: the body received decides too.
    if (request.getContentLength() > maxBodyBytes || ReceivedBody.exceeds(request, maxBodyBytes)) {
      throw new ProblemException(
          HttpStatus.REQUEST_ENTITY_TOO_LARGE,
          "The request body is larger than " + maxBodyBytes + " bytes.");
    }
  }

  @Override
  public int getOrder() {
    return HIGHEST_PRECEDENCE + 1;
  }
}
