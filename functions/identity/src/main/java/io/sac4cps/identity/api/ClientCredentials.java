package io.sac4cps.identity.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.identity.service.Clients;
import java.time.Instant;
import java.util.List;

/** 201 body of POST /clients: the only time the secret is shown. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClientCredentials(
    String clientId,
    String clientSecret,
    String name,
    String description,
    String tenantId,
    List<String> roles,
    Instant createdAt) {

  static ClientCredentials of(Clients.Created created) {
    var client = created.client();
    return new ClientCredentials(
        client.id(),
        created.secret(),
        client.name(),
        client.description(),
        client.tenantId(),
        client.roles(),
        client.createdAt());
  }
}
