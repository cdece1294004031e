package io.sac4cps.sensors.tasks;

import java.time.Instant;

/** How an export writes readings: CSV with a header, or JSON Lines (one object a line). */
enum ExportFormat {
  CSV("csv", "text/csv", "sensorId,timestamp,value\n"),
  JSONL("jsonl", "application/x-ndjson", "");

  final String extension;
  final String contentType;
  final String header;

  ExportFormat(String extension, String contentType, String header) {
    this.extension = extension;
    this.contentType = contentType;
    this.header = header;
  }

  static ExportFormat of(Object param) {
    if (param == null || "csv".equals(param)) {
      return CSV;
    }
    if ("jsonl".equals(param)) {
      return JSONL;
    }
    throw new io.sac4cps.platform.tasks.TaskRejected("format must be csv or jsonl: " + param);
  }

  void row(StringBuilder out, String sensorId, Instant timestamp, double value) {
    if (this == CSV) {
      csv(out, sensorId).append(',').append(timestamp).append(',').append(value).append('\n');
    } else {
      out.append("{\"sensorId\":");
      json(out, sensorId).append(",\"timestamp\":\"").append(timestamp).append("\",\"value\":");
      out.append(value).append("}\n");
    }
  }

  private static StringBuilder csv(StringBuilder out, String text) {
    if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0) {
      return out.append(text);
    }
    return out.append('"').append(text.replace("\"", "\"\"")).append('"');
  }

  private static StringBuilder json(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"');
  }
}
