package com.anomalywatcher.detect;

/**
 * A {@link LampSchedule}'s training readings, one byte per local weekday and 10-minute slot
 * ({@code day * SLOTS + slot}): each cell packs what the rules ask of a slot's readings (how many,
 * counted up to {@link LampSchedule#MIN_SLOT_COUNT}; whether any was on, any off; whether the lamp
 * switched on, or off, there) into one of 189 values. The rules only compare sums of counts with
 * {@link LampSchedule#MIN_SLOT_COUNT} and ask "all on", "all off" and "ever switched", so their
 * verdicts are those of full counts in 1 KB instead of four int arrays (16 KB). Not thread-safe;
 * owned by its schedule.
 */
final class ScheduleCells {
  private static final int SLOTS = LampSchedule.SLOTS;
  private static final int CELLS = LampSchedule.CELLS;
  private static final int MIN_SLOT_COUNT = LampSchedule.MIN_SLOT_COUNT;

  /** A state seen in a slot: never, in a reading, or switched into there. */
  private static final int NONE = 0;
  private static final int SEEN = 1;
  private static final int SWITCHED = 2;

  /** What {@link #any} asks of a slot on a weekday. */
  enum Seen {
    SWITCHED_ON, SWITCHED_OFF, SOME_ON, SOME_OFF
  }

  private final byte[] cells;

  ScheduleCells() {
    this(new byte[CELLS]);
  }

  private ScheduleCells(byte[] cells) {
    this.cells = cells;
  }

  /** Cells giving the same verdicts as the saved counts. */
  static ScheduleCells restore(DigitalCheck.State s) {
    byte[] cells = new byte[CELLS];
    for (int i = 0; i < CELLS; i++) {
      int on = s.onCount()[i];
      int off = s.total()[i] - on;
      cells[i] = cell(s.total()[i], s.switchedOn()[i] > 0 ? SWITCHED : on > 0 ? SEEN : NONE,
          s.switchedOff()[i] > 0 ? SWITCHED : off > 0 ? SEEN : NONE);
    }
    return new ScheduleCells(cells);
  }

  /** The cells as runs ({@link Packed}), for a frozen schedule to keep. */
  byte[] pack() {
    return Packed.runs(cells);
  }

  /** Cells {@link #pack}ed before. */
  static ScheduleCells unpack(byte[] runs) {
    return new ScheduleCells(Packed.readRuns(runs, CELLS));
  }

  /** The cells as counts that give the same verdicts (a slot's total up to {@link LampSchedule#MIN_SLOT_COUNT}). */
  DigitalCheck.State state(WeekPattern.State week, LitDates.State lit) {
    int[] onCount = new int[CELLS];
    int[] total = new int[CELLS];
    int[] switchedOn = new int[CELLS];
    int[] switchedOff = new int[CELLS];
    for (int i = 0; i < CELLS; i++) {
      int c = cells[i] & 0xFF;
      total[i] = total(c);
      // some on and some off: at least one of each among at least two readings
      onCount[i] = onSeen(c) == NONE ? 0 : offSeen(c) == NONE ? total[i] : 1;
      switchedOn[i] = onSeen(c) == SWITCHED ? 1 : 0;
      switchedOff[i] = offSeen(c) == SWITCHED ? 1 : 0;
    }
    return new DigitalCheck.State(onCount, total, switchedOn, switchedOff, week, lit);
  }

  /** Learns one reading of a weekday's slot, {@code switched} when the lamp switched into {@code on} there. */
  void learn(int day, int slot, boolean on, boolean switched) {
    int s = day * SLOTS + slot;
    int seen = switched ? SWITCHED : SEEN;
    int c = cells[s] & 0xFF;
    cells[s] = cell(total(c) + 1, on ? Math.max(onSeen(c), seen) : onSeen(c), on ? offSeen(c) : Math.max(offSeen(c), seen));
  }

  /**
   * Whether the slot is night for this lamp: on no weekday was it on in every training reading
   * there (outside the opening hours of every day type).
   */
  boolean isNight(int slot) {
    for (int day = 0; day < DayClock.DAYS; day++) {
      int c = cells[day * SLOTS + slot] & 0xFF;
      if (onSeen(c) != NONE && offSeen(c) == NONE) {
        return false;
      }
    }
    return true;
  }

  /** A slot's readings over the weekdays in the bit set {@code days}, each day's counted up to {@link LampSchedule#MIN_SLOT_COUNT}. */
  int total(int days, int slot) {
    int n = 0;
    for (int day = 0; day < DayClock.DAYS; day++) {
      if ((days & (1 << day)) != 0) {
        n += total(cells[day * SLOTS + slot] & 0xFF);
      }
    }
    return n;
  }

  /** Whether, on any weekday in the bit set {@code days}, the slot saw {@code what}. */
  boolean any(int days, int slot, Seen what) {
    for (int day = 0; day < DayClock.DAYS; day++) {
      if ((days & (1 << day)) != 0) {
        int c = cells[day * SLOTS + slot] & 0xFF;
        boolean yes = switch (what) {
          case SWITCHED_ON -> onSeen(c) == SWITCHED;
          case SWITCHED_OFF -> offSeen(c) == SWITCHED;
          case SOME_ON -> onSeen(c) != NONE;
          case SOME_OFF -> offSeen(c) != NONE;
        };
        if (yes) {
          return true;
        }
      }
    }
    return false;
  }

  /** Packs a slot: readings (counted up to {@link LampSchedule#MIN_SLOT_COUNT}), how "on" and how "off" were seen there. */
  private static byte cell(int total, int on, int off) {
    return (byte) (Math.min(total, MIN_SLOT_COUNT) * 9 + on * 3 + off);
  }

  private static int total(int cell) {
    return cell / 9;
  }

  private static int onSeen(int cell) {
    return cell % 9 / 3;
  }

  private static int offSeen(int cell) {
    return cell % 3;
  }
}
