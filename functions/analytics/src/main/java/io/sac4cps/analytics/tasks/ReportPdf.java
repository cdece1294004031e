package io.sac4cps.analytics.tasks;

import io.sac4cps.analytics.domain.ReportSpec;
import io.sac4cps.analytics.domain.Summary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A report as a PDF a facility manager prints (A4): the summary table of the period against the
 * previous one, a table per room, and one chart per metric (energy per day, comfort per day, an
 * occupancy heatmap of rooms by day), drawn as vector paths with PDFBox (decision 0042). Figures
 * are rounded as {@link #figure} says, so a test can find the summary's numbers in the text.
 */
final class ReportPdf {
  static {
    // PDFBox caches the system fonts it found under user.home, which is read-only on Lambda.
    if (System.getProperty("pdfbox.fontcache") == null) {
      System.setProperty("pdfbox.fontcache", System.getProperty("java.io.tmpdir"));
    }
  }

  private static final PDFont REGULAR = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  private static final PDFont BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
  private static final float MARGIN = 50;
  private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ReportPdf() {}

  /** {@code value} with {@code decimals} decimals, or an en dash when there is none. */
  static String figure(Double value, int decimals) {
    return value == null ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private record Row(String label, Function<Summary, Summary.Figure> figure, int decimals) {}

  static byte[] render(ReportSpec spec, Summary summary, List<ReportDay> days, Instant generated) {
    try (PDDocument document = new PDDocument()) {
      PDDocumentInformation info = document.getDocumentInformation();
      info.setTitle(spec.kind().title() + " report");
      info.setProducer("sac4cps analytics");
      Pages pages = new Pages(document);
      pages.text(BOLD, 18, spec.kind().title() + " report");
      pages.text(
          REGULAR,
          11,
          (spec.building() == null ? "All buildings" : "Building " + spec.building())
              + ", "
              + TIME.format(spec.from())
              + " to "
              + TIME.format(spec.to()));
      pages.text(
          REGULAR,
          9,
          "Compared with "
              + TIME.format(summary.previousFrom())
              + " to "
              + TIME.format(spec.from())
              + ". Generated "
              + TIME.format(generated)
              + ".");
      pages.gap(10);

      pages.text(BOLD, 13, "Summary");
      float[] columns = {0, 250, 340, 430};
      pages.row(BOLD, 10, columns, "Figure", "This period", "Previous", "Change");
      for (Row row : rows(spec.kind())) {
        Summary.Figure f = row.figure().apply(summary);
        pages.row(
            REGULAR,
            10,
            columns,
            row.label(),
            figure(f.value(), row.decimals()),
            figure(f.previous(), row.decimals()),
            figure(f.change(), row.decimals()));
      }
      pages.gap(12);

      pages.text(BOLD, 13, "Rooms");
      float[] roomColumns = {0, 130, 220, 280, 330, 390, 445};
      pages.row(
          BOLD,
          9,
          roomColumns,
          "Room",
          "Building",
          "Occup. %",
          "kWh",
          "kWh/m2",
          "Comfort %",
          "CO2 exc. h");
      for (Summary.RoomSummary room : summary.rooms()) {
        pages.row(
            REGULAR,
            9,
            roomColumns,
            room.name() == null ? room.roomId() : room.name(),
            room.building() == null ? "" : room.building(),
            figure(room.occupancy().utilisationPercent(), 1),
            figure(room.energyKwh(), 2),
            figure(room.kwhPerM2(), 3),
            figure(room.comfort().insidePercent(), 1),
            Long.toString(room.co2ExceedanceHours()));
      }

      if (spec.kind().covers(ReportSpec.Kind.ENERGY)) {
        pages.newPageIfBelow(260);
        pages.gap(12);
        pages.barChart("Energy per day (kWh)", days, ReportDay::energyKwh, 2);
      }
      if (spec.kind().covers(ReportSpec.Kind.COMFORT)) {
        pages.newPageIfBelow(260);
        pages.gap(12);
        pages.barChart(
            "Comfort per day (% of occupied hours inside thresholds)",
            days, ReportDay::comfortPercent, 1);
      }
      if (spec.kind().covers(ReportSpec.Kind.BUILDING_SUMMARY)) {
        pages.newPage();
        pages.heatmap("Occupancy per room and day (% of capacity)", days);
      }
      pages.close();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Row> rows(ReportSpec.Kind kind) {
    List<Row> rows = new ArrayList<>();
    if (kind.covers(ReportSpec.Kind.BUILDING_SUMMARY)) {
      rows.add(
          new Row("Occupancy, mean of capacity (%)", s -> s.occupancy().utilisationPercent(), 1));
    }
    if (kind.covers(ReportSpec.Kind.ENERGY)) {
      rows.add(new Row("Energy (kWh)", s -> s.energy().totalKwh(), 2));
      rows.add(new Row("Energy per m2 (kWh/m2)", s -> s.energy().kwhPerM2(), 3));
    }
    if (kind.covers(ReportSpec.Kind.COMFORT)) {
      rows.add(new Row("Comfort, occupied time inside (%)", s -> s.comfort().insidePercent(), 1));
      rows.add(new Row("Occupied hours", s -> s.comfort().occupiedHours(), 0));
      rows.add(new Row("CO2 exceedance hours", s -> s.comfort().co2ExceedanceHours(), 0));
    }
    if (kind.covers(ReportSpec.Kind.BUILDING_SUMMARY)) {
      rows.add(new Row("Alerts raised", s -> s.alerts().raised(), 0));
      rows.add(new Row("Alerts resolved", s -> s.alerts().resolved(), 0));
      rows.add(new Row("Alerts still active", s -> s.alerts().active(), 0));
      rows.add(
          new Row(
              "Mean time to resolve (h)", s -> hours(s.alerts().meanTimeToResolveSeconds()), 2));
      rows.add(new Row("Data completeness (%)", s -> s.dataHealth().completenessPercent(), 1));
    }
    return rows;
  }

  private static Summary.Figure hours(Summary.Figure seconds) {
    return Summary.Figure.of(
        seconds.value() == null ? null : seconds.value() / 3600,
        seconds.previous() == null ? null : seconds.previous() / 3600);
  }

  /** The pages being written, and where on the current one the next line goes. */
  private static final class Pages {
    private final PDDocument document;
    private PDPageContentStream content;
    private float y;

    Pages(PDDocument document) throws IOException {
      this.document = document;
      newPage();
    }

    void newPage() throws IOException {
      close();
      PDPage page = new PDPage(PDRectangle.A4);
      document.addPage(page);
      content = new PDPageContentStream(document, page);
      y = PDRectangle.A4.getHeight() - MARGIN;
    }

    void newPageIfBelow(float needed) throws IOException {
      if (y - needed < MARGIN) {
        newPage();
      }
    }

    void close() throws IOException {
      if (content != null) {
        content.close();
        content = null;
      }
    }

    void gap(float points) {
      y -= points;
    }

    void text(PDFont font, float size, String text) throws IOException {
      newPageIfBelow(size * 1.6f);
      y -= size * 1.4f;
      show(font, size, MARGIN, y, text);
    }

    void row(PDFont font, float size, float[] columns, String... cells) throws IOException {
      newPageIfBelow(size * 1.6f);
      y -= size * 1.5f;
      for (int i = 0; i < cells.length; i++) {
        float limit = (i + 1 < columns.length ? columns[i + 1] : WIDTH) - columns[i] - 4;
        show(font, size, MARGIN + columns[i], y, fit(font, size, cells[i], limit));
      }
    }

    /** Bars of {@code value} per day, the value printed above each bar; no bar for a gap. */
    void barChart(
        String title, List<ReportDay> days, Function<ReportDay, Double> value, int decimals)
        throws IOException {
      text(BOLD, 12, title);
      float height = 160;
      float bottom = y - 20 - height;
      double max =
          days.stream()
              .map(value)
              .filter(v -> v != null)
              .mapToDouble(Double::doubleValue)
              .max()
              .orElse(0);
      double scale = max <= 0 ? 0 : height / max;
      float slot = WIDTH / Math.max(1, days.size());
      content.setStrokingColor(0.3f, 0.3f, 0.3f);
      content.moveTo(MARGIN, bottom);
      content.lineTo(MARGIN + WIDTH, bottom);
      content.stroke();
      int labelEvery = Math.max(1, (int) Math.ceil(days.size() / 15.0));
      for (int i = 0; i < days.size(); i++) {
        Double v = value.apply(days.get(i));
        float x = MARGIN + i * slot;
        if (v != null) {
          float bar = (float) Math.max(0, v * scale);
          content.setNonStrokingColor(0.22f, 0.45f, 0.70f);
          content.addRect(x + slot * 0.15f, bottom, slot * 0.7f, bar);
          content.fill();
          if (days.size() <= 31) {
            show(REGULAR, 6, x + slot * 0.1f, bottom + bar + 3, figure(v, decimals));
          }
        }
        if (i % labelEvery == 0) {
          show(REGULAR, 7, x + slot * 0.1f, bottom - 10, DAY.format(days.get(i).from()));
        }
      }
      y = bottom - 16;
    }

    /** Rooms by day, shaded by occupancy as % of capacity, the value in each cell. */
    void heatmap(String title, List<ReportDay> days) throws IOException {
      text(BOLD, 12, title);
      List<String[]> rooms = new ArrayList<>();
      for (ReportDay day : days) {
        for (ReportDay.Room room : day.rooms()) {
          if (rooms.stream().noneMatch(r -> r[0].equals(room.roomId()))) {
            rooms.add(
                new String[] {room.roomId(), room.name() == null ? room.roomId() : room.name()});
          }
        }
      }
      float labels = 110;
      float cell = Math.min(14, (y - MARGIN - 30) / Math.max(1, rooms.size()));
      float cellWidth = (WIDTH - labels) / Math.max(1, days.size());
      float top = y - 8;
      int labelEvery = Math.max(1, (int) Math.ceil(days.size() / 15.0));
      for (int r = 0; r < rooms.size(); r++) {
        float rowY = top - (r + 1) * cell;
        show(
            REGULAR,
            Math.min(8, cell - 1),
            MARGIN,
            rowY + cell * 0.25f,
            fit(REGULAR, Math.min(8, cell - 1), rooms.get(r)[1], labels - 4));
        for (int d = 0; d < days.size(); d++) {
          Double utilisation = utilisation(days.get(d), rooms.get(r)[0]);
          float x = MARGIN + labels + d * cellWidth;
          if (utilisation == null) {
            content.setNonStrokingColor(0.93f, 0.93f, 0.93f);
          } else {
            float shade = (float) (1 - Math.min(100, Math.max(0, utilisation)) / 100 * 0.8);
            content.setNonStrokingColor(shade, shade, 1f);
          }
          content.addRect(x, rowY, cellWidth - 1, cell - 1);
          content.fill();
          if (utilisation != null && cellWidth >= 16 && cell >= 8) {
            show(REGULAR, 6, x + 2, rowY + cell * 0.3f, figure(utilisation, 0));
          }
        }
      }
      float axis = top - rooms.size() * cell - 10;
      for (int d = 0; d < days.size(); d += labelEvery) {
        show(REGULAR, 7, MARGIN + labels + d * cellWidth, axis, DAY.format(days.get(d).from()));
      }
      y = axis - 12;
      text(REGULAR, 8, "Grey: no occupancy reading that day.");
    }

    private static Double utilisation(ReportDay day, String roomId) {
      return day.rooms().stream()
          .filter(r -> r.roomId().equals(roomId))
          .findFirst()
          .map(ReportDay.Room::utilisationPercent)
          .orElse(null);
    }

    private void show(PDFont font, float size, float x, float atY, String text) throws IOException {
      content.setNonStrokingColor(0f, 0f, 0f);
      content.beginText();
      content.setFont(font, size);
      content.newLineAtOffset(x, atY);
      content.showText(printable(font, text));
      content.endText();
    }
  }

  /** {@code text} cut with an ellipsis to {@code width} points. */
  private static String fit(PDFont font, float size, String text, float width) throws IOException {
    String printable = printable(font, text);
    if (font.getStringWidth(printable) / 1000 * size <= width) {
      return printable;
    }
    String cut = printable;
    while (!cut.isEmpty() && font.getStringWidth(cut + "...") / 1000 * size > width) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut + "...";
  }

  /** The standard fonts encode WinAnsi only: any other character (a room's name) becomes '?'. */
  private static String printable(PDFont font, String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              String s = Character.toString(c);
              try {
                font.encode(s);
                out.append(Character.isISOControl(c) ? "?" : s);
              } catch (IOException | IllegalArgumentException e) {
                out.append('?');
              }
            });
    return out.toString();
  }
}
