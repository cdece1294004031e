package io.sac4cps.rooms.domain;

/** One metric of one room: the unit of current values, rollups and alerts. */
public record Series(String tenantId, String roomId, Metric metric) implements Comparable<Series> {

  /**
   * The order rows are locked in, the same in every transaction so none deadlock: tenant, room,
   * metric's wire name. Written out: a batch sorts and looks up series thousands of times.
   */
  @Override
  public int compareTo(Series other) {
    int byTenant = tenantId.compareTo(other.tenantId);
    if (byTenant != 0) {
      return byTenant;
    }
    int byRoom = roomId.compareTo(other.roomId);
    return byRoom != 0 ? byRoom : metric.wireName().compareTo(other.metric.wireName());
  }
}
