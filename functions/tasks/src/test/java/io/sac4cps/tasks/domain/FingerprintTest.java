package io.sac4cps.tasks.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {

  @Test
  void keyOrderDoesNotChangeTheFingerprintButAValueDoes() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("kind", "sensor-data-export");
    a.put("params", Map.of("from", "2026-01-01T00:00:00Z", "to", "2026-02-01T00:00:00Z"));
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("params", Map.of("to", "2026-02-01T00:00:00Z", "from", "2026-01-01T00:00:00Z"));
    b.put("kind", "sensor-data-export");

    assertThat(Fingerprint.of(a)).isEqualTo(Fingerprint.of(b));
    assertThat(Fingerprint.of(a))
        .isNotEqualTo(Fingerprint.of(Map.of("kind", "sensor-data-export", "params", Map.of())));
    assertThat(Fingerprint.of(List.of(1, 2))).isNotEqualTo(Fingerprint.of(List.of(2, 1)));
  }

  @Test
  void idempotencyKeysAreStructuredFieldStringsOrBareTokens() {
    assertThat(IdempotencyKey.parse("\"8e03978e-40d5\""))
        .contains(new IdempotencyKey("8e03978e-40d5"));
    assertThat(IdempotencyKey.parse("abc")).contains(new IdempotencyKey("abc"));
    assertThat(IdempotencyKey.parse("\"\"")).isEmpty();
    assertThat(IdempotencyKey.parse("a".repeat(256))).isEmpty();
  }
}
