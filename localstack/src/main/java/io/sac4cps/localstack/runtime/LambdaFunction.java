package io.sac4cps.localstack.runtime;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sac4cps.embedded.LocalLambdaContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One function module running as on Lambda: its own {@link FunctionClassLoader}, and one Micronaut
 * {@code ApplicationContext} built from nothing but the environment variables given here (the
 * process's environment and system properties are hidden from it), shared by the module's handlers
 * (HTTP, consumers, outbox relay). Handlers are instantiated through their {@code
 * (ApplicationContext)} constructor, the constructor micronaut-function-aws offers for this.
 *
 * <p>A jar without Micronaut (a plain {@code RequestHandler}, e.g. the authorizer) gets no context;
 * its handlers are instantiated through a {@code (Map<String, String>)} constructor that takes the
 * environment variables in place of {@code System.getenv()}.
 *
 * <p>The local stack has no Micronaut on its own class path, so the context is built reflectively
 * inside the function's class loader.
 */
public final class LambdaFunction implements AutoCloseable {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private static final String APPLICATION_CONTEXT = "io.micronaut.context.ApplicationContext";

  private final FunctionSpec spec;
  private final FunctionClassLoader loader;
  // Both null for a plain (non-Micronaut) function.
  private final Object applicationContext;
  private final Class<?> applicationContextType;
  private volatile boolean closed;
  private final Map<String, RequestHandler<Object, Object>> handlers = new ConcurrentHashMap<>();
  private final ExecutorService invocations = Executors.newVirtualThreadPerTaskExecutor();

  private LambdaFunction(
      FunctionSpec spec,
      FunctionClassLoader loader,
      Object applicationContext,
      Class<?> applicationContextType) {
    this.spec = spec;
    this.loader = loader;
    this.applicationContext = applicationContext;
    this.applicationContextType = applicationContextType;
  }

  /**
   * Loads the function and starts its application context (which connects to the database and runs
   * its migrations when so configured).
   *
   * @throws FunctionStartException when the jar is missing or the context does not start
   */
  public static LambdaFunction start(FunctionSpec spec) {
    FunctionClassLoader loader =
        new FunctionClassLoader(
            spec.name(), urls(spec.classpath()), LambdaFunction.class.getClassLoader());
    try {
      if (loader.getResource(APPLICATION_CONTEXT.replace('.', '/') + ".class") == null) {
        return new LambdaFunction(spec, loader, null, null);
      }
      Object context =
          withContextClassLoader(loader, () -> startApplicationContext(loader, spec.environment()));
      return new LambdaFunction(spec, loader, context, loader.loadClass(APPLICATION_CONTEXT));
    } catch (ReflectiveOperationException | RuntimeException e) {
      closeQuietly(loader);
      throw new FunctionStartException(
          "function " + spec.name() + " did not start: " + rootMessage(e), e);
    }
  }

  public String name() {
    return spec.name();
  }

  public FunctionSpec spec() {
    return spec;
  }

  /**
   * Invokes a handler of this function as Lambda would: the event is handed over as is when the
   * handler's input type accepts it, else converted through JSON (Lambda's boundary), and the
   * invocation is abandoned after the function's timeout.
   *
   * @param handlerClass the handler class name, as in contracts/wiring.yaml
   * @throws InvocationFailedException when the handler throws (the cause is the handler's
   *     exception)
   * @throws InvocationTimeoutException when the handler runs longer than the timeout
   */
  public Object invoke(String handlerClass, Object event, Duration timeout) {
    RequestHandler<Object, Object> handler = handler(handlerClass);
    Object input = adapt(event, inputType(handler.getClass()));
    Instant deadline = Instant.now().plus(timeout);
    LocalLambdaContext context =
        new LocalLambdaContext(
            spec.name(), UUID.randomUUID().toString(), spec.memoryMb(), deadline);
    Future<Object> result =
        invocations.submit(
            () -> withContextClassLoader(loader, () -> handler.handleRequest(input, context)));
    try {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      throw new InvocationTimeoutException(
          spec.name() + " (" + simpleName(handlerClass) + ") timed out after " + timeout);
    } catch (ExecutionException e) {
      throw new InvocationFailedException(spec.name(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvocationFailedException(spec.name(), e);
    }
  }

  /**
   * Creates a handler now, as Lambda's init phase does, so a configuration error shows at start
   * rather than on the first request.
   *
   * @throws FunctionStartException when the handler cannot be created
   */
  public void initialise(String handlerClass) {
    handler(handlerClass);
  }

  /** Converts a handler's result to the type the caller works with, as Lambda's JSON would. */
  public static <T> T convert(Object result, Class<T> type) {
    return type.isInstance(result) ? type.cast(result) : JSON.convertValue(result, type);
  }

  /** Whether the function's application context is still running. */
  public boolean isRunning() {
    if (applicationContext == null) {
      return !closed;
    }
    try {
      return (boolean) applicationContextType.getMethod("isRunning").invoke(applicationContext);
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  @Override
  public void close() {
    closed = true;
    invocations.shutdownNow();
    if (applicationContext == null) {
      closeQuietly(loader);
      return;
    }
    withContextClassLoader(
        loader,
        () -> {
          try {
            applicationContextType.getMethod("close").invoke(applicationContext);
          } catch (ReflectiveOperationException e) {
            // Closing a context that failed half-way can throw; the loader goes away anyway.
          }
          return null;
        });
    closeQuietly(loader);
  }

  @SuppressWarnings("unchecked")
  private RequestHandler<Object, Object> handler(String handlerClass) {
    return handlers.computeIfAbsent(
        handlerClass,
        name ->
            withContextClassLoader(
                loader,
                () -> {
                  try {
                    Class<?> type = loader.loadClass(name);
                    if (!RequestHandler.class.isAssignableFrom(type)) {
                      throw new FunctionStartException(
                          name + " is not a com.amazonaws.services.lambda.runtime.RequestHandler",
                          null);
                    }
                    if (applicationContext == null) {
                      Constructor<?> constructor = type.getConstructor(Map.class);
                      return (RequestHandler<Object, Object>)
                          constructor.newInstance(Map.copyOf(spec.environment()));
                    }
                    Constructor<?> constructor = type.getConstructor(applicationContextType);
                    return (RequestHandler<Object, Object>)
                        constructor.newInstance(applicationContext);
                  } catch (NoSuchMethodException e) {
                    throw new FunctionStartException(
                        name
                            + " has no "
                            + (applicationContext == null
                                ? "(Map<String, String> environment)"
                                : "(ApplicationContext)")
                            + " constructor; the local stack needs it"
                            + " to give the handler its function's configuration",
                        e);
                  } catch (InvocationTargetException e) {
                    throw new FunctionStartException(
                        name + " failed to initialise: " + rootMessage(e), e.getCause());
                  } catch (ReflectiveOperationException e) {
                    throw new FunctionStartException(
                        "cannot load handler " + name + " of " + spec.name() + ": " + e, e);
                  }
                }));
  }

  /** The {@code I} of the handler's {@code RequestHandler<I, O>}, or Object when erased. */
  static Class<?> inputType(Class<?> handlerType) {
    for (Class<?> type = handlerType; type != null; type = type.getSuperclass()) {
      for (Type candidate : type.getGenericInterfaces()) {
        if (candidate instanceof ParameterizedType parameterized
            && parameterized.getRawType() == RequestHandler.class
            && parameterized.getActualTypeArguments()[0] instanceof Class<?> input) {
          return input;
        }
      }
      if (type.getGenericSuperclass() instanceof ParameterizedType superType
          && superType.getActualTypeArguments().length > 0
          && superType.getActualTypeArguments()[0] instanceof Class<?> input
          && isHandlerBase(type.getSuperclass())) {
        return input;
      }
    }
    return Object.class;
  }

  /** Micronaut's handler bases declare {@code <I, O>} as their first type parameter. */
  private static boolean isHandlerBase(Class<?> type) {
    return type != null
        && RequestHandler.class.isAssignableFrom(type)
        && type.getTypeParameters().length == 2;
  }

  private static Object adapt(Object event, Class<?> inputType) {
    if (event == null || inputType.isInstance(event)) {
      return event;
    }
    return JSON.convertValue(event, inputType);
  }

  private static Object startApplicationContext(
      ClassLoader loader, Map<String, String> environment) {
    try {
      Class<?> contextType = loader.loadClass("io.micronaut.context.ApplicationContext");
      Class<?> builderType = loader.loadClass("io.micronaut.context.ApplicationContextBuilder");
      Class<?> sourceType = loader.loadClass("io.micronaut.context.env.PropertySource");
      Class<?> conventionType =
          loader.loadClass("io.micronaut.context.env.PropertySource$PropertyConvention");
      Object envConvention = enumConstant(conventionType, "ENVIRONMENT_VARIABLE");
      // Sources named "env" and "system" stand in for the process's environment variables and
      // system properties: Micronaut adds its own only when no source of that name exists.
      Object env =
          sourceType
              .getMethod("of", String.class, Map.class, conventionType)
              .invoke(null, "env", Map.<String, Object>copyOf(environment), envConvention);
      Object system =
          sourceType.getMethod("of", String.class, Map.class).invoke(null, "system", Map.of());
      Object sources = java.lang.reflect.Array.newInstance(sourceType, 2);
      java.lang.reflect.Array.set(sources, 0, env);
      java.lang.reflect.Array.set(sources, 1, system);

      Object builder = contextType.getMethod("builder").invoke(null);
      builderType.getMethod("classLoader", ClassLoader.class).invoke(builder, loader);
      // The environments a Lambda runtime gives micronaut-function-aws.
      builderType
          .getMethod("environments", String[].class)
          .invoke(builder, (Object) new String[] {"function", "lambda"});
      builderType.getMethod("deduceEnvironment", Boolean.class).invoke(builder, Boolean.FALSE);
      builderType.getMethod("deduceCloudEnvironment", boolean.class).invoke(builder, false);
      builderType.getMethod("banner", boolean.class).invoke(builder, false);
      builderType.getMethod("propertySources", sources.getClass()).invoke(builder, sources);
      return builderType.getMethod("start").invoke(builder);
    } catch (InvocationTargetException e) {
      throw new FunctionStartException(rootMessage(e), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new FunctionStartException("not a Micronaut function jar (" + e.getMessage() + ")", e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object enumConstant(Class<?> type, String name) {
    return Enum.valueOf((Class) type, name);
  }

  private static <T> T withContextClassLoader(ClassLoader loader, Supplier<T> action) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return action.get();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static List<URL> urls(List<Path> classpath) {
    List<URL> urls = new ArrayList<>();
    for (Path entry : classpath) {
      try {
        urls.add(entry.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException(entry.toString(), e);
      }
    }
    return urls;
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  private static void closeQuietly(FunctionClassLoader loader) {
    try {
      loader.close();
    } catch (java.io.IOException e) {
      // Only open jar files are released here; nothing to recover.
    }
  }
}
