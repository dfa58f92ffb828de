package com.anomalywatcher.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountsTest {
  @Test
  void nounsAgreeWithTheirCount() {
    assertThat(Counts.count(1, "anomaly episode")).isEqualTo("1 anomaly episode");
    assertThat(Counts.count(2, "anomaly episode")).isEqualTo("2 anomaly episodes");
    assertThat(Counts.count(0, "alert")).isEqualTo("0 alerts");
    assertThat(Counts.count(12345, "row")).isEqualTo("12,345 rows");
    assertThat(Counts.count(2, "anomaly", "anomalies")).isEqualTo("2 anomalies");
  }

  @Test
  void ratesAreGroupedAsTheCountsBesideThem() {
    assertThat(Counts.rate(7890.4)).isEqualTo("7,890");
    assertThat(Counts.rate(118_356.6)).isEqualTo("118,357");
    assertThat(Counts.rate(12.2)).isEqualTo("12");
  }

  @Test
  void ratesUnderTenHaveTwoSignificantDigits() {
    assertThat(Counts.rate(0.1)).isEqualTo("0.10");
    assertThat(Counts.rate(4.26)).isEqualTo("4.3");
    assertThat(Counts.rate(0.0345)).isEqualTo("0.035");
    assertThat(Counts.rate(9.96)).isEqualTo("10");
    assertThat(Counts.rate(0)).isEqualTo("0");
  }
}
