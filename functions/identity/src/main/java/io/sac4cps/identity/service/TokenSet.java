package io.sac4cps.identity.service;

/** What a successful login or grant returns; {@code refreshToken} is null for clients. */
public record TokenSet(String accessToken, long expiresIn, String refreshToken) {}
