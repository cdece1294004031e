package io.sac4cps.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class real servers in this JVM: PostgreSQL, Kafka, SQS (ElasticMQ), the SNS stand-in
 * and, when asked for, S3 (S3Proxy). Each server starts once per test JVM and is shared; each test
 * class gets its own database and its own names for topics and queues. Test methods, lifecycle
 * methods and constructors may take an {@link Infrastructure} parameter.
 *
 * <pre>{@code
 * @EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
 * class RoomsApiIT {
 *   @Test
 *   void createsRoom(Infrastructure infrastructure) {
 *     try (ApplicationContext context = ApplicationContext.run(infrastructure.properties())) {
 *       ...
 *     }
 *   }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(InfrastructureExtension.class)
public @interface EmbeddedInfrastructure {

  /** The servers this class needs; only these are started and configured. */
  Service[] services() default {Service.POSTGRES, Service.KAFKA, Service.SQS, Service.SNS};
}
