package io.sac4cps.identity.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.sac4cps.identity.service.Login;
import io.sac4cps.identity.service.Registration;
import io.sac4cps.platform.http.ClientAddress;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.platform.security.Caller;
import java.net.URI;

/** POST /auth/register and POST /auth/login: public routes (the gateway runs no authorizer). */
@Controller("/auth")
@Secured(SecurityRule.IS_ANONYMOUS)
public class AuthController {
  private final Registration registration;
  private final Login login;

  AuthController(Registration registration, Login login) {
    this.registration = registration;
    this.login = login;
  }

  /**
   * The route is public, so identity checks an admin's token itself: a token that is present but
   * not valid is refused rather than ignored, so that a stale admin token never silently creates a
   * new organisation.
   */
  @Post("/register")
  HttpResponse<RegisteredUser> register(
      @Body RegisterRequest body, @Nullable Caller caller, HttpRequest<?> request) {
    if (caller == null && request.getHeaders().getAuthorization().isPresent()) {
      throw new ProblemException(HttpStatus.UNAUTHORIZED, "A valid bearer token is required.");
    }
    var user =
        registration.register(
            new Registration.Command(
                body.email(), body.password(), body.name(), body.organization(), body.roles()),
            caller);
    RegisteredUser registered = RegisteredUser.of(user);
    // Where the user lives; no route reads a single user by id yet (the user reads /users/me).
    return HttpResponse.created(registered, URI.create("/users/" + registered.id()));
  }

  @Post("/login")
  HttpResponse<TokenResponse> login(@Body LoginRequest body, HttpRequest<?> request) {
    return NoStore.apply(
        HttpResponse.ok(
            TokenResponse.of(
                login.login(body.email(), body.password(), ClientAddress.of(request)))));
  }
}
