package io.sac4cps.rooms.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.contracts.events.Threshold;
import io.sac4cps.rooms.domain.Alert;
import io.sac4cps.rooms.domain.Comfort;
import io.sac4cps.rooms.domain.CurrentValue;
import io.sac4cps.rooms.domain.HistoryPoint;
import io.sac4cps.rooms.domain.Limits;
import io.sac4cps.rooms.domain.Metric;
import io.sac4cps.rooms.domain.Room;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request and response bodies of the rooms API (contracts/openapi.yaml, tag rooms). */
public final class RoomViews {
  private RoomViews() {}

  /** {@code POST /rooms}, vetted against RoomCreateRequest by the contract check. */
  @Serdeable
  public record CreateRoom(
      String name,
      String building,
      int floor,
      @Nullable Double areaM2,
      @Nullable Integer capacity) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record RoomView(
      String id,
      String name,
      String building,
      int floor,
      @Nullable Double areaM2,
      @Nullable Integer capacity,
      Map<String, Threshold> thresholds,
      Instant createdAt) {

    static RoomView of(Room room) {
      return new RoomView(
          room.id(),
          room.name(),
          room.building(),
          room.floor(),
          room.areaM2(),
          room.capacity(),
          RoomViews.thresholds(room.thresholds()),
          room.createdAt());
    }
  }

  /** {@code PUT /rooms/{id}/thresholds} answer. */
  @Serdeable
  public record RoomThresholdsView(
      String roomId, Map<String, Threshold> thresholds, Instant updatedAt) {}

  @Serdeable
  public record MetricValueView(double value, String unit, Instant timestamp) {}

  /** Absent from an alert nobody has acknowledged. */
  @Serdeable
  public record AcknowledgementView(String by, Instant at) {
    static AcknowledgementView of(Alert.Acknowledgement acknowledgement) {
      return acknowledgement == null
          ? null
          : new AcknowledgementView(acknowledgement.by(), acknowledgement.at());
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ActiveAlertView(
      String id,
      String metric,
      double value,
      Threshold threshold,
      Instant raisedAt,
      @Nullable AcknowledgementView acknowledgement) {

    static ActiveAlertView of(Alert alert) {
      return new ActiveAlertView(
          alert.id(),
          alert.series().metric().wireName(),
          alert.value(),
          RoomViews.threshold(alert.limits()),
          alert.raisedAt(),
          AcknowledgementView.of(alert.acknowledgement()));
    }
  }

  /** {@code POST /alerts/{alertId}/ack}. */
  @Serdeable
  public record AlertAcknowledgementView(
      String alertId, String roomId, String metric, AcknowledgementView acknowledgement) {

    static AlertAcknowledgementView of(Alert alert) {
      return new AlertAcknowledgementView(
          alert.id(),
          alert.series().roomId(),
          alert.series().metric().wireName(),
          AcknowledgementView.of(alert.acknowledgement()));
    }
  }

  @Serdeable
  public record MetricComfortView(double share, long minutes) {}

  /** Share of the last 24 h within thresholds; {@code share} is null without data. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ComfortView(
      Instant from,
      Instant to,
      @Nullable Double share,
      long minutes,
      Map<String, MetricComfortView> metrics) {

    static ComfortView of(Comfort comfort) {
      Map<String, MetricComfortView> metrics = new LinkedHashMap<>();
      comfort
          .metrics()
          .forEach(
              (metric, c) ->
                  metrics.put(metric.wireName(), new MetricComfortView(c.share(), c.minutes())));
      return new ComfortView(
          comfort.from(), comfort.to(), comfort.share(), comfort.minutes(), metrics);
    }
  }

  /** {@code GET /rooms/{id}/metrics}. */
  @Serdeable
  public record RoomMetricsView(
      String roomId,
      Map<String, MetricValueView> metrics,
      List<ActiveAlertView> activeAlerts,
      ComfortView comfort) {

    static RoomMetricsView of(
        String roomId, List<CurrentValue> values, List<Alert> alerts, Comfort comfort) {
      Map<String, MetricValueView> metrics = new LinkedHashMap<>();
      values.forEach(
          v ->
              metrics.put(
                  v.metric().wireName(), new MetricValueView(v.value(), v.unit(), v.timestamp())));
      return new RoomMetricsView(
          roomId,
          metrics,
          alerts.stream().map(ActiveAlertView::of).toList(),
          ComfortView.of(comfort));
    }
  }

  @Serdeable
  public record HistoryPointView(Instant t, double min, double max, double avg, long count) {
    static HistoryPointView of(HistoryPoint p) {
      return new HistoryPointView(p.t(), p.min(), p.max(), p.avg(), p.count());
    }
  }

  /** {@code GET /rooms/{id}/history}. */
  @Serdeable
  public record RoomHistoryView(
      String roomId, String metric, String interval, List<HistoryPointView> points) {}

  static Map<String, Threshold> thresholds(Map<Metric, Limits> limits) {
    Map<String, Threshold> thresholds = new LinkedHashMap<>();
    limits.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> thresholds.put(e.getKey().wireName(), threshold(e.getValue())));
    return thresholds;
  }

  static Threshold threshold(Limits limits) {
    return new Threshold(limits.min(), limits.max());
  }
}
