package io.sac4cps.localstack.e2e;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.services.s3.S3Client;

/** Where the scenarios run: the platform's base URL and what the target offers besides it. */
interface E2eTarget {
  URI baseUrl();

  /** Whether a function is deployed on the target (scenarios needing a missing one are skipped). */
  boolean has(String function);

  /**
   * Tokens the target's functions trust without identity (the docker-free stack mints them); empty
   * where only identity can issue tokens.
   */
  Optional<TokenMinter> tokenMinter();

  /** API Gateway answers unknown routes 403 "Missing Authentication Token"; the local one 404. */
  List<Integer> unknownRouteStatuses();

  /**
   * The notifications WebSocket API ({@code wss://…/ws/notifications}), where the target has one.
   */
  default Optional<URI> webSocketUrl() {
    return Optional.empty();
  }

  /** Whether the target shows the mail it sent at {@code GET /_local/mail} (the local stack). */
  default boolean showsMail() {
    return false;
  }

  /**
   * The cap on how fast an export reads (sensors' {@code sac4cps.sensors.export.rows-per-second})
   * the target runs with: what makes an export last long enough to be cancelled mid-run whatever
   * the machine's speed. Empty where exports run at full speed.
   */
  default OptionalInt exportRowsPerSecond() {
    return OptionalInt.empty();
  }

  /**
   * Whether the target collects the functions' spans at {@code GET /_local/traces?traceId=} and
   * their metrics at {@code GET /_local/metrics} (the local stack).
   */
  default boolean showsTelemetry() {
    return false;
  }

  /** The private {@code reports} bucket, where the target lets the suite look into it. */
  default Optional<S3Client> reportsBucket() {
    return Optional.empty();
  }

  @FunctionalInterface
  interface TokenMinter {
    String mint(String subject, String tenant, List<String> roles);
  }
}
