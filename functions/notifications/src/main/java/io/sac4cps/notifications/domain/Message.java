package io.sac4cps.notifications.domain;

/** What a notification says, the same in every channel. */
public record Message(String title, String body, Severity severity) {}
