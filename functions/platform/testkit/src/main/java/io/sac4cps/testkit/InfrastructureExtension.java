package io.sac4cps.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the servers a test class asks for before its first test and resolves {@link
 * Infrastructure} parameters. Applied by {@link EmbeddedInfrastructure}.
 */
public final class InfrastructureExtension implements BeforeAllCallback, ParameterResolver {

  @Override
  public void beforeAll(ExtensionContext context) {
    Infrastructure.forTestClass(ownerOf(context));
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Infrastructure.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return Infrastructure.forTestClass(ownerOf(context));
  }

  /** {@code @Nested} classes share the infrastructure of the class that carries the annotation. */
  private static Class<?> ownerOf(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
      if (c.isAnnotationPresent(EmbeddedInfrastructure.class)) {
        return c;
      }
    }
    return testClass;
  }
}
