package com.anomalywatcher.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * How long a sensor's silences normally last, learned from its own history: the runs of missing
 * readings between two readings, counted by length in the sensor's intervals. Real sensors lose
 * single readings and short runs (a radio dropout, a busy gateway) far more often than they go
 * offline, so the run lengths of a history form a dense cluster of short runs and, apart from it,
 * a few long ones (outages, offline episodes in the history: never learned as normal). The longest
 * run of that cluster, plus one, is how many readings may go missing before the sensor counts as
 * offline ({@link #toleratedMissing()}): the one length of margin covers a tail that thins out,
 * where the next length is merely rarer than any the history happened to show. A history with few
 * dropouts may miss lengths its fleet shows as usual, which splits its cluster early; given the
 * fleet's usual run, its own runs up to that length count as usual ({@link #toleratedMissing(int)}).
 *
 * <p>The cluster is the run lengths from 1 upwards while each next length seen lies at most
 * {@value #CLUSTER_STEP} above the previous one (one unseen length between two seen ones does not
 * split it). Until {@value #MIN_GAPS} gaps are seen the tolerance is {@value #UNLEARNED_TOLERANCE}
 * missing readings; it is never below {@value #MIN_TOLERANCE} (a lost reading or two never means
 * offline). The interval is the shortest of the last {@value #RECENT} gaps (missing readings only
 * lengthen a gap). A restored profile keeps its run counts packed ({@link Packed}) until it notes a
 * reading: a trained detector with a full profile never does, and a fleet holds thousands of them.
 * Not thread-safe; owned by its {@link SensorDetector}.
 */
public final class GapProfile {
  /** Longest run counted on its own; longer runs share the last bin. */
  static final int MAX_RUN = 127;
  static final int RECENT = 16;
  /** Gaps seen before the learned tolerance replaces {@link #UNLEARNED_TOLERANCE} (about a day of 1-minute data). */
  static final long MIN_GAPS = 1000;
  /** Missing readings tolerated while too little history was seen. */
  static final int UNLEARNED_TOLERANCE = 9;
  static final int MIN_TOLERANCE = 2;
  /** Largest step from one seen run length to the next that keeps them in one cluster. */
  static final int CLUSTER_STEP = 2;

  /** Run counts by length; null while the profile is as restored (then {@link #packedRuns} holds them). */
  private long[] runs;
  /** The restored run counts, packed; null for a profile learned in this process. */
  private final byte[] packedRuns;
  /** The last gaps; null while the profile is as restored, when every one is {@link #restoredInterval}. */
  private long[] recentGapsMillis;
  private final long restoredInterval;
  private long gaps;
  private Instant last;
  /** The longest usual run, -1 until computed (again after a new run). */
  private int longest = -1;
  /** The fleet's usual run {@link #bridged} was computed for (-1: none yet), and the sensor's longest run up to it. */
  private int bridgedFor = -1;
  private int bridged;

  /** Saved form: the run counts (index = missing readings) and the gaps behind them. */
  public record State(long[] runs, long gaps, long intervalMillis) {
    public State {
      if (runs.length != MAX_RUN + 1) {
        throw new IllegalArgumentException("gap profile needs " + (MAX_RUN + 1) + " run counts, got " + runs.length);
      }
      runs = runs.clone();
    }
  }

  GapProfile() {
    this.runs = new long[MAX_RUN + 1];
    this.packedRuns = null;
    this.recentGapsMillis = new long[RECENT];
    this.restoredInterval = 0;
  }

  private GapProfile(State s) {
    this.runs = null;
    this.packedRuns = Packed.counts(s.runs());
    this.recentGapsMillis = null;
    this.restoredInterval = s.intervalMillis();
    this.gaps = s.gaps();
  }

  static GapProfile restore(State s) {
    return new GapProfile(s);
  }

  State state() {
    return new State(runs(), gaps, intervalMillis());
  }

  /** The run counts, unpacked (a copy) while the profile is as restored. */
  private long[] runs() {
    long[] r = runs;
    return r != null ? r : Packed.readCounts(packedRuns, new int[1], MAX_RUN + 1);
  }

  /** Unpacks a restored profile before it learns. */
  private void thaw() {
    if (runs == null) {
      runs = runs();
    }
    if (recentGapsMillis == null) {
      long[] recent = new long[RECENT];
      Arrays.fill(recent, restoredInterval);
      recentGapsMillis = recent;
    }
  }

  /** Notes a reading at {@code at} (readings come in time order; an equal or older one is ignored). */
  void note(Instant at) {
    thaw();
    if (last != null && at.isAfter(last)) {
      long gap = Millis.between(last, at);
      recentGapsMillis[(int) (gaps % RECENT)] = gap;
      gaps++;
      long interval = intervalMillis();
      if (gaps >= 3 && interval > 0) {
        long missing = Math.round((double) gap / interval) - 1;
        if (missing > 0) {
          runs[(int) Math.min(MAX_RUN, missing)]++;
          longest = -1;
        }
      }
    }
    if (last == null || at.isAfter(last)) {
      last = at;
    }
  }

  /** The sensor's interval between readings, 0 while unknown. */
  long intervalMillis() {
    if (recentGapsMillis == null) { // as restored: every recent gap is the saved interval
      return gaps == 0 ? 0 : restoredInterval;
    }
    long min = Long.MAX_VALUE;
    for (int i = 0; i < Math.min(gaps, RECENT); i++) {
      min = Math.min(min, recentGapsMillis[i]);
    }
    return min == Long.MAX_VALUE ? 0 : min;
  }

  /** The interval between readings learned from the history, or null while fewer than 3 gaps were seen. */
  public Duration interval() {
    return gaps < 3 ? null : Duration.ofMillis(intervalMillis());
  }

  /** Gaps between readings seen so far. */
  public long gaps() {
    return gaps;
  }

  /**
   * How many readings in a row may be missing before the sensor counts as offline, from this
   * sensor's history alone: one more than its longest usual run.
   */
  public int toleratedMissing() {
    return toleratedMissing(-1);
  }

  /**
   * How many readings in a row may be missing before the sensor counts as offline: one more than
   * its longest usual run. Where {@code fleetUsualRun} (the longest usual run typical of the
   * sensor's fleet, negative when unknown) is longer, a run of its own history up to the fleet's
   * length counts as usual too: a history with few dropouts may miss the lengths between (runs of 1
   * and of 4–6 but none of 2 or 3 split the cluster after 1), and the fleet shows what the lengths
   * beyond are. A sensor whose own history never lost that many keeps its own tolerance.
   */
  public int toleratedMissing(int fleetUsualRun) {
    if (gaps < MIN_GAPS) {
      return UNLEARNED_TOLERANCE;
    }
    if (longest < 0) {
      longest = longestUsualRun(runs());
      bridgedFor = -1;
    }
    int usual = longest;
    if (fleetUsualRun > longest) {
      if (bridgedFor != fleetUsualRun) {
        bridged = longestRunUpTo(runs(), fleetUsualRun);
        bridgedFor = fleetUsualRun;
      }
      usual = Math.max(longest, bridged);
    }
    return Math.max(MIN_TOLERANCE, usual + 1);
  }

  /** The longest run of at most {@code limit} readings the history shows (0 when none). */
  private static int longestRunUpTo(long[] runs, int limit) {
    for (int r = Math.min(limit, MAX_RUN - 1); r > 0; r--) {
      if (runs[r] > 0) {
        return r;
      }
    }
    return 0;
  }

  /** The longest run in the cluster of short runs (0 when the history lost no reading). */
  public int longestUsualRun() {
    return longestUsualRun(runs());
  }

  private static int longestUsualRun(long[] runs) {
    int longest = 0;
    for (int r = 1; r < MAX_RUN; r++) {
      if (r > longest + CLUSTER_STEP) {
        break;
      }
      if (runs[r] > 0) {
        longest = r;
      }
    }
    return longest;
  }
}
