package io.sac4cps.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * Data of {@value #TYPE}: identity registered a user, on SNS {@link Topics#IDENTITY_EVENTS}; the
 * event's subject is the user id.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserRegistered(
    String userId, String email, String name, String tenantId, List<String> roles) {

  public static final String TYPE = "user.registered.v1";

  public UserRegistered {
    roles = List.copyOf(roles);
  }
}
