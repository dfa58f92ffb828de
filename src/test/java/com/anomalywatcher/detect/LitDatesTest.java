package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LitDatesTest {
  @Test
  void oneDateLitForHoursIsNoRecurrenceButTwoDatesAre() {
    LitDates lit = new LitDates();
    for (int slot = 0; slot < DayClock.SLOTS; slot++) {
      lit.learn(100, slot, slot >= 12 && slot < 18); // 02:00–03:00 on one date, every reading
    }
    for (int slot = 0; slot < DayClock.SLOTS; slot++) {
      lit.learn(101, slot, false);
    }
    assertThat(lit.recurs(14)).isFalse();

    for (int slot = 0; slot < DayClock.SLOTS; slot++) {
      lit.learn(102, slot, slot == 16);
    }
    assertThat(lit.recurs(14)).as("lit at 02:40 on a second date, two slots away").isFalse();
    assertThat(lit.recurs(15)).as("one slot away").isTrue();
    assertThat(lit.recurs(17)).as("lit in the slot itself").isTrue();
    assertThat(lit.recurs(30)).isFalse();
  }

  @Test
  void theDateStillBeingLearnedCountsAndIsSavedOnce() {
    LitDates lit = new LitDates();
    lit.learn(100, 143, true); // 23:50 lights the first slots of the day too (the window wraps)
    lit.learn(101, 1, true);

    assertThat(lit.recurs(2)).isFalse();
    assertThat(lit.recurs(0)).as("23:50 on one date and 00:10 on the next").isTrue();
    LitDates restored = LitDates.restore(lit.state());
    assertThat(restored.state().litDates()).isEqualTo(lit.state().litDates());
    assertThat(restored.recurs(0)).isTrue();
    assertThat(restored.recurs(2)).isFalse();
  }

  @Test
  void rejectsASavedStateOfTheWrongSize() {
    assertThatThrownBy(() -> new LitDates.State(new int[10]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("144 slots, got 10");
  }
}
