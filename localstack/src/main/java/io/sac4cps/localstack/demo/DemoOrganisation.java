package io.sac4cps.localstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4cps.localstack.LocalStack;
import io.sac4cps.localstack.client.PlatformClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo organisation {@code --demo} seeds through the public API: an admin (registered with
 * identity when it runs, else a token the stack mints), a building with rooms (created in rooms
 * when it runs, else room ids the sensors point at), thresholds, and four sensors per room. Seeding
 * again finds what exists (kept data: {@code --data}) and creates only what is missing, so a
 * restart keeps one demo organisation with the same ids.
 */
public record DemoOrganisation(
    String email,
    String password,
    String token,
    Duration tokenLifetime,
    String tenant,
    List<DemoRoom> rooms,
    boolean found) {

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
    Duration lifetime;
    String email = null;
    String password = null;
    boolean found = false;
    if (stack.isRunning("identity")) {
      email = EMAIL;
      password = PASSWORD;
      PlatformClient.Response login = login(api);
      if (login.status() == 200) {
        found = true;
      } else {
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
        login = login(api);
      }
      require(login, 200, "log in as the demo admin");
      token = login.json().path("accessToken").asText();
      lifetime = Duration.ofSeconds(login.json().path("expiresIn").asLong());
      PlatformClient.Response me = api.get("/users/me", token);
      require(me, 200, "read the demo admin");
      tenant = me.json().path("tenantId").asText();
    } else {
      tenant = "demo";
      lifetime = Duration.ofHours(12);
      token = stack.mintToken("demo-admin", tenant, List.of("admin"), lifetime);
    }

    Map<String, String> roomIdsByName = new HashMap<>();
    if (stack.isRunning("rooms")) {
      for (JsonNode room : items(api, "/rooms?building=HQ&limit=100", token)) {
        roomIdsByName.putIfAbsent(room.path("name").asText(), room.path("id").asText());
      }
    }
    Map<String, String> sensorIds = new HashMap<>();
    for (JsonNode sensor : items(api, "/sensors?limit=100", token)) {
      sensorIds.putIfAbsent(
          sensor.path("roomId").asText() + "/" + sensor.path("type").asText(),
          sensor.path("id").asText());
    }

    List<DemoRoom> rooms = new ArrayList<>();
    for (int i = 0; i < ROOMS.size(); i++) {
      String name = ROOMS.get(i)[0];
      int capacity = Integer.parseInt(ROOMS.get(i)[1]);
      String roomId = "demo-room-" + (i + 1);
      if (stack.isRunning("rooms")) {
        roomId = roomIdsByName.get(name);
        if (roomId == null) {
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
        }
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
      Map<String, String> roomSensorIds = new LinkedHashMap<>();
      for (String type : List.of("temperature", "humidity", "co2", "occupancy")) {
        String sensorId = sensorIds.get(roomId + "/" + type);
        if (sensorId == null) {
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
          sensorId = sensor.json().path("id").asText();
        }
        roomSensorIds.put(type, sensorId);
      }
      rooms.add(new DemoRoom(roomId, name, capacity, roomSensorIds));
    }
    return new DemoOrganisation(email, password, token, lifetime, tenant, rooms, found);
  }

  /** A new access token of the demo admin (identity's expire; a minted one is returned as is). */
  public String freshToken(PlatformClient api) {
    if (email == null) {
      return token;
    }
    PlatformClient.Response login = login(api);
    require(login, 200, "log in as the demo admin");
    return login.json().path("accessToken").asText();
  }

  private static PlatformClient.Response login(PlatformClient api) {
    return api.post("/auth/login", null, Map.of("email", EMAIL, "password", PASSWORD));
  }

  /** Every item of a list, page by page. */
  private static List<JsonNode> items(PlatformClient api, String path, String token) {
    List<JsonNode> items = new ArrayList<>();
    String cursor = null;
    do {
      String page =
          cursor == null
              ? path
              : path + "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
      PlatformClient.Response response = api.get(page, token);
      require(response, 200, "list " + path);
      response.json().path("items").forEach(items::add);
      JsonNode next = response.json().path("nextCursor");
      cursor = next.isTextual() ? next.asText() : null;
    } while (cursor != null);
    return items;
  }

  /** What the banner prints. */
  public String credentials(String url) {
    StringBuilder text =
        new StringBuilder("  demo organisation (tenant ")
            .append(tenant)
            .append(found ? ", found from the last run" : ", new")
            .append(")");
    if (email != null) {
      text.append("\n    login:  ").append(email).append(" / ").append(password);
    }
    text.append("\n    export TOKEN=").append(token);
    text.append("\n    (valid ").append(describe(tokenLifetime)).append(")");
    if (email != null) {
      text.append("\n    a fresh token: export TOKEN=$(").append(loginCommand(url)).append(")");
    }
    text.append("\n    rooms:  ");
    rooms.forEach(r -> text.append(r.name()).append(" (").append(r.id()).append(")  "));
    text.append("\n    try:    curl -H \"Authorization: Bearer $TOKEN\" ")
        .append(url)
        .append("/sensors/")
        .append(rooms.get(0).sensorIds().get("co2"))
        .append("/data");
    return text.toString();
  }

  /** A shell command that prints a fresh access token of the demo admin (curl and sed only). */
  String loginCommand(String url) {
    return "curl -s -X POST "
        + url
        + "/auth/login -H 'Content-Type: application/json' -d '{\"email\":\""
        + email
        + "\",\"password\":\""
        + password
        + "\"}' | sed -E 's/.*\"accessToken\":\"([^\"]+)\".*/\\1/'";
  }

  static String describe(Duration lifetime) {
    if (lifetime.toHours() >= 1 && lifetime.toMinutesPart() == 0) {
      return lifetime.toHours() + " h";
    }
    return lifetime.toMinutes() + " min";
  }

  private static void require(PlatformClient.Response response, int status, String what) {
    if (response.status() != status) {
      throw new IllegalStateException("demo: could not " + what + ": " + response);
    }
  }
}
