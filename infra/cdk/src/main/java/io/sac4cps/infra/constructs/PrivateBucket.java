package io.sac4cps.infra.constructs;

import java.util.List;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * A private bucket for files functions produce (reports, exports), handed to users only through
 * presigned URLs: encrypted at rest, all public access blocked, TLS required, ACLs disabled, and
 * objects deleted {@code expireAfterDays} after they were written. Its name is generated (S3 names
 * are global), so functions get it from their environment.
 */
public final class PrivateBucket extends Construct {

  private final Bucket bucket;

  private PrivateBucket(Construct scope, String id, Builder props) {
    super(scope, id);
    this.bucket =
        Bucket.Builder.create(this, "Bucket")
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .id("expire-" + props.name)
                        .expiration(Duration.days(props.expireAfterDays))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
            .removalPolicy(props.removalPolicy)
            .build();
    Findings.accept(
        bucket,
        "AwsSolutions-S1",
        "objects are written by functions and read through presigned URLs the API hands to the"
            + " owning tenant only; follow-up: server access logs");
  }

  public static Builder builder(Construct scope, String id) {
    return new Builder(scope, id);
  }

  public Bucket getBucket() {
    return bucket;
  }

  /** Read and write its objects (and so sign GET and PUT URLs for them). */
  public void grantReadWrite(IGrantable grantee) {
    bucket.grantReadWrite(grantee);
    // CDK's read-write grant: object actions with wildcards, on this bucket's objects only.
    if (grantee.getGrantPrincipal() instanceof IConstruct role) {
      String objects =
          "Resource::<"
              + Stack.of(this).getLogicalId((CfnElement) bucket.getNode().getDefaultChild())
              + ".Arn>/*";
      for (String finding :
          List.of(
              "Action::s3:Abort*",
              "Action::s3:DeleteObject*",
              "Action::s3:GetBucket*",
              "Action::s3:GetObject*",
              "Action::s3:List*",
              objects)) {
        Findings.accept(
            role,
            "AwsSolutions-IAM5[" + finding + "]",
            "CDK's read-write grant on this private bucket's objects (reports and exports)");
      }
    }
  }

  /** Props builder; {@link #build()} validates before creating anything. */
  public static final class Builder {
    private final Construct scope;
    private final String id;
    private String name;
    private int expireAfterDays;
    private RemovalPolicy removalPolicy = RemovalPolicy.RETAIN;

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    /** Its name in the wiring (the lifecycle rule's id); the bucket's own name is generated. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder expireAfterDays(int expireAfterDays) {
      this.expireAfterDays = expireAfterDays;
      return this;
    }

    /** RETAIN by default: deleting a stack must not delete reports silently. */
    public Builder removalPolicy(RemovalPolicy removalPolicy) {
      this.removalPolicy = removalPolicy;
      return this;
    }

    public PrivateBucket build() {
      if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
        throw new IllegalArgumentException(
            "name must be lower-case letters, digits or '-', was " + name);
      }
      if (expireAfterDays < 1) {
        throw new IllegalArgumentException(name + ": expireAfterDays must be at least 1");
      }
      return new PrivateBucket(scope, id, this);
    }
  }
}
