package io.sac4cps.contracts.wiring;

import java.util.List;

/**
 * A private object-storage bucket (S3 in AWS): reports and exports, handed out through presigned
 * URLs.
 *
 * @param name its name in the wiring; the deployed bucket's own name is generated and given to its
 *     users through their environment
 * @param users functions that read and write its objects
 * @param expireAfterDays objects are deleted this many days after they were written
 */
public record Bucket(String name, List<String> users, int expireAfterDays) {

  public Bucket {
    users = List.copyOf(users);
  }
}
