package io.sac4cps.notifications.domain;

import java.util.Locale;

/**
 * Where a delivery stands. {@link #SENDING} is internal (a sender holds the row's lease); the API
 * shows it as {@code queued}.
 */
public enum DeliveryStatus {
  QUEUED,
  SENDING,
  SENT,
  FAILED,
  SKIPPED,
  LIMITED;

  public String column() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DeliveryStatus ofColumn(String column) {
    return valueOf(column.toUpperCase(Locale.ROOT));
  }

  public String wireName() {
    return this == SENDING ? "queued" : column();
  }

  public boolean isFinal() {
    return this != QUEUED && this != SENDING;
  }
}
