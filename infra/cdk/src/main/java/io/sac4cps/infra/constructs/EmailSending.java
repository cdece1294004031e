package io.sac4cps.infra.constructs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.AccessKey;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.User;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.ses.ConfigurationSet;
import software.amazon.awscdk.services.ses.ConfigurationSetEventDestinationOptions;
import software.amazon.awscdk.services.ses.ConfigurationSetTlsPolicy;
import software.amazon.awscdk.services.ses.EmailIdentity;
import software.amazon.awscdk.services.ses.EmailSendingEvent;
import software.amazon.awscdk.services.ses.EventDestination;
import software.amazon.awscdk.services.ses.Identity;
import software.amazon.awscdk.services.ses.SuppressionReasons;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * Email through SES's SMTP interface (decisions 0035, 0057): a domain identity (Easy DKIM, the
 * configuration set as its default, so every mail from it is tracked without a header), the
 * configuration set (TLS required, SES's own suppression of bounces and complaints as a second
 * guard), its event destination publishing bounces and complaints to the feedback topic, and the
 * SMTP credentials: an IAM user that may only send from this identity with this configuration set,
 * whose access key lives in a Secrets Manager secret and nowhere else. The function derives SES's
 * SMTP password from it when it starts.
 */
public final class EmailSending extends Construct {

  /** SES's SMTP interface with STARTTLS (587 is open from Lambda; 25 is throttled by EC2). */
  public static final int SMTP_PORT = 587;

  private final EmailIdentity identity;
  private final ConfigurationSet configurationSet;
  private final Secret smtpCredentials;
  private final String fromAddress;

  private EmailSending(Construct scope, String id, Builder props) {
    super(scope, id);
    this.configurationSet =
        ConfigurationSet.Builder.create(this, "ConfigurationSet")
            .configurationSetName(props.configurationSetName)
            .tlsPolicy(ConfigurationSetTlsPolicy.REQUIRE)
            .reputationMetrics(true)
            .suppressionReasons(SuppressionReasons.BOUNCES_AND_COMPLAINTS)
            .build();
    // CDK adds the topic policy statement that lets SES (this account, this configuration set)
    // publish to the topic.
    configurationSet.addEventDestination(
        "Feedback",
        ConfigurationSetEventDestinationOptions.builder()
            .destination(EventDestination.snsTopic(props.feedbackTopic))
            .events(List.of(EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT))
            .build());
    this.identity =
        EmailIdentity.Builder.create(this, "Identity")
            .identity(Identity.domain(props.domain))
            .dkimSigning(true)
            .configurationSet(configurationSet)
            .build();
    this.fromAddress = props.fromName + " <" + props.fromLocalPart + "@" + props.domain + ">";

    User sender = User.Builder.create(this, "SmtpUser").build();
    sender.addToPolicy(
        PolicyStatement.Builder.create()
            .effect(Effect.ALLOW)
            .actions(List.of("ses:SendRawEmail"))
            .resources(List.of(identity.getEmailIdentityArn(), configurationSetArn()))
            .build());
    AccessKey key = AccessKey.Builder.create(this, "SmtpAccessKey").user(sender).build();
    Map<String, SecretValue> credentials = new LinkedHashMap<>();
    credentials.put("accessKeyId", SecretValue.unsafePlainText(key.getAccessKeyId()));
    credentials.put("secretAccessKey", key.getSecretAccessKey());
    this.smtpCredentials =
        Secret.Builder.create(this, "SmtpCredentials")
            .description("SES SMTP: the IAM access key the email sender derives its password from")
            .secretObjectValue(credentials)
            .build();
    Findings.accept(
        smtpCredentials,
        "AwsSolutions-SMG4",
        "an IAM access key made by CloudFormation: rotated by a deploy that raises the"
            + " AccessKey's serial (infra/cdk/README, Credentials and rotation), not by a rotation"
            + " Lambda");
  }

  private String configurationSetArn() {
    return "arn:"
        + Aws.PARTITION
        + ":ses:"
        + Aws.REGION
        + ":"
        + Aws.ACCOUNT_ID
        + ":configuration-set/"
        + configurationSet.getConfigurationSetName();
  }

  public static Builder builder(Construct scope, String id) {
    return new Builder(scope, id);
  }

  /**
   * The sender's settings, the same names the local stack sets for GreenMail (decision 0035): the
   * SMTP endpoint of the stack's region, STARTTLS, the secret's ARN (never its value) and the from
   * address on the verified domain.
   */
  public Map<String, String> senderEnvironment() {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put(
        "AWS_SERVICES_SES_SMTP_HOST",
        "email-smtp." + Stack.of(this).getRegion() + ".amazonaws.com");
    environment.put("AWS_SERVICES_SES_SMTP_PORT", String.valueOf(SMTP_PORT));
    environment.put("AWS_SERVICES_SES_SMTP_STARTTLS", "true");
    environment.put("AWS_SERVICES_SES_SMTP_SECRET_ID", smtpCredentials.getSecretArn());
    environment.put("NOTIFICATIONS_EMAIL_FROM", fromAddress);
    return environment;
  }

  /** Lets {@code sender} read the SMTP credentials (through the secrets extension). */
  public void grantSmtpCredentials(IGrantable sender) {
    smtpCredentials.grantRead(sender);
  }

  public EmailIdentity getIdentity() {
    return identity;
  }

  public ConfigurationSet getConfigurationSet() {
    return configurationSet;
  }

  public Secret getSmtpCredentials() {
    return smtpCredentials;
  }

  public String getFromAddress() {
    return fromAddress;
  }

  /** Props builder; {@link #build()} validates before creating anything. */
  public static final class Builder {
    private final Construct scope;
    private final String id;
    private String domain;
    private String configurationSetName;
    private ITopic feedbackTopic;
    private String fromName = "sac4cps";
    private String fromLocalPart = "notifications";

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    /** The domain mail is sent from; SES verifies it by the DKIM CNAME records (stack outputs). */
    public Builder domain(String domain) {
      this.domain = domain;
      return this;
    }

    public Builder configurationSetName(String configurationSetName) {
      this.configurationSetName = configurationSetName;
      return this;
    }

    /** Where SES publishes bounces and complaints (a standard topic: SES refuses FIFO). */
    public Builder feedbackTopic(ITopic feedbackTopic) {
      this.feedbackTopic = feedbackTopic;
      return this;
    }

    public Builder from(String name, String localPart) {
      this.fromName = name;
      this.fromLocalPart = localPart;
      return this;
    }

    public EmailSending build() {
      if (domain == null
          || !domain.matches("(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}")) {
        throw new IllegalArgumentException("domain must be a DNS domain name, was " + domain);
      }
      if (configurationSetName == null || !configurationSetName.matches("[A-Za-z0-9_-]{1,64}")) {
        throw new IllegalArgumentException(
            "configurationSetName must be 1..64 letters, digits, '-' or '_', was "
                + configurationSetName);
      }
      if (feedbackTopic == null) {
        throw new IllegalArgumentException("a feedback topic is required");
      }
      if (fromLocalPart == null || !fromLocalPart.matches("[A-Za-z0-9._+-]{1,64}")) {
        throw new IllegalArgumentException("from local part is not an address part");
      }
      if (fromName == null || fromName.isBlank() || fromName.matches(".*[<>\"\\r\\n].*")) {
        throw new IllegalArgumentException("from name must be plain text");
      }
      return new EmailSending(scope, id, this);
    }
  }
}
