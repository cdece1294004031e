package io.sac4cps.testkit.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.sac4cps.platform.storage.Buckets;
import io.sac4cps.platform.storage.ObjectKey;
import io.sac4cps.platform.storage.ObjectStorage;
import io.sac4cps.platform.storage.PresignedUrl;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The platform's object storage against a real S3-speaking server: what a person holding a
 * presigned URL gets, with a plain HTTP client and no AWS credentials. PostgreSQL because a
 * function's context always has its database (Micronaut opens the pool at start).
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.S3})
class ObjectStorageIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static ApplicationContext context;
  private static ObjectStorage storage;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    context = ApplicationContext.run(infrastructure.properties());
    storage = context.getBean(Buckets.class).named(Infrastructure.BUCKET);
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void aPresignedUrlDownloadsTheObjectWithItsContentType() throws Exception {
    ObjectKey key = ObjectKey.of("tenant-a", "reports/2026-12/summary.csv");
    storage.put(key, "room,avg\nr1,21.5\n".getBytes(StandardCharsets.UTF_8), "text/csv");

    Instant before = Instant.now();
    PresignedUrl url = storage.presignedGet(key, Duration.ofMinutes(10));
    HttpResponse<String> response = get(url.url());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("room,avg\nr1,21.5\n");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv");
    assertThat(url.expiresAt())
        .isAfterOrEqualTo(before.plus(Duration.ofMinutes(10)).minusSeconds(1))
        .isBefore(Instant.now().plus(Duration.ofMinutes(10)).plusSeconds(1));
  }

  @Test
  void aStreamedObjectIsStoredWhole() throws Exception {
    byte[] export = new byte[300_000];
    for (int i = 0; i < export.length; i++) {
      export[i] = (byte) (i % 251);
    }
    ObjectKey key = ObjectKey.of("tenant-a", "exports/readings.bin");
    storage.put(key, new ByteArrayInputStream(export), export.length, "application/octet-stream");

    HttpResponse<byte[]> response =
        HTTP.send(
            HttpRequest.newBuilder(storage.presignedGet(key, Duration.ofMinutes(1)).url()).build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(export);
  }

  @Test
  void anExpiredUrlIsRefused() throws Exception {
    ObjectKey key = ObjectKey.of("tenant-a", "reports/short-lived.csv");
    storage.put(key, "x\n".getBytes(StandardCharsets.UTF_8), "text/csv");
    PresignedUrl url = storage.presignedGet(key, Duration.ofSeconds(1));

    // SigV4 expiry has a resolution of one second.
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), url.expiresAt()).toMillis()) + 1_500);
    HttpResponse<String> response = get(url.url());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("AccessDenied").doesNotContain("x\n");
  }

  @Test
  void aUrlForOneKeyDoesNotOpenAnother() throws Exception {
    storage.put(ObjectKey.of("tenant-a", "reports/mine.csv"), bytes("mine"), "text/csv");
    storage.put(ObjectKey.of("tenant-a", "reports/other.csv"), bytes("other"), "text/csv");
    storage.put(ObjectKey.of("tenant-b", "reports/mine.csv"), bytes("b's"), "text/csv");
    URI url =
        storage
            .presignedGet(ObjectKey.of("tenant-a", "reports/mine.csv"), Duration.ofMinutes(5))
            .url();

    HttpResponse<String> otherKey =
        get(URI.create(url.toString().replace("/mine.csv", "/other.csv")));
    HttpResponse<String> otherTenant =
        get(URI.create(url.toString().replace("/tenant-a/", "/tenant-b/")));

    assertThat(get(url).body()).isEqualTo("mine");
    assertThat(otherKey.statusCode()).isEqualTo(403);
    assertThat(otherKey.body()).contains("SignatureDoesNotMatch").doesNotContain("other");
    assertThat(otherTenant.statusCode()).isEqualTo(403);
    assertThat(otherTenant.body()).doesNotContain("b's");
  }

  @Test
  void aTenantCanOnlyNameItsOwnObjects(Infrastructure infrastructure) throws Exception {
    storage.put(ObjectKey.of("tenant-a", "reports/secret.csv"), bytes("a's secret"), "text/csv");

    // The same name under another tenant is another object: here, none.
    HttpResponse<String> sameName =
        get(
            storage
                .presignedGet(ObjectKey.of("tenant-b", "reports/secret.csv"), Duration.ofMinutes(1))
                .url());
    assertThat(sameName.statusCode()).isEqualTo(404);
    assertThat(sameName.body()).doesNotContain("a's secret");

    // Names cannot climb out of the tenant's prefix, nor tenant ids reach into another's.
    assertThatThrownBy(() -> ObjectKey.of("tenant-b", "../tenant-a/reports/secret.csv"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ObjectKey.of("tenant-b", "/tenant-a/reports/secret.csv"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ObjectKey.of("tenant-a/reports", "secret.csv"))
        .isInstanceOf(IllegalArgumentException.class);

    // Everything the API stored sits under tenants/<tenant>/.
    assertThat(
            infrastructure
                .s3Client()
                .listObjectsV2(r -> r.bucket(infrastructure.bucket()).prefix("tenants/tenant-a/"))
                .contents())
        .anySatisfy(o -> assertThat(o.key()).isEqualTo("tenants/tenant-a/reports/secret.csv"));
  }

  @Test
  void aUrlIsValidForAtMostSevenDays() {
    ObjectKey key = ObjectKey.of("tenant-a", "reports/any.csv");

    assertThatThrownBy(() -> storage.presignedGet(key, Duration.ofDays(7).plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> storage.presignedGet(key, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> get(URI url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
  }
}
