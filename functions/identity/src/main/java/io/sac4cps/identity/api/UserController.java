package io.sac4cps.identity.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.sac4cps.identity.service.Users;
import io.sac4cps.platform.security.Caller;
import io.sac4cps.platform.security.Roles;

/** GET /users/me and GET /users; roles as in the contract's x-roles, tenant from the token. */
@Controller("/users")
public class UserController {
  private final Users users;

  UserController(Users users) {
    this.users = users;
  }

  @Get("/me")
  @Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
  UserResponse me(Caller caller) {
    return UserResponse.of(users.me(caller));
  }

  @Get
  @Secured(Roles.ADMIN)
  UserPage list(
      Caller caller, @Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit) {
    var page = users.list(caller, cursor, limit);
    return new UserPage(page.items().stream().map(UserResponse::of).toList(), page.nextCursor());
  }
}
