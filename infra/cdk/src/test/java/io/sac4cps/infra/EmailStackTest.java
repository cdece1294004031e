package io.sac4cps.infra;

import static io.sac4cps.infra.PlatformStackTest.asStrings;
import static io.sac4cps.infra.PlatformStackTest.environment;
import static io.sac4cps.infra.PlatformStackTest.logicalId;
import static io.sac4cps.infra.PlatformStackTest.policyStatementsOf;
import static io.sac4cps.infra.PlatformStackTest.properties;
import static io.sac4cps.infra.PlatformStackTest.stack;
import static io.sac4cps.infra.PlatformStackTest.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.contracts.events.Topics;
import io.sac4cps.infra.constructs.EmailSending;
import io.sac4cps.infra.constructs.MicronautFunction;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * SES as the real contracts deploy it with {@code -c emailDomain} (decision 0057): the identity of
 * that domain, its configuration set publishing bounces and complaints to SNS {@code
 * email-feedback}, fanned out to {@code notifications-email-feedback} and its consumer Lambda; the
 * SMTP credentials in a secret that only the notifications Lambdas may read and whose value is in
 * no environment; and the stack under CloudFormation's 500 resources (decision 0054).
 */
class EmailStackTest {
  static final String NOTIFICATIONS = "notifications";
  static final String FEEDBACK_HANDLER = "io.sac4cps.notifications.events.EmailFeedbackHandler";

  @BeforeAll
  static void synthesize() throws Exception {
    PlatformStackTest.synthesize();
  }

  @Test
  void theDomainIsAnIdentityWithDkimAndTheConfigurationSetAsItsDefault() {
    EmailSending email = stack.getEmail();
    template.resourceCountIs("AWS::SES::EmailIdentity", 1);
    Map<String, Object> identity =
        template.findResources("AWS::SES::EmailIdentity").values().iterator().next();
    assertThat(properties(identity).get("EmailIdentity")).isEqualTo(PlatformStackTest.EMAIL_DOMAIN);
    assertThat(String.valueOf(properties(identity).get("ConfigurationSetAttributes")))
        .contains(logicalId(stack, email.getConfigurationSet()));
    assertThat(String.valueOf(properties(identity).get("DkimAttributes")))
        .contains("SigningEnabled=true");
    template.hasResourceProperties(
        "AWS::SES::ConfigurationSet",
        Match.objectLike(
            Map.of(
                "Name",
                "sac4cps-dev",
                "DeliveryOptions",
                Map.of("TlsPolicy", "REQUIRE"),
                "SuppressionOptions",
                Map.of("SuppressedReasons", List.of("BOUNCE", "COMPLAINT")))));
    // The operator publishes the DKIM records the stack outputs; SES verifies the domain by them.
    assertThat(template.findOutputs("*").keySet())
        .filteredOn(name -> name.startsWith("EmailDkimRecord"))
        .hasSize(3);
    assertThat(String.valueOf(template.findOutputs("EmailFrom").get("EmailFrom").get("Value")))
        .isEqualTo("sac4cps <notifications@" + PlatformStackTest.EMAIL_DOMAIN + ">");
  }

  @Test
  void bouncesAndComplaintsReachTheFeedbackConsumerThroughSnsAndSqs() {
    String topic =
        logicalId(stack, stack.getNode().findChild("Topic-" + Topics.EMAIL_FEEDBACK), "Topic");
    template.hasResourceProperties(
        "AWS::SES::ConfigurationSetEventDestination",
        Match.objectLike(
            Map.of(
                "EventDestination",
                Match.objectLike(
                    Map.of(
                        "Enabled",
                        true,
                        "MatchingEventTypes",
                        Match.arrayEquals(List.of("bounce", "complaint")),
                        "SnsDestination",
                        Map.of("TopicARN", Map.of("Ref", topic)))))));
    // SES may publish to the topic, for this account's configuration set only.
    Map<String, Object> topicPolicy =
        template
            .findResources(
                "AWS::SNS::TopicPolicy",
                Match.objectLike(
                    Map.of(
                        "Properties",
                        Match.objectLike(Map.of("Topics", List.of(Map.of("Ref", topic)))))))
            .values()
            .iterator()
            .next();
    String policy = String.valueOf(properties(topicPolicy).get("PolicyDocument"));
    assertThat(policy).contains("ses.amazonaws.com").contains("sns:Publish");
    assertThat(policy)
        .contains("configuration-set/")
        .contains(logicalId(stack, stack.getEmail().getConfigurationSet()));

    // Raw delivery into the consumer's queue, whose mapping reports partial batch failures.
    template.hasResourceProperties(
        "AWS::SNS::Subscription",
        Match.objectLike(
            Map.of(
                "TopicArn", Map.of("Ref", topic), "Protocol", "sqs", "RawMessageDelivery", true)));
    MicronautFunction consumer = stack.lambdaOf(NOTIFICATIONS, FEEDBACK_HANDLER);
    String alias = logicalId(stack, consumer.getAlias());
    List<Map<String, Object>> mappings =
        template.findResources("AWS::Lambda::EventSourceMapping").values().stream()
            .map(PlatformStackTest::properties)
            .filter(p -> String.valueOf(p.get("FunctionName")).contains(alias))
            .toList();
    assertThat(mappings).hasSize(1);
    Map<String, Object> mapping = mappings.get(0);
    assertThat(String.valueOf(mapping.get("EventSourceArn")).toLowerCase())
        .contains("notificationsemailfeedback");
    assertThat(asStrings(mapping.get("FunctionResponseTypes")))
        .containsExactly("ReportBatchItemFailures");
  }

  @Test
  void everyNotificationsLambdaReadsTheSmtpCredentialsFromTheSecretAndNoneHoldsThem() {
    EmailSending email = stack.getEmail();
    String secret = logicalId(stack, email.getSmtpCredentials());
    List<MicronautFunction> lambdas = stack.lambdasOf(NOTIFICATIONS);
    assertThat(lambdas).hasSizeGreaterThanOrEqualTo(4);
    for (MicronautFunction lambda : lambdas) {
      Map<String, Object> env = environment(lambda);
      String name = lambda.getNode().getId();
      assertThat(env.get("AWS_SERVICES_SES_SMTP_SECRET_ID"))
          .as(name)
          .isEqualTo(Map.of("Ref", secret));
      assertThat(String.valueOf(env.get("AWS_SERVICES_SES_SMTP_HOST")))
          .as(name)
          .contains("email-smtp.")
          .contains("AWS::Region");
      assertThat(env.get("AWS_SERVICES_SES_SMTP_PORT")).isEqualTo("587");
      assertThat(env.get("AWS_SERVICES_SES_SMTP_STARTTLS")).isEqualTo("true");
      assertThat(env).containsKey("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT");
      // Neither the access key nor a derived password is in any variable.
      assertThat(String.valueOf(env)).doesNotContain("SecretAccessKey").doesNotContain("PASSWORD");
      assertThat(policyStatementsOf(lambda))
          .as(name + " may read the SMTP secret")
          .anySatisfy(
              s -> {
                assertThat(asStrings(s.get("Action"))).contains("secretsmanager:GetSecretValue");
                assertThat(String.valueOf(s.get("Resource"))).contains(secret);
              });
    }
    // No other function's Lambda may read it.
    for (String other : List.of("identity", "sensors", "rooms", "analytics", "tasks")) {
      for (MicronautFunction lambda : stack.lambdasOf(other)) {
        assertThat(policyStatementsOf(lambda))
            .as(lambda.getNode().getId())
            .noneMatch(s -> String.valueOf(s.get("Resource")).contains(secret));
        assertThat(environment(lambda)).doesNotContainKey("AWS_SERVICES_SES_SMTP_SECRET_ID");
      }
    }
    // The secret holds the access key, resolved by CloudFormation: no key text in the template.
    Map<String, Object> stored =
        properties(template.findResources("AWS::SecretsManager::Secret").get(secret));
    assertThat(String.valueOf(stored.get("SecretString")))
        .contains("accessKeyId")
        .contains("secretAccessKey")
        .contains("Fn::GetAtt")
        .contains("SecretAccessKey");
  }

  @Test
  void theSmtpUserMaySendOnlyFromTheIdentityWithTheConfigurationSet() {
    EmailSending email = stack.getEmail();
    String identity = logicalId(stack, email.getIdentity());
    Map<String, Map<String, Object>> policies =
        template.findResources(
            "AWS::IAM::Policy",
            Match.objectLike(
                Map.of(
                    "Properties",
                    Match.objectLike(
                        Map.of(
                            "Users",
                            List.of(
                                Map.of(
                                    "Ref",
                                    logicalId(stack, email, "SmtpUser")))))))); // its only policy
    assertThat(policies).hasSize(1);
    String document =
        String.valueOf(properties(policies.values().iterator().next()).get("PolicyDocument"));
    assertThat(document)
        .contains("Action=ses:SendRawEmail")
        .contains(identity)
        .contains("configuration-set/")
        .doesNotContain("Resource=*");
    template.resourceCountIs("AWS::IAM::User", 1);
    template.resourceCountIs("AWS::IAM::AccessKey", 1);
  }

  @Test
  void theStackStaysUnderCloudFormationsResourceLimit() {
    int resources = template.toJSON().get("Resources") instanceof Map<?, ?> r ? r.size() : -1;
    System.out.println("resources in the platform stack: " + resources);
    assertThat(resources).isBetween(1, 500);
  }

  @Test
  void withoutAnEmailDomainThereIsNoSes() throws Exception {
    App app =
        new App(AppProps.builder().outdir(Files.createTempDirectory("cdk.out").toString()).build());
    PlatformStack bare =
        new PlatformStack(
            app,
            "sac4cps-dev",
            StackProps.builder().build(),
            PlatformStackTest.plan,
            StageSettings.of("dev", null));
    Template without = Template.fromStack(bare);
    without.resourceCountIs("AWS::SES::EmailIdentity", 0);
    without.resourceCountIs("AWS::IAM::User", 0);
    assertThat(bare.getEmail()).isNull();
    for (MicronautFunction lambda : bare.lambdasOf(NOTIFICATIONS)) {
      assertThat(environment(without, bare, lambda))
          .doesNotContainKey("AWS_SERVICES_SES_SMTP_SECRET_ID");
    }
  }
}
