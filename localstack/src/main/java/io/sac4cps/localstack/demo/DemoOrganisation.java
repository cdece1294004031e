package io.sac4cps.localstack.demo;

import io.sac4cps.localstack.LocalStack;
import io.sac4cps.localstack.client.PlatformClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo organisation {@code --demo} seeds through the public API: an admin (registered with
 * identity when it runs, else a token the stack mints), a building with rooms (created in rooms
 * when it runs, else room ids the sensors point at), thresholds, and four sensors per room.
 */
public record DemoOrganisation(
    String email, String password, String token, String tenant, List<DemoRoom> rooms) {

  public static final String EMAIL = "admin@demo.sac4cps.local";
  public static final String PASSWORD = "demo-Password-2024";

  /** A room and its sensors' ids, by type. */
  public record DemoRoom(String id, String name, int capacity, Map<String, String> sensorIds) {}

  private static final List<String[]> ROOMS =
      List.of(
          new String[] {"Meeting room Ada", "12"},
          new String[] {"Open office Turing", "40"},
          new String[] {"Lab Hopper", "8"});

  private static final Map<String, String> SENSOR_UNITS =
      Map.of("temperature", "Cel", "humidity", "%", "co2", "ppm", "occupancy", "count");

  public static DemoOrganisation seed(LocalStack stack) {
    PlatformClient api = new PlatformClient(stack.url());
    String token;
    String tenant;
    String email = null;
    String password = null;
    if (stack.isRunning("identity")) {
      email = EMAIL;
      password = PASSWORD;
      PlatformClient.Response registered =
          api.post(
              "/auth/register",
              null,
              Map.of(
                  "email",
                  EMAIL,
                  "password",
                  PASSWORD,
                  "name",
                  "Demo Admin",
                  "organization",
                  "Demo Buildings"));
      require(registered, 201, "register the demo admin");
      tenant = registered.json().path("tenantId").asText();
      PlatformClient.Response login =
          api.post("/auth/login", null, Map.of("email", EMAIL, "password", PASSWORD));
      require(login, 200, "log in as the demo admin");
      token = login.json().path("accessToken").asText();
    } else {
      tenant = "demo";
      token = stack.mintToken("demo-admin", tenant, List.of("admin"), Duration.ofHours(12));
    }

    List<DemoRoom> rooms = new ArrayList<>();
    for (int i = 0; i < ROOMS.size(); i++) {
      String name = ROOMS.get(i)[0];
      int capacity = Integer.parseInt(ROOMS.get(i)[1]);
      String roomId = "demo-room-" + (i + 1);
      if (stack.isRunning("rooms")) {
        PlatformClient.Response room =
            api.post(
                "/rooms",
                token,
                Map.of(
                    "name",
                    name,
                    "building",
                    "HQ",
                    "floor",
                    i + 1,
                    "areaM2",
                    20 + capacity * 3,
                    "capacity",
                    capacity));
        require(room, 201, "create room " + name);
        roomId = room.json().path("id").asText();
        require(
            api.put(
                "/rooms/" + roomId + "/thresholds",
                token,
                Map.of(
                    "temperature", Map.of("min", 18, "max", 26),
                    "co2", Map.of("max", 1000))),
            200,
            "set thresholds of " + name);
      }
      Map<String, String> sensorIds = new LinkedHashMap<>();
      for (String type : List.of("temperature", "humidity", "co2", "occupancy")) {
        PlatformClient.Response sensor =
            api.post(
                "/sensors",
                token,
                Map.of(
                    "roomId",
                    roomId,
                    "type",
                    type,
                    "unit",
                    SENSOR_UNITS.get(type),
                    "name",
                    name + " " + type));
        require(sensor, 201, "create the " + type + " sensor of " + name);
        sensorIds.put(type, sensor.json().path("id").asText());
      }
      rooms.add(new DemoRoom(roomId, name, capacity, sensorIds));
    }
    return new DemoOrganisation(email, password, token, tenant, rooms);
  }

  /** What the banner prints. */
  public String credentials(String url) {
    StringBuilder text =
        new StringBuilder("  demo organisation (tenant ").append(tenant).append(")");
    if (email != null) {
      text.append("\n    login:  ").append(email).append(" / ").append(password);
    }
    text.append("\n    export TOKEN=").append(token);
    text.append("\n    rooms:  ");
    rooms.forEach(r -> text.append(r.name()).append(" (").append(r.id()).append(")  "));
    text.append("\n    try:    curl -H \"Authorization: Bearer $TOKEN\" ")
        .append(url)
        .append("/sensors/")
        .append(rooms.get(0).sensorIds().get("co2"))
        .append("/data");
    return text.toString();
  }

  private static void require(PlatformClient.Response response, int status, String what) {
    if (response.status() != status) {
      throw new IllegalStateException("demo: could not " + what + ": " + response);
    }
  }
}
