package io.sac4cps.authorizer;

import static io.sac4cps.authorizer.PolicyDocuments.effect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import io.sac4cps.platform.keys.PublishedKeys;
import io.sac4cps.platform.keys.SigningKeyRing;
import io.sac4cps.testkit.security.TestTokens;
import io.sac4cps.testkit.time.ManualClock;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The authorizer across a rotation of identity's signing keys (decision 0061), with identity's JWKS
 * served over real HTTP from a key ring rotated as the key store rotates it: tokens of the previous
 * key verify during the overlap, a removed key's tokens are refused (API Gateway's 401), a new key
 * id costs one fetch of the JWKS however many tokens name it, and nothing logged holds a key or a
 * token.
 */
class SigningKeyRotationIT {
  private static final Duration OVERLAP = Duration.ofHours(1);
  private static final String ARN = "arn:aws:execute-api:eu-west-1:123456789012:api/prod/";
  private static final RouteRoles ROUTES = RouteRoles.parse("GET\t/rooms\tadmin,viewer\n");

  private final ManualClock clock = new ManualClock(Instant.now());
  private final AtomicReference<SigningKeyRing> published = new AtomicReference<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
  private final Logger keysLog = Logger.getLogger(PublishedKeys.class.getName());
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(new java.util.logging.SimpleFormatter().formatMessage(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private HttpServer identity;
  private SigningKeyRing ring;
  private TokenAuthorizerHandler handler;

  @BeforeEach
  void publishARing() throws IOException {
    keysLog.addHandler(capture);
    ring = SigningKeyRing.generate();
    published.set(ring);
    identity = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    identity.createContext(
        "/.well-known/jwks.json",
        exchange -> {
          fetches.incrementAndGet();
          byte[] body =
              published
                  .get()
                  .publicKeys(clock.instant())
                  .toString()
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    identity.start();
    // Deployed with the JWKS of the day, as CDK bakes it into the environment.
    handler =
        new TokenAuthorizerHandler(
            new TokenVerifier(
                PublishedKeys.of(ring.publicKeys(clock.instant()).toString(), jwksUrl(), clock),
                TestTokens.ISSUER,
                TestTokens.AUDIENCE,
                clock),
            ROUTES);
  }

  @AfterEach
  void stop() {
    identity.stop(0);
    keysLog.removeHandler(capture);
  }

  @Test
  void thePreviousKeysTokensVerifyDuringTheOverlapAndTheNextKeySignsWithoutAFetch() {
    String beforeRotation = token(ring.active(), Duration.ofMinutes(15));

    SigningKeyRing rotated = rotate(ring);
    String afterRotation = token(rotated.active(), Duration.ofMinutes(15));

    assertThat(allowed(afterRotation)).as("the next key was published before it signed").isTrue();
    assertThat(fetches).as("no fetch for a key already published").hasValue(0);
    clock.advance(PublishedKeys.MAX_AGE.plusMinutes(1));
    assertThat(allowed(beforeRotation)).as("the previous key verifies in the overlap").isTrue();
    assertThat(fetches).as("the keys were fetched again once they were old").hasValue(1);
    assertThat(allowed(afterRotation)).isTrue();
  }

  @Test
  void aRemovedKeysTokensAreRefusedWithUnauthorized() {
    // A token of the previous key that would still be valid, as one minted with a stolen key.
    RSAKey previous = ring.active();
    String longLived = token(previous, OVERLAP.multipliedBy(3));
    rotate(ring);
    assertThat(allowed(longLived)).isTrue();

    clock.advance(OVERLAP.plusMinutes(1));

    assertThat(published.get().publicKeys(clock.instant()).getKeyByKeyId(previous.getKeyID()))
        .as("identity no longer publishes the retired key")
        .isNull();
    assertThatThrownBy(() -> allowed(longLived))
        .isInstanceOf(TokenAuthorizerHandler.UnauthorizedException.class)
        .hasMessage(TokenAuthorizerHandler.UNAUTHORIZED);
  }

  @Test
  void anUnknownKeyIdMakesOneFetchHoweverManyTokensNameIt() {
    // Two rotations later: the active key is one this deployment never saw.
    SigningKeyRing twiceRotated = rotate(rotate(ring));
    for (int i = 0; i < 20; i++) {
      assertThat(allowed(token(twiceRotated.active(), Duration.ofMinutes(15)))).isTrue();
    }
    assertThat(fetches).hasValue(1);

    // Made-up key ids (an attacker's): refused, and no more than one fetch per interval.
    for (int i = 0; i < 50; i++) {
      String forged = token(madeUpKey(), Duration.ofMinutes(15));
      assertThatThrownBy(() -> allowed(forged))
          .isInstanceOf(TokenAuthorizerHandler.UnauthorizedException.class);
    }
    assertThat(fetches).as("within the interval after the last fetch").hasValue(1);
    clock.advance(PublishedKeys.MIN_REFRESH_INTERVAL.plusSeconds(1));
    for (int i = 0; i < 50; i++) {
      String forged = token(madeUpKey(), Duration.ofMinutes(15));
      assertThatThrownBy(() -> allowed(forged))
          .isInstanceOf(TokenAuthorizerHandler.UnauthorizedException.class);
    }
    assertThat(fetches).hasValue(2);
  }

  @Test
  void rotationLogsKeyIdsButNoKeyOrToken() {
    List<String> lambdaLog = Collections.synchronizedList(new ArrayList<>());
    RSAKey previous = ring.active();
    String old = token(previous, OVERLAP.multipliedBy(3));
    SigningKeyRing rotated = rotate(rotate(ring));
    String fresh = token(rotated.active(), Duration.ofMinutes(15));

    handler.handleRequest(request(fresh), loggingTo(lambdaLog));
    clock.advance(OVERLAP.plusMinutes(1));
    assertThatThrownBy(() -> handler.handleRequest(request(old), loggingTo(lambdaLog)))
        .isInstanceOf(TokenAuthorizerHandler.UnauthorizedException.class);

    List<String> everything = new ArrayList<>(logged);
    everything.addAll(lambdaLog);
    assertThat(String.join("\n", logged)).contains(rotated.active().getKeyID());
    for (String line : everything) {
      assertThat(line).doesNotContain(old).doesNotContain(fresh);
      for (RSAKey key : List.of(previous, rotated.active())) {
        assertThat(line)
            .doesNotContain(key.getModulus().toString())
            .doesNotContain(key.getPrivateExponent().toString());
      }
    }
  }

  /** Rotates the published ring at the clock's time, as the key store's rotation does. */
  private SigningKeyRing rotate(SigningKeyRing from) {
    SigningKeyRing rotated = from.rotate(clock.instant(), OVERLAP);
    published.set(rotated);
    return rotated;
  }

  private String token(RSAKey key, Duration lifetime) {
    return TestTokens.builder()
        .roles("viewer")
        .signedWith(key)
        .expiresAt(clock.instant().plus(lifetime))
        .sign();
  }

  /** A key no one publishes, under a new key id. */
  private static RSAKey madeUpKey() {
    return new RSAKey.Builder(TestTokens.foreignKey()).keyID(UUID.randomUUID().toString()).build();
  }

  private boolean allowed(String token) {
    return "Allow".equals(effect(handler.handleRequest(request(token), null)));
  }

  private static APIGatewayCustomAuthorizerEvent request(String token) {
    return AuthorizerEvents.request(ARN, "GET", "/rooms", "/rooms", AuthorizerEvents.bearer(token));
  }

  private String jwksUrl() {
    return "http://"
        + identity.getAddress().getHostString()
        + ":"
        + identity.getAddress().getPort()
        + "/.well-known/jwks.json";
  }

  private static Context loggingTo(List<String> lines) {
    LambdaLogger logger =
        new LambdaLogger() {
          @Override
          public void log(String message) {
            lines.add(message);
          }

          @Override
          public void log(byte[] message) {
            lines.add(new String(message, StandardCharsets.UTF_8));
          }
        };
    return (Context)
        Proxy.newProxyInstance(
            Context.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) -> method.getName().equals("getLogger") ? logger : null);
  }
}
