package io.sac4cps.platform.storage;

import java.net.URI;
import java.time.Instant;

/**
 * A URL that lets whoever holds it GET one object, without credentials, until {@code expiresAt};
 * after that S3 answers 403. Hand it out as is: changing any part of it breaks its signature.
 */
public record PresignedUrl(URI url, Instant expiresAt) {}
