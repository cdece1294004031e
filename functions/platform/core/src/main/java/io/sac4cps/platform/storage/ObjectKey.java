package io.sac4cps.platform.storage;

import java.util.regex.Pattern;

/**
 * An object of one tenant: its {@code name} is unique within the tenant, e.g. {@code
 * reports/2026-12/summary.csv}. The tenant is part of every key, so there is no way to name an
 * object without saying whose it is.
 *
 * @param tenantId the owning tenant, as in the caller's token or the event's {@code tenantid}
 * @param name slash-separated segments of letters, digits, {@code .}, {@code _} and {@code -}; none
 *     empty, {@code .} or {@code ..}
 */
public record ObjectKey(String tenantId, String name) {

  static final String PREFIX = "tenants/";
  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,255}");
  // S3 allows 1024 bytes; the prefix and the tenant take at most 73 of them.
  private static final int MAX_NAME_LENGTH = 900;

  public ObjectKey {
    if (tenantId == null || !TENANT.matcher(tenantId).matches()) {
      throw new IllegalArgumentException("tenant id must match " + TENANT + ": " + tenantId);
    }
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("object name must have 1 to 900 characters");
    }
    for (String segment : name.split("/", -1)) {
      // "." and ".." would be resolved away by HTTP clients, moving a URL to another key.
      if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "object name segments must match " + SEGMENT + " and not be . or ..: " + name);
      }
    }
  }

  public static ObjectKey of(String tenantId, String name) {
    return new ObjectKey(tenantId, name);
  }

  /** The key in the bucket: {@code tenants/<tenantId>/<name>}. */
  public String s3Key() {
    return PREFIX + tenantId + "/" + name;
  }
}
