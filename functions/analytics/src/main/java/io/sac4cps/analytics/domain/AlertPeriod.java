package io.sac4cps.analytics.domain;

/**
 * Alert statistics of one period.
 *
 * @param active raised before the period's end and not resolved by then
 * @param meanSecondsToResolve over the alerts resolved in the period; null when none was
 */
public record AlertPeriod(long raised, long resolved, long active, Double meanSecondsToResolve) {}
