package io.sac4cps.platform.database;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * An RDS IAM authentication token: a SigV4-presigned {@code connect} request for one database user,
 * valid for 15 minutes, used as the password. The same token the SDK's {@code
 * RdsUtilities.generateAuthenticationToken} makes (RdsAuthenticationTokenTest compares them), made
 * here with the signer every function already carries: the {@code rds} module is 6 MB of RDS API
 * client for this one presigned request.
 */
public final class RdsAuthenticationToken {

  /** The longest lifetime RDS accepts; a token is only checked when a connection opens. */
  static final Duration LIFETIME = Duration.ofMinutes(15);

  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private RdsAuthenticationToken() {}

  /**
   * @param endpoint the host and port the connection goes to (the RDS Proxy's)
   * @param user the database user, which must be granted {@code rds-db:connect} to sign in
   */
  public static String generate(
      URI endpoint, String user, String region, AwsCredentialsIdentity credentials, Clock clock) {
    SdkHttpRequest connect =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.GET)
            .protocol("https")
            .host(endpoint.getHost())
            .port(endpoint.getPort())
            .encodedPath("/")
            .putRawQueryParameter("DBUser", user)
            .putRawQueryParameter("Action", "connect")
            .build();
    SignedRequest signed =
        SIGNER.sign(
            r ->
                r.identity(credentials)
                    .request(connect)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "rds-db")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(
                        AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                    .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, LIFETIME)
                    .putProperty(HttpSigner.SIGNING_CLOCK, clock));
    // The token is the presigned URL without its scheme.
    return signed.request().getUri().toString().substring("https://".length());
  }
}
