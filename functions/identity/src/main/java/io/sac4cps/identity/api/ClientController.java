package io.sac4cps.identity.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.sac4cps.identity.service.Clients;
import io.sac4cps.platform.security.Caller;
import io.sac4cps.platform.security.Roles;
import java.net.URI;

/** POST /clients: admins create clients of their own tenant. */
@Controller("/clients")
public class ClientController {
  private final Clients clients;

  ClientController(Clients clients) {
    this.clients = clients;
  }

  @Post
  @Secured(Roles.ADMIN)
  HttpResponse<ClientCredentials> create(@Body ClientCreateRequest body, Caller caller) {
    var created = clients.create(caller, body.name(), body.description(), body.roles());
    ClientCredentials credentials = ClientCredentials.of(created);
    // Where the client lives; no route reads a single client yet.
    return NoStore.apply(
        HttpResponse.created(credentials, URI.create("/clients/" + credentials.clientId())));
  }
}
