package io.sac4cps.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

@EmbeddedInfrastructure(services = Service.SNS)
class ServiceSelectionIT {

  @Test
  void onlyTheServicesAskedForAreConfigured(Infrastructure infrastructure) {
    assertThat(infrastructure.services()).containsExactlyInAnyOrder(Service.SNS, Service.SQS);
    assertThat(infrastructure.properties())
        .containsKeys(
            "aws.region",
            "aws.access-key-id",
            "aws.secret-key",
            "aws.services.sqs.endpoint-override",
            "aws.services.sns.endpoint-override")
        .doesNotContainKeys("datasources.default.url", "kafka.bootstrap.servers");
    assertThatThrownBy(infrastructure::database).hasMessageContaining("POSTGRES");
  }

  @Test
  void sameClassGetsTheSameInfrastructureOtherClassesAnother(Infrastructure infrastructure) {
    assertThat(Infrastructure.forTestClass(ServiceSelectionIT.class)).isSameAs(infrastructure);
    assertThat(Infrastructure.forTestClass(InfrastructureExtensionIT.class).tag())
        .isNotEqualTo(infrastructure.tag());
  }
}
