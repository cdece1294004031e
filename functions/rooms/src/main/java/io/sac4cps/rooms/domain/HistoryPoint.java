package io.sac4cps.rooms.domain;

import java.time.Instant;

/** One interval of a history: {@code t} is its start. */
public record HistoryPoint(Instant t, double min, double max, double avg, long count) {}
