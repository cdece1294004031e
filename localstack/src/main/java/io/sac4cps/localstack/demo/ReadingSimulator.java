package io.sac4cps.localstack.demo;

import io.sac4cps.localstack.client.PlatformClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Posts realistic readings for the demo rooms every few seconds, as a building's sensor gateway
 * would: a simulated day passes every 12 minutes (10 simulated minutes per tick), occupancy follows
 * office hours, CO2 rises with the people in a room and falls with ventilation, temperature follows
 * the daily cycle plus body heat. Prints one progress line per tick (to the log), tells {@code
 * problems} when a batch is not posted, and logs in again when the access token expired.
 */
public final class ReadingSimulator implements AutoCloseable {
  static final Duration TICK = Duration.ofSeconds(5);
  static final double SIMULATED_MINUTES_PER_TICK = 10;

  private final PlatformClient api;
  private final DemoOrganisation organisation;
  private final Consumer<String> problems;
  private String token;
  private final Random random = new Random(42);
  private final Map<String, Double> co2ByRoom = new HashMap<>();
  private final ScheduledExecutorService schedule =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("demo-simulator").unstarted(r));
  private double simulatedHour = 7;
  private long ticks;
  private long accepted;

  public ReadingSimulator(URI baseUrl, DemoOrganisation organisation, Consumer<String> problems) {
    this.api = new PlatformClient(baseUrl);
    this.organisation = organisation;
    this.problems = problems;
    this.token = organisation.token();
  }

  public ReadingSimulator start() {
    schedule.scheduleAtFixedRate(this::tickSafely, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void tickSafely() {
    try {
      System.out.println(tick());
    } catch (RuntimeException e) {
      System.out.println("[demo] readings not posted: " + e.getMessage());
      problems.accept("demo: readings not posted: " + e.getMessage());
    }
  }

  /** Posts one batch and returns the progress line. */
  String tick() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<Map<String, Object>> readings = new ArrayList<>();
    StringBuilder summary = new StringBuilder();
    for (DemoOrganisation.DemoRoom room : organisation.rooms()) {
      RoomState state = simulate(room);
      add(readings, room, "occupancy", state.occupancy(), now);
      add(readings, room, "co2", state.co2(), now);
      add(readings, room, "temperature", state.temperature(), now);
      add(readings, room, "humidity", state.humidity(), now);
      summary.append(
          String.format(
              Locale.ROOT,
              " | %s %.1f°C %.0fppm %d ppl",
              shortName(room.name()),
              state.temperature(),
              state.co2(),
              state.occupancy()));
    }
    PlatformClient.Response response =
        api.post("/sensors/data", token, Map.of("readings", readings));
    if (response.status() == 401) {
      token = organisation.freshToken(api);
      response = api.post("/sensors/data", token, Map.of("readings", readings));
    }
    if (response.status() != 202) {
      throw new IllegalStateException("POST /sensors/data answered " + response);
    }
    accepted += response.json().path("accepted").asLong();
    ticks++;
    int hour = (int) simulatedHour;
    String line =
        String.format(
            Locale.ROOT,
            "[demo %02d:%02d] tick %d, %d readings stored%s",
            hour,
            (int) ((simulatedHour - hour) * 60),
            ticks,
            accepted,
            summary);
    simulatedHour = (simulatedHour + SIMULATED_MINUTES_PER_TICK / 60) % 24;
    return line;
  }

  record RoomState(int occupancy, double co2, double temperature, double humidity) {}

  /** The room's next state at {@link #simulatedHour}. */
  RoomState simulate(DemoOrganisation.DemoRoom room) {
    double h = simulatedHour;
    boolean officeHours = h >= 8 && h < 18;
    // Busy mornings and afternoons, a dip at lunch.
    double load = officeHours ? 0.55 + 0.35 * Math.sin(Math.PI * (h - 8) / 5) : 0;
    int occupancy =
        officeHours
            ? (int) Math.max(0, Math.round(room.capacity() * load + random.nextGaussian()))
            : 0;
    occupancy = Math.min(occupancy, room.capacity());
    // CO2 (ppm): each person adds, ventilation pulls back towards outdoor air (~420 ppm).
    double co2 = co2ByRoom.getOrDefault(room.id(), 430.0);
    co2 = co2 + occupancy * 400.0 / room.capacity() * 0.6 - (co2 - 420) * 0.12;
    co2 = Math.max(400, co2 + random.nextGaussian() * 5);
    co2ByRoom.put(room.id(), co2);
    double temperature =
        20.5
            + 2.0 * Math.sin(2 * Math.PI * (h - 9) / 24)
            + 2.5 * occupancy / room.capacity()
            + random.nextGaussian() * 0.1;
    double humidity = 42 + 6 * Math.sin(2 * Math.PI * (h - 3) / 24) + random.nextGaussian();
    return new RoomState(occupancy, round(co2), round(temperature), round(humidity));
  }

  private static void add(
      List<Map<String, Object>> readings,
      DemoOrganisation.DemoRoom room,
      String type,
      double value,
      Instant at) {
    readings.add(
        Map.of("sensorId", room.sensorIds().get(type), "timestamp", at.toString(), "value", value));
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static String shortName(String name) {
    return name.substring(name.lastIndexOf(' ') + 1);
  }

  @Override
  public void close() {
    schedule.shutdownNow();
  }
}
