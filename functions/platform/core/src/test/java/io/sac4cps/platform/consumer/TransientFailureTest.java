package io.sac4cps.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class TransientFailureTest {

  @Test
  void anUnreachableDatabaseADeadlockAndATimeoutAreTransientWhateverWrapsThem() {
    assertThat(TransientFailure.causes(wrapped(new SQLException("gone", "08006")))).isTrue();
    assertThat(TransientFailure.causes(wrapped(new SQLException("shutdown", "57P01")))).isTrue();
    assertThat(TransientFailure.causes(wrapped(new SQLException("deadlock", "40P01")))).isTrue();
    assertThat(TransientFailure.causes(wrapped(new SQLException("serialize", "40001")))).isTrue();
    assertThat(TransientFailure.causes(wrapped(new SQLException("timeout", "57014")))).isTrue();
    assertThat(TransientFailure.causes(wrapped(new SQLException("too many", "53300")))).isTrue();
    assertThat(TransientFailure.causes(wrapped(new ConnectException("refused")))).isTrue();
    assertThat(TransientFailure.causes(wrapped(new SocketTimeoutException("read")))).isTrue();
  }

  @Test
  void aStatementTheDatabaseRefusesAndABugAreNot() {
    assertThat(TransientFailure.causes(wrapped(new SQLException("check", "23514")))).isFalse();
    assertThat(TransientFailure.causes(wrapped(new SQLException("too long", "22001")))).isFalse();
    assertThat(TransientFailure.causes(new NullPointerException())).isFalse();
    assertThat(TransientFailure.causes(new IllegalStateException("no such room"))).isFalse();
  }

  private static RuntimeException wrapped(Exception cause) {
    return new IllegalStateException("apply failed", new RuntimeException(cause));
  }
}
