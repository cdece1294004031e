package io.sac4cps.notifications.domain;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What SES reported about a sent email that makes its addresses unusable: a permanent bounce or a
 * complaint. Transient bounces (a full mailbox) are not feedback of this kind: SES retries them.
 *
 * @param tenantId the tenant the email was sent for (its {@code X-Sac4cps-Tenant} header)
 * @param notificationId the notification the email carried ({@code X-Sac4cps-Notification})
 * @param addresses the recipients SES reported, lower-cased
 * @param reason what to record, e.g. {@code hard bounce (Permanent/General): smtp; 550 5.1.1 …}
 * @param feedbackId SES's id of the report
 */
public record EmailFeedback(
    Kind kind,
    String tenantId,
    String notificationId,
    List<String> addresses,
    String reason,
    String feedbackId,
    Instant at) {

  public enum Kind {
    HARD_BOUNCE,
    COMPLAINT
  }

  public EmailFeedback {
    addresses = addresses.stream().map(EmailFeedback::normalised).distinct().toList();
  }

  /** The form addresses are compared in: SES and recipients may differ in case only. */
  public static String normalised(String address) {
    return address.trim().toLowerCase(Locale.ROOT);
  }
}
