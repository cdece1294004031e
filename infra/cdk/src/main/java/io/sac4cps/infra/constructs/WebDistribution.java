package io.sac4cps.infra.constructs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.ErrorResponse;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

/**
 * The dashboard (module web/) in a private bucket behind CloudFront: the bucket is reachable only
 * through the distribution (origin access control), viewers are redirected to HTTPS (on the default
 * {@code *.cloudfront.net} certificate; a TLS 1.2 minimum needs a custom domain with its own
 * certificate), responses carry security headers, and paths the bucket does not have fall back to
 * {@code index.html} (a single-page app). Built in two steps because the REST API's CORS needs this
 * origin and the app's {@code config.json} needs the API's URL: {@link #origin()} first, {@link
 * #deploy} once the APIs exist.
 */
public final class WebDistribution extends Construct {

  private final Bucket bucket;
  private final Distribution distribution;
  private final Path site;

  private WebDistribution(Construct scope, String id, Builder props) {
    super(scope, id);
    this.site = props.site;
    this.bucket =
        Bucket.Builder.create(this, "Bucket")
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .removalPolicy(props.removalPolicy)
            .autoDeleteObjects(props.removalPolicy == RemovalPolicy.DESTROY)
            .build();
    ResponseHeadersPolicy headers =
        ResponseHeadersPolicy.Builder.create(this, "SecurityHeaders")
            .comment("sac4cps dashboard: CSP, HSTS, nosniff, no framing, no referrer")
            .securityHeadersBehavior(
                ResponseSecurityHeadersBehavior.builder()
                    .contentSecurityPolicy(
                        ResponseHeadersContentSecurityPolicy.builder()
                            .contentSecurityPolicy(contentSecurityPolicy())
                            .override(true)
                            .build())
                    .strictTransportSecurity(
                        ResponseHeadersStrictTransportSecurity.builder()
                            .accessControlMaxAge(Duration.days(365))
                            .includeSubdomains(true)
                            .override(true)
                            .build())
                    .contentTypeOptions(
                        ResponseHeadersContentTypeOptions.builder().override(true).build())
                    .frameOptions(
                        ResponseHeadersFrameOptions.builder()
                            .frameOption(HeadersFrameOption.DENY)
                            .override(true)
                            .build())
                    .referrerPolicy(
                        ResponseHeadersReferrerPolicy.builder()
                            .referrerPolicy(HeadersReferrerPolicy.NO_REFERRER)
                            .override(true)
                            .build())
                    .build())
            .build();
    // A deep link such as /rooms/42 is not an object: S3 answers 403 through OAC, 404 otherwise.
    List<ErrorResponse> singlePageFallback =
        List.of(403, 404).stream()
            .map(
                status ->
                    ErrorResponse.builder()
                        .httpStatus(status)
                        .responseHttpStatus(200)
                        .responsePagePath("/index.html")
                        .ttl(Duration.seconds(0))
                        .build())
            .toList();
    this.distribution =
        Distribution.Builder.create(this, "Distribution")
            .comment("sac4cps dashboard")
            .defaultRootObject("index.html")
            .defaultBehavior(
                BehaviorOptions.builder()
                    .origin(S3BucketOrigin.withOriginAccessControl(bucket))
                    .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                    .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                    .responseHeadersPolicy(headers)
                    .compress(true)
                    .build())
            .errorResponses(singlePageFallback)
            .httpVersion(HttpVersion.HTTP2_AND_3)
            .priceClass(PriceClass.PRICE_CLASS_100)
            .build();
    Findings.accept(
        distribution,
        "AwsSolutions-CFR1",
        "facility managers sign in from anywhere; the API decides who sees what");
    Findings.accept(
        distribution,
        "AwsSolutions-CFR2",
        "static files only; the REST API, where the data is, has its own WAF rate limit");
    Findings.accept(
        distribution,
        "AwsSolutions-CFR3",
        "standard logging needs an ACL-enabled log bucket; follow-up with CloudFront's v2 logging");
    Findings.accept(
        distribution,
        "AwsSolutions-CFR4",
        "the default *.cloudfront.net certificate cannot set a minimum TLS version; a custom"
            + " domain with its own ACM certificate can");
    Findings.accept(
        bucket,
        "AwsSolutions-S1",
        "read only by CloudFront through origin access control; follow-up: server access logs");
  }

  /** Scripts, styles and data only from this origin; API calls to API Gateway in this region. */
  private static String contentSecurityPolicy() {
    String apiGateway = "*.execute-api." + Aws.REGION + "." + Aws.URL_SUFFIX;
    return "default-src 'self'; connect-src 'self' https://"
        + apiGateway
        + " wss://"
        + apiGateway
        + "; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none';"
        + " base-uri 'self'; form-action 'self'";
  }

  public static Builder builder(Construct scope, String id) {
    return new Builder(scope, id);
  }

  /** {@code https://<distribution domain>}: the one origin the REST API's CORS allows. */
  public String origin() {
    return "https://" + distribution.getDistributionDomainName();
  }

  public Distribution getDistribution() {
    return distribution;
  }

  public Bucket getBucket() {
    return bucket;
  }

  /**
   * Uploads the built app with its {@code config.json} (the API's and the WebSocket API's URLs) and
   * invalidates the files that are not content-hashed.
   *
   * @param webSocketUrl null when the stage has no WebSocket API
   */
  public BucketDeployment deploy(String apiUrl, String webSocketUrl) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("apiUrl", Objects.requireNonNull(apiUrl, "apiUrl"));
    if (webSocketUrl != null) {
      config.put("webSocketUrl", webSocketUrl);
    }
    BucketDeployment deployment =
        BucketDeployment.Builder.create(this, "Content")
            .sources(List.of(Source.asset(site.toString()), Source.jsonData("config.json", config)))
            .destinationBucket(bucket)
            .distribution(distribution)
            .distributionPaths(List.of("/index.html", "/config.json"))
            .prune(true)
            .build();
    return deployment;
  }

  /**
   * The wildcard findings of CDK's BucketDeployment handler policy (a stack-level singleton), which
   * syncs the built app into this bucket only.
   */
  public List<String> deploymentHandlerFindings() {
    String bucketArn =
        Stack.of(this).getLogicalId((CfnElement) bucket.getNode().getDefaultChild()) + ".Arn";
    return List.of(
            "Action::s3:Abort*",
            "Action::s3:DeleteObject*",
            "Action::s3:GetBucket*",
            "Action::s3:GetObject*",
            "Action::s3:List*",
            "Resource::<" + bucketArn + ">/*",
            "Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*")
        .stream()
        .map(finding -> "AwsSolutions-IAM5[" + finding + "]")
        .toList();
  }

  /** Props builder; {@link #build()} validates before creating anything. */
  public static final class Builder {
    private final Construct scope;
    private final String id;
    private Path site;
    private RemovalPolicy removalPolicy = RemovalPolicy.RETAIN;

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    /** The built app: web/target/dist, with its index.html. */
    public Builder site(Path site) {
      this.site = site;
      return this;
    }

    public Builder removalPolicy(RemovalPolicy removalPolicy) {
      this.removalPolicy = removalPolicy;
      return this;
    }

    public WebDistribution build() {
      if (site == null || !Files.isRegularFile(site.resolve("index.html"))) {
        throw new IllegalArgumentException(
            "WebDistribution needs the built app (index.html) in "
                + site
                + ": ./mvnw -pl web package");
      }
      return new WebDistribution(scope, id, this);
    }
  }
}
