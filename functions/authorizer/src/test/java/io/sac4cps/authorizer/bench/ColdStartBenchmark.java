package io.sac4cps.authorizer.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sac4cps.contracts.api.Tokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;

/**
 * Measures the authorizer's cold start: JVM start to first decision of the shaded jar, in fresh
 * JVMs with the flags Lambda's Java runtime uses. Not a test; run after {@code package}:
 *
 * <pre>
 * ./mvnw -q -pl functions/authorizer -am package -DskipTests
 * java -cp functions/authorizer/target/authorizer-lambda.jar:functions/authorizer/target/test-classes \
 *     io.sac4cps.authorizer.bench.ColdStartBenchmark functions/authorizer/target 7
 * </pre>
 *
 * The child JVM gets only the Lambda jar and this package's driver on its class path; the key and
 * token are made here with nimbus (in the Lambda jar), so no Maven class path is needed.
 */
public final class ColdStartBenchmark {
  private static final String ISSUER = Tokens.LOCAL_ISSUER;
  private static final String AUDIENCE = Tokens.AUDIENCE;

  private ColdStartBenchmark() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path target = Path.of(args.length > 0 ? args[0] : "functions/authorizer/target");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    Path jar = target.resolve("authorizer-lambda.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run package first");
    }
    String classPath = jar + java.io.File.pathSeparator + target.resolve("test-classes");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    RSAKey key = newKey();
    String token = token(key);

    List<Long> inJvm = new ArrayList<>();
    List<Long> wall = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      ProcessBuilder process =
          new ProcessBuilder(
                  java,
                  "-XX:+TieredCompilation",
                  "-XX:TieredStopAtLevel=1",
                  "-Xshare:auto",
                  "-cp",
                  classPath,
                  FirstDecisionDriver.class.getName(),
                  token,
                  "GET",
                  "/sensors/{id}",
                  "/sensors/s-1")
              .redirectErrorStream(true);
      process.environment().put("SAC4CPS_SECURITY_JWKS", new JWKSet(key.toPublicJWK()).toString());
      process.environment().put("SAC4CPS_SECURITY_ISSUER", ISSUER);
      process.environment().put("SAC4CPS_SECURITY_AUDIENCE", AUDIENCE);
      long started = System.nanoTime();
      Process child = process.start();
      String result = null;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("FIRST_DECISION_MS=")) {
            result = line;
            wall.add((System.nanoTime() - started) / 1_000_000);
          } else {
            System.out.println("  child: " + line);
          }
        }
      }
      if (child.waitFor() != 0 || result == null) {
        throw new IllegalStateException("the driver failed (exit " + child.exitValue() + ")");
      }
      inJvm.add(Long.parseLong(result.substring(18, result.indexOf(' '))));
      System.out.println("run " + (run + 1) + ": " + result);
    }
    System.out.printf(
        "authorizer cold start over %d runs: JVM start to first decision median %d ms"
            + " (min %d); process spawn to decision median %d ms%n",
        runs, median(inJvm), Collections.min(inJvm), median(wall));
  }

  private static RSAKey newKey() {
    try {
      return new RSAKeyGenerator(2048).keyID("bench").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String token(RSAKey key) {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .subject("bench-user")
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .expirationTime(new Date(System.currentTimeMillis() + 600_000))
                .claim("tenant", "bench-tenant")
                .claim("roles", List.of("operator"))
                .build());
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
