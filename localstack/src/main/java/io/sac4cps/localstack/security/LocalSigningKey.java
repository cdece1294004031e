package io.sac4cps.localstack.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.sac4cps.contracts.api.Tokens;
import io.sac4cps.platform.keys.SigningKeyRing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The local stack's key store for identity's signing keys, as Secrets Manager is in AWS (decision
 * 0061): one key ring per run, rotated on demand ({@link #rotate}), served to identity the way the
 * Parameters and Secrets extension serves the secret in Lambda ({@code GET
 * /secretsmanager/get?secretId=}), on loopback only. Until identity runs the stack mints the demo
 * tokens with the ring's active key itself; every other function trusts the ring's public keys, as
 * in AWS they trust identity's.
 */
public final class LocalSigningKey implements AutoCloseable {
  public static final String ISSUER = Tokens.LOCAL_ISSUER;
  public static final String AUDIENCE = Tokens.AUDIENCE;

  /** The name identity asks the store for, as it names the secret in AWS. */
  public static final String SECRET_ID = "local/identity-signing-keys";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AtomicReference<SigningKeyRing> ring;
  private HttpServer store;

  private LocalSigningKey(SigningKeyRing ring) {
    this.ring = new AtomicReference<>(ring);
  }

  public static LocalSigningKey generate() {
    return new LocalSigningKey(SigningKeyRing.generate());
  }

  /** The public keys as a JWKS document, what {@code SAC4CPS_SECURITY_JWKS} holds. */
  public String publicJwks() {
    return ring.get().publicKeys(Instant.now()).toString();
  }

  /**
   * The ring after a rotation now: the next key signs once identity reads the ring again, and the
   * key that signed until now stays published for {@code overlap}.
   */
  public void rotate(Duration overlap) {
    ring.updateAndGet(current -> current.rotate(Instant.now(), overlap));
  }

  /** The id of the key that signs now. */
  public String activeKeyId() {
    return ring.get().active().getKeyID();
  }

  /**
   * Where identity reads the ring, as from the secrets extension ({@code
   * sac4cps.secrets-extension-url}); starts the store on first use.
   */
  public synchronized URI storeUrl() {
    if (store == null) {
      try {
        store = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the local key store", e);
      }
      store.createContext(
          "/secretsmanager/get",
          exchange -> {
            String query = exchange.getRequestURI().getQuery();
            boolean known = ("secretId=" + SECRET_ID).equals(query);
            byte[] body =
                known
                    ? JSON.writeValueAsBytes(
                        Map.of("Name", SECRET_ID, "SecretString", ring.get().toJson()))
                    : new byte[0];
            exchange.sendResponseHeaders(known ? 200 : 404, known ? body.length : -1);
            if (known) {
              exchange.getResponseBody().write(body);
            }
            exchange.close();
          });
      store.start();
    }
    return URI.create("http://127.0.0.1:" + store.getAddress().getPort());
  }

  /** An access token shaped like identity's: sub, tenant, roles, iss, aud, iat, exp. */
  public String mint(String subject, String tenant, List<String> roles, Duration lifetime) {
    RSAKey key = ring.get().active();
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject(subject)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)))
            .jwtID(UUID.randomUUID().toString())
            .claim("tenant", tenant)
            .claim("roles", roles)
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return jwt.serialize();
  }

  @Override
  public synchronized void close() {
    if (store != null) {
      store.stop(0);
      store = null;
    }
  }
}
