package io.sac4cps.infra;

import io.sac4cps.contracts.api.Throttle;
import java.util.Arrays;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * What differs between stages. {@code dev} is cheap and disposable; {@code prod} keeps data and
 * logs, runs a reader and two NAT gateways, and never allows CORS from anywhere; {@code local}
 * deploys to LocalStack's free image.
 *
 * @param allowedOrigins CORS origins; {@code ["*"]} only in dev; {@link PlatformStack} puts the
 *     dashboard's CloudFront origin first (and drops {@code *}) when it deploys the dashboard
 * @param maxMessageAgeSeconds age of the oldest queued message that raises an alarm
 * @param emulated LocalStack's free image: no VPC, Aurora, MSK or WebSocket API; functions use the
 *     PostgreSQL and Kafka of localstack/docker-compose.yml
 */
public record StageSettings(
    String name,
    RetentionDays logRetention,
    RemovalPolicy removalPolicy,
    int natGateways,
    double dbMinCapacity,
    double dbMaxCapacity,
    int dbReaders,
    int dbBackupDays,
    boolean deletionProtection,
    List<String> allowedOrigins,
    Throttle defaultThrottle,
    int maxMessageAgeSeconds,
    boolean emulated) {

  public static final List<String> STAGES = List.of("dev", "prod", "local");

  /** The same settings with {@code origins} as the CORS origins. */
  public StageSettings withAllowedOrigins(List<String> origins) {
    return new StageSettings(
        name,
        logRetention,
        removalPolicy,
        natGateways,
        dbMinCapacity,
        dbMaxCapacity,
        dbReaders,
        dbBackupDays,
        deletionProtection,
        List.copyOf(origins),
        defaultThrottle,
        maxMessageAgeSeconds,
        emulated);
  }

  /** Log groups cannot be snapshotted: kept unless the stage throws everything away. */
  public RemovalPolicy logRemovalPolicy() {
    return removalPolicy == RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
  }

  /**
   * Settings of {@code stage}; {@code allowedOrigins} is the comma-separated context value of the
   * same name, or null for the stage's default (prod has none and requires it).
   */
  public static StageSettings of(String stage, String allowedOrigins) {
    List<String> origins =
        allowedOrigins == null || allowedOrigins.isBlank()
            ? List.of()
            : Arrays.stream(allowedOrigins.split(",")).map(String::trim).toList();
    return switch (stage) {
      case "dev" ->
          new StageSettings(
              "dev",
              RetentionDays.ONE_WEEK,
              RemovalPolicy.DESTROY,
              1,
              0.5,
              2,
              0,
              1,
              false,
              origins.isEmpty() ? List.of("*") : origins,
              new Throttle(50, 100),
              300,
              false);
      case "local" ->
          new StageSettings(
              "local",
              RetentionDays.ONE_DAY,
              RemovalPolicy.DESTROY,
              0,
              0,
              0,
              0,
              1,
              false,
              List.of("*"),
              new Throttle(50, 100),
              300,
              true);
      case "prod" -> {
        if (origins.contains("*")) {
          throw new IllegalArgumentException(
              "stage prod allows the dashboard's origin and those of -c"
                  + " allowedOrigins=https://app.example.com[,…], never '*'");
        }
        yield new StageSettings(
            "prod",
            RetentionDays.THREE_MONTHS,
            RemovalPolicy.SNAPSHOT,
            2,
            0.5,
            16,
            1,
            14,
            true,
            origins,
            new Throttle(500, 1000),
            120,
            false);
      }
      default ->
          throw new IllegalArgumentException("unknown stage '" + stage + "', use one of " + STAGES);
    };
  }
}
