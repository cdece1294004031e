package io.sac4cps.platform.security;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.util.Optional;

/** Lets controllers declare a {@link Caller} parameter, bound from the validated token. */
@Singleton
public class CallerArgumentBinder implements TypedRequestArgumentBinder<Caller> {

  @Override
  public Argument<Caller> argumentType() {
    return Argument.of(Caller.class);
  }

  @Override
  public BindingResult<Caller> bind(
      ArgumentConversionContext<Caller> context, HttpRequest<?> source) {
    Optional<Authentication> authentication = source.getUserPrincipal(Authentication.class);
    if (authentication.isEmpty()) {
      return BindingResult.unsatisfied();
    }
    Caller caller = Caller.of(authentication.get());
    return () -> Optional.of(caller);
  }
}
