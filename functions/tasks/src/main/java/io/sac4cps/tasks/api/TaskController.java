package io.sac4cps.tasks.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.security.annotation.Secured;
import io.sac4cps.contracts.wiring.TaskKind;
import io.sac4cps.platform.paging.Cursor;
import io.sac4cps.platform.paging.Page;
import io.sac4cps.platform.problem.FieldChecks;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.platform.security.Caller;
import io.sac4cps.platform.security.Roles;
import io.sac4cps.platform.storage.PresignedUrl;
import io.sac4cps.tasks.api.TaskViews.TaskView;
import io.sac4cps.tasks.domain.Fingerprint;
import io.sac4cps.tasks.domain.IdempotencyKey;
import io.sac4cps.tasks.domain.Task;
import io.sac4cps.tasks.domain.TaskStatus;
import io.sac4cps.tasks.service.TaskDownloads;
import io.sac4cps.tasks.service.TaskKinds;
import io.sac4cps.tasks.service.Tasks;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Creating, listing, reading and cancelling a tenant's tasks, and downloading their results. */
@Controller("/tasks")
public class TaskController {
  private static final int DEFAULT_PAGE = 50;
  private static final int MAX_PAGE = 100;
  private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final Tasks tasks;
  private final TaskKinds kinds;
  private final KindParameters parameters;
  private final TaskDownloads downloads;
  private final JsonMapper json;

  public TaskController(
      Tasks tasks,
      TaskKinds kinds,
      KindParameters parameters,
      TaskDownloads downloads,
      JsonMapper json) {
    this.tasks = tasks;
    this.kinds = kinds;
    this.parameters = parameters;
    this.downloads = downloads;
    this.json = json;
  }

  @Post
  @Secured({Roles.ADMIN, Roles.OPERATOR})
  public HttpResponse<TaskView> create(
      Caller caller, @Body JsonNode body, @Nullable @Header(IDEMPOTENCY_KEY) String keyHeader) {
    Map<String, Object> request = object(body);
    FieldChecks checks = new FieldChecks();
    Optional<IdempotencyKey> key = IdempotencyKey.parse(keyHeader);
    checks.check(
        IDEMPOTENCY_KEY,
        keyHeader != null && key.isEmpty(),
        "must be 1 to " + IdempotencyKey.MAX_LENGTH + " printable characters");
    request.keySet().stream()
        .filter(name -> !name.equals("kind") && !name.equals("params"))
        .forEach(name -> checks.fail(name, "is not a member of a task request"));
    Object kindName = request.get("kind");
    Optional<TaskKind> kind =
        kindName instanceof String name ? kinds.runnable(name) : Optional.empty();
    checks.check(
        "kind",
        kind.isEmpty(),
        kindName == null
            ? "is required"
            : "must be a kind this platform runs: "
                + kinds.all().stream().filter(k -> !k.planned()).map(TaskKind::kind).toList());
    Object params = request.get("params");
    if (params == null) {
      checks.fail("params", "is required");
    } else if (kind.isPresent()) {
      parameters.check(kind.get().kind(), params, checks);
    }
    checks.orThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> given = (Map<String, Object>) params;
    Task task =
        tasks.create(
            caller.tenantId(), caller.subject(), kind.get(), given, key, Fingerprint.of(request));
    return HttpResponse.<TaskView>status(HttpStatus.ACCEPTED)
        .body(view(task))
        .headers(h -> h.location(URI.create("/tasks/" + task.id())));
  }

  @Get
  @Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
  public Page<TaskView> list(
      Caller caller,
      @Nullable @QueryValue String status,
      @Nullable @QueryValue String kind,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String cursor) {
    int size = Cursor.limit(limit, DEFAULT_PAGE, MAX_PAGE);
    TaskStatus wanted = null;
    if (status != null) {
      wanted =
          TaskStatus.fromWire(status)
              .orElseThrow(() -> ProblemException.badRequest("status", "is not a task status"));
    }
    Instant afterCreatedAt = null;
    String afterId = null;
    if (cursor != null) {
      List<String> keys = Cursor.decode(cursor, 2);
      try {
        afterCreatedAt = Instant.parse(keys.get(0));
      } catch (DateTimeParseException e) {
        throw ProblemException.badRequest("cursor", "is not a cursor this API returned");
      }
      afterId = keys.get(1);
    }
    List<Task> fetched =
        tasks.list(caller.tenantId(), wanted, kind, afterCreatedAt, afterId, size + 1);
    List<Task> page = fetched.stream().limit(size).toList();
    // Newest first on (createdAt, id): the cursor is both keys of the page's last task.
    String next =
        fetched.size() > size
            ? Cursor.encode(page.get(size - 1).createdAt().toString(), page.get(size - 1).id())
            : null;
    return new Page<>(page.stream().map(this::view).toList(), next);
  }

  @Get("/{id}")
  @Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
  public TaskView get(Caller caller, @PathVariable String id) {
    return view(find(caller, id));
  }

  @Put("/{id}/cancel")
  @Secured({Roles.ADMIN, Roles.OPERATOR})
  public TaskView cancel(Caller caller, @PathVariable String id) {
    return view(tasks.cancel(caller.tenantId(), id, caller.subject()));
  }

  @Get("/{id}/download")
  @Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
  public HttpResponse<?> download(Caller caller, @PathVariable String id) {
    PresignedUrl url =
        downloads
            .link(find(caller, id))
            .orElseThrow(() -> ProblemException.notFound("Result file of task", id));
    return HttpResponse.seeOther(url.url());
  }

  private Task find(Caller caller, String id) {
    return tasks
        .find(caller.tenantId(), id)
        .orElseThrow(() -> ProblemException.notFound("Task", id));
  }

  private TaskView view(Task task) {
    return TaskView.of(task, downloads.link(task));
  }

  private Map<String, Object> object(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ProblemException.badRequest("body", "must be a JSON object");
    }
    try {
      return json.readValueFromTree(body, Argument.mapOf(String.class, Object.class));
    } catch (IOException e) {
      throw ProblemException.badRequest("body", "must be a JSON object");
    }
  }
}
