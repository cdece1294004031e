package io.sac4cps.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeyTest {

  @Test
  void theS3KeyStartsWithTheTenant() {
    assertThat(ObjectKey.of("t-1", "reports/2026-12/summary.csv").s3Key())
        .isEqualTo("tenants/t-1/reports/2026-12/summary.csv");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "/abs", "a//b", "a/", "..", "a/../b", "./a", "a b", "a?b", "a%2Fb", "a+b"})
  void namesThatCouldLeaveTheTenantsPrefixOrBeRewrittenAreRefused(String name) {
    assertThatThrownBy(() -> ObjectKey.of("t-1", name))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "..", "a b", "t.1"})
  void tenantIdsThatCouldReachIntoAnotherPrefixAreRefused(String tenantId) {
    assertThatThrownBy(() -> ObjectKey.of(tenantId, "x.csv"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTenantIsRequired() {
    assertThatThrownBy(() -> ObjectKey.of(null, "x.csv"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
