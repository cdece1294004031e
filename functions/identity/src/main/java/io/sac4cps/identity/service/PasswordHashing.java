package io.sac4cps.identity.service;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.sac4cps.identity.domain.PasswordHasher;
import jakarta.inject.Singleton;

/** The password hasher with the configured Argon2id cost (defaults: docs/decisions/0005). */
@Factory
class PasswordHashing {

  @Singleton
  PasswordHasher passwordHasher(
      @Value("${sac4cps.identity.argon2.memory-kib:19456}") int memoryKib,
      @Value("${sac4cps.identity.argon2.iterations:2}") int iterations,
      @Value("${sac4cps.identity.argon2.parallelism:1}") int parallelism) {
    return new PasswordHasher(new PasswordHasher.Cost(memoryKib, iterations, parallelism));
  }
}
