package io.sac4cps.contracts.events;

import io.sac4cps.contracts.events.EventContractFiles.Sample;
import io.sac4cps.contracts.events.EventContractFiles.SchemaVersion;
import java.util.ArrayList;
import java.util.List;

/** The compatibility rule of event schemas: a newer version accepts the data of every older one. */
final class SchemaEvolution {

  private SchemaEvolution() {}

  /**
   * One message per (older sample, newer schema) pair that does not validate; empty when
   * compatible.
   */
  static List<String> incompatibilities(List<Sample> samples, List<SchemaVersion> versions) {
    List<String> problems = new ArrayList<>();
    for (Sample sample : samples) {
      for (SchemaVersion newer : versions) {
        if (!newer.eventType().equals(sample.eventType()) || newer.version() <= sample.version()) {
          continue;
        }
        EventContractFiles.validate(newer.schema(), sample.json().get("data"))
            .forEach(m -> problems.add(sample + " against v" + newer.version() + ": " + m));
      }
    }
    return problems;
  }
}
