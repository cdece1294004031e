package io.sac4cps.identity.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * 200 body of GET /users. {@code nextCursor} is required by the contract and written as null on the
 * last page (platform-core's {@code Page} drops a null cursor, which the contract does not allow).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UserPage(List<UserResponse> items, String nextCursor) {}
