package io.sac4cps.localstack.runtime;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one function, as Lambda gives each function its own JVM: it sees the JDK and
 * the function's own jar, nothing of the local stack or of other functions. Only the Lambda
 * interfaces and event types ({@code com.amazonaws.services.lambda.runtime}) come from the local
 * stack, because events cross the boundary as objects instead of JSON; the function's copy of those
 * classes is the same library version (the root POM manages it for both).
 */
public final class FunctionClassLoader extends URLClassLoader {

  /** Packages shared with the local stack; everything else the function loads from its jar. */
  static final List<String> SHARED_PACKAGES = List.of("com.amazonaws.services.lambda.runtime.");

  private final ClassLoader host;

  public FunctionClassLoader(String functionName, List<URL> classpath, ClassLoader host) {
    super("function-" + functionName, classpath.toArray(URL[]::new), getPlatformClassLoader());
    this.host = host;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (isShared(name)) {
      return host.loadClass(name);
    }
    return super.loadClass(name, resolve);
  }

  @Override
  public URL getResource(String name) {
    return isShared(name.replace('/', '.')) ? host.getResource(name) : super.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    return isShared(name.replace('/', '.')) ? host.getResources(name) : super.getResources(name);
  }

  static boolean isShared(String className) {
    return SHARED_PACKAGES.stream().anyMatch(className::startsWith);
  }
}
