package io.sac4cps.infra;

import io.sac4cps.infra.constructs.ContractRestApi;
import io.sac4cps.infra.constructs.EmailSending;
import io.sac4cps.infra.constructs.NotificationsWebSocketApi;
import io.sac4cps.infra.constructs.ServerlessKafkaCluster;
import io.sac4cps.infra.constructs.WebDistribution;
import software.amazon.awscdk.CfnOutput;
import software.constructs.Construct;

/**
 * What clients and the end-to-end suite read from a deployed stack (never hard-coded names): the
 * API URLs, the dashboard's URL, the REST API's id, the token issuer, the stage and the Kafka
 * cluster.
 */
final class StackOutputs {

  private StackOutputs() {}

  static void add(
      Construct scope,
      StageSettings stage,
      ContractRestApi restApi,
      NotificationsWebSocketApi webSocketApi,
      String issuer,
      ServerlessKafkaCluster kafka,
      WebDistribution web,
      EmailSending email) {
    CfnOutput.Builder.create(scope, "ApiUrl")
        .description("Base URL of the REST API (contracts/openapi.yaml)")
        .value(restApi.getUrl())
        .build();
    if (webSocketApi != null) {
      CfnOutput.Builder.create(scope, "WebSocketUrl")
          .description("URL of the notifications WebSocket API (/ws/notifications)")
          .value(webSocketApi.getUrl())
          .build();
    }
    if (web != null) {
      CfnOutput.Builder.create(scope, "DashboardUrl")
          .description("The dashboard (web/), served by CloudFront")
          .value(web.origin() + "/")
          .build();
    }
    CfnOutput.Builder.create(scope, "RestApiId")
        .description("Id of the REST API (LocalStack builds its URL from it)")
        .value(restApi.getApi().getRestApiId())
        .build();
    CfnOutput.Builder.create(scope, "TokenIssuer")
        .description("iss of the tokens identity issues")
        .value(issuer)
        .build();
    CfnOutput.Builder.create(scope, "Stage").value(stage.name()).build();
    if (kafka != null) {
      CfnOutput.Builder.create(scope, "KafkaClusterArn").value(kafka.getClusterArn()).build();
      CfnOutput.Builder.create(scope, "KafkaBootstrapServers")
          .value(kafka.getBootstrapServers())
          .build();
    }
    if (email != null) {
      CfnOutput.Builder.create(scope, "EmailFrom")
          .description("The address notifications sends email from")
          .value(email.getFromAddress())
          .build();
      CfnOutput.Builder.create(scope, "EmailConfigurationSet")
          .value(email.getConfigurationSet().getConfigurationSetName())
          .build();
      // SES verifies the domain (and signs with DKIM) once these CNAME records are published.
      var records = email.getIdentity().getDkimRecords();
      for (int i = 0; i < records.size(); i++) {
        CfnOutput.Builder.create(scope, "EmailDkimRecord" + (i + 1))
            .description("CNAME to publish in the sending domain's DNS: name, then value")
            .value(
                software.amazon.awscdk.Fn.join(
                    " CNAME ",
                    java.util.List.of(records.get(i).getName(), records.get(i).getValue())))
            .build();
      }
    }
  }
}
