package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class HumanTest {
  @Test
  void sizesAreHuman() {
    assertThat(Human.size(512)).isEqualTo("512 B");
    assertThat(Human.size(48_213)).isEqualTo("48.2 kB");
    assertThat(Human.size(3_500_000)).isEqualTo("3.5 MB");
  }

  @Test
  void particulateMatterIsMicrogramsPerCubicMetreNotATimeOfDay() {
    assertThat(Human.value(27.9, "PM", false)).isEqualTo("27.90 µg/m³");
    assertThat(Human.value(181.25, "°C", false)).isEqualTo("181.25 °C");
    assertThat(Human.value(1, "io", true)).isEqualTo("1 (on)");
  }

  @Test
  void tableColumnsLineUpAndCsvAndJsonCarryThePlainValues() {
    Table t = new Table(List.of(Table.Column.left("sensor_id", "sensor"), Table.Column.right("value", "value")));
    t.add("oven-restaurant-3fa2c1", Table.cell(181.5, "181.50 °C"));
    t.add("pm-x", Table.cell(7.0, "7.00 µg/m³"));

    StringWriter table = new StringWriter();
    t.print(new PrintWriter(table, true), OutputFormat.Kind.TABLE);
    List<String> lines = table.toString().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines).extracting(String::length).containsOnly(lines.get(0).length());
    assertThat(lines.get(1)).endsWith("181.50 °C");

    StringWriter csv = new StringWriter();
    t.print(new PrintWriter(csv, true), OutputFormat.Kind.CSV);
    assertThat(csv.toString().lines()).containsExactly("sensor_id,value", "oven-restaurant-3fa2c1,181.5", "pm-x,7.0");

    assertThat(t.json()).isEqualTo("[{\"sensor_id\":\"oven-restaurant-3fa2c1\",\"value\":181.5},{\"sensor_id\":\"pm-x\",\"value\":7.0}]");
  }

  @Test
  void csvQuotesWhatNeedsIt() {
    assertThat(Table.csv("plain")).isEqualTo("plain");
    assertThat(Table.csv("a,b")).isEqualTo("\"a,b\"");
    assertThat(Table.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
  }
}
