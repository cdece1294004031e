package io.sac4cps.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TraceContextTest {
  private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void aSerializedCloudEventsTraceIsReadFromItsEnvelopeNotFromItsData() {
    byte[] traced =
        ("{\"specversion\":\"1.0\",\"id\":\"e\",\"tenantid\":\"t-1\",\"traceparent\":\""
                + PARENT
                + "\",\"tracestate\":\"v=1\",\"data\":{\"traceparent\":\"x\"}}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] onlyInData =
        "{\"specversion\":\"1.0\",\"id\":\"e\",\"data\":{\"traceparent\":\"PARENT\"}}"
            .replace("PARENT", PARENT)
            .getBytes(StandardCharsets.UTF_8);

    assertThat(TraceContext.ofCloudEvent(traced)).contains(new TraceContext(PARENT, "v=1"));
    assertThat(TraceContext.attributeOf(traced, "tenantid")).isEqualTo("t-1");
    assertThat(TraceContext.ofCloudEvent(onlyInData)).isEmpty();
  }

  @Test
  void onlyAValidTraceparentParses() {
    assertThat(TraceContext.parse(PARENT, " ")).contains(new TraceContext(PARENT, null));
    assertThat(TraceContext.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01", null))
        .isEmpty();
    assertThat(TraceContext.parse("garbage", null)).isEmpty();
    assertThat(TraceContext.parse(null, null)).isEmpty();
  }

  @Test
  void noCurrentSpanMeansNoContextToStamp() {
    assertThat(TraceContext.current()).isEqualTo(Optional.empty());
  }
}
