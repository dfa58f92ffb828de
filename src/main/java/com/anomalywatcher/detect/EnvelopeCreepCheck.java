package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;
import java.util.Arrays;
import java.util.Locale;

/**
 * An oven held at a setpoint whose reading creeps away while its thermostat keeps cycling. An oven
 * held by an on/off controller shows a sawtooth whose tops are where the controller switches off;
 * door openings dip below them and recover, and a staff setpoint change moves the tops by a warm-up
 * or a passive cool-down during which the controller stops cycling. A probe that drifts moves the
 * tops slowly while the cycling goes on, a few degrees in hours: inside every range the working
 * oven's history covers and too slowly for any step check.
 *
 * <p>The envelope {@code U} is the highest 3-reading median of the last {@value #WINDOW} readings.
 * The oven <em>cycles</em> at a reading when, over those readings, the 3-reading median both rose and
 * fell, the smaller sum at least {@value #CYCLE_RATIO} of the larger and the larger at least
 * {@value #CYCLE_WIDTHS} noise widths (1.4826 × the MAD of the training's reading-to-reading changes
 * of the 3-reading median), and its envelope lies above the middle of the training's
 * {@value #LOW_QUANTILE}–{@code 1 − }{@value #LOW_QUANTILE} quantiles (the oven on).
 *
 * <p>Judged per reading over the last {@value #SPAN} readings: the newest cycles (a switch-off's cool-down
 * ends a run at once, while the envelope still remembers the held tops), at least {@value #CYCLING_SHARE} of
 * them cycle (and of the {@value #SPAN} before them too); {@code U} moved along a line (its middle within
 * {@value #LINE} of the move from the line's); no {@value #JUMP_READINGS}-reading change of {@code U}
 * in the span above {@value #JUMP} of the move (a setpoint staircase); the span before moved at most
 * as far the same way and at most {@value #BACK} of it back (no slowing approach to a new setpoint).
 * The move is measured in robust spreads of the moves the training days showed under the first two
 * rules; it counts from the second largest of the training days' (UTC) largest such scores under all
 * rules, never under {@value #FLOOR}, up to {@value #CAP} (a larger move is a setpoint change).
 *
 * <p>Alerts {@code drift} once per run of such readings (a run ends after {@value #QUIET} readings
 * without one), stated by the move it saw (no expected range: the newest reading lies among the
 * oven's own). Gaps keep the remembered readings. A model saved before this check existed, or
 * trained on fewer than {@value #MIN_READINGS} readings or with fewer than {@value #MIN_MOVES}
 * judged moves, judges nothing. Only ovens; not thread-safe; owned by its {@link AnalogCheck}.
 */
final class EnvelopeCreepCheck implements PluggedCheck.OwnKindCheck {
  static final int WINDOW = 30;
  static final double CYCLE_RATIO = 0.3;
  static final double CYCLE_WIDTHS = 6;
  static final double LOW_QUANTILE = 0.05;
  static final int SPAN = 120;
  static final double CYCLING_SHARE = 0.8;
  static final double LINE = 0.3;
  static final int JUMP_READINGS = 10;
  static final double JUMP = 0.5;
  static final double BACK = 0.3;
  static final double FLOOR = 4;
  static final double CAP = 10;
  static final int QUIET = 5;
  static final long MIN_READINGS = 2000;
  static final int MIN_MOVES = 50;
  private static final long DAY_SECONDS = 86_400;

  private State learned;
  private Envelope envelope;

  // training: every reading's value and UTC day, kept only while it trains
  private float[] values = new float[0];
  private int[] days = new int[0];
  private int trained;

  // running state of judging
  private int sinceVerdict = Integer.MAX_VALUE;

  /**
   * Saved form: the noise width of the 3-reading median's changes, the level above which the
   * envelope counts as held, the robust spread of the history's moves, the least score that counts
   * and the readings learned from.
   */
  record State(double noise, double heldAbove, double moveSpread, double bound, long readings)
      implements LearnedState {
    @Override
    public boolean usable() {
      return readings >= MIN_READINGS && noise > 0 && Double.isFinite(noise) && Double.isFinite(heldAbove)
          && moveSpread > 0 && Double.isFinite(moveSpread) && bound >= FLOOR && Double.isFinite(bound);
    }
  }

  EnvelopeCreepCheck(State learned) {
    this.learned = learned;
  }

  @Override
  public State state() {
    finishTraining();
    return learned;
  }

  @Override
  public Finding judge(Reading r, double scoreSoFar, boolean incidentOpen) {
    if (r.training()) {
      keep(r);
      return null;
    }
    finishTraining();
    if (learned == null) {
      return null;
    }
    if (envelope == null) {
      envelope = new Envelope(learned.noise(), learned.heldAbove());
    }
    envelope.push(r.value());
    double move = envelope.move(true);
    double score = Double.isNaN(move) ? 0 : Math.abs(move) / learned.moveSpread();
    if (score < learned.bound() || score > CAP) {
      sinceVerdict = Math.min(sinceVerdict, Integer.MAX_VALUE - 1) + 1;
      return null;
    }
    boolean opens = sinceVerdict > QUIET;
    sinceVerdict = 0;
    if (!opens) {
      return null;
    }
    double alertScore = Math.min(1, 0.75 + 0.25 * (score - learned.bound()) / learned.bound());
    return new Finding(alertScore, AnomalyKind.DRIFT, Double.NaN, Double.NaN, String.format(Locale.ROOT,
        "held and still cycling, the tops of its readings moved %+.1f over the last %d readings, along a line, "
            + "%.1f times the spread of such moves on the days of its history (%.2f)",
        move, SPAN, score, learned.moveSpread()));
  }

  private void keep(Reading r) {
    if (trained == values.length) {
      int room = Math.max(4096, trained * 2);
      values = Arrays.copyOf(values, room);
      days = Arrays.copyOf(days, room);
    }
    values[trained] = (float) r.value();
    days[trained] = (int) Math.floorDiv(r.at().getEpochSecond(), DAY_SECONDS);
    trained++;
  }

  /** Learns from the kept training readings (once, at the first judged reading or when saved). */
  private void finishTraining() {
    if (trained == 0) {
      return;
    }
    learned = LearnedState.ifUsable(learn(Arrays.copyOf(values, trained), Arrays.copyOf(days, trained)));
    envelope = null;
    trained = 0;
    values = new float[0];
    days = new int[0];
  }

  /** Training readings there is room for now: 0 before training and after it (heap, for tests). */
  int trainingRoom() {
    return values.length;
  }

  private static State learn(float[] v, int[] day) {
    int n = v.length;
    if (n < MIN_READINGS) {
      return null;
    }
    double[] sorted = new double[n];
    for (int i = 0; i < n; i++) {
      sorted[i] = v[i];
    }
    Arrays.sort(sorted);
    double low = Robust.quantile(sorted, LOW_QUANTILE);
    double high = Robust.quantile(sorted, 1 - LOW_QUANTILE);
    double noise = noise(v);
    if (!(noise > 0)) {
      return null;
    }
    Envelope e = new Envelope(noise, (low + high) / 2);
    // first pass: the moves the span rules alone allow, for their spread
    double[] moves = new double[n];
    double[] fullMoves = new double[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      e.push(v[i]);
      double loose = e.move(false);
      fullMoves[i] = e.move(true);
      if (!Double.isNaN(loose)) {
        moves[m++] = loose;
      }
    }
    if (m < MIN_MOVES) {
      return null;
    }
    double spread = Math.max(Robust.MAD_TO_SIGMA * mad(Arrays.copyOf(moves, m)), noise);
    double largest = 0;
    double second = 0;
    double today = 0;
    for (int i = 0; i < n; i++) {
      if (i > 0 && day[i] != day[i - 1]) {
        double[] top = ranked(largest, second, today);
        largest = top[0];
        second = top[1];
        today = 0;
      }
      if (!Double.isNaN(fullMoves[i])) {
        today = Math.max(today, Math.abs(fullMoves[i]) / spread);
      }
    }
    second = ranked(largest, second, today)[1];
    return new State(noise, (low + high) / 2, spread, Math.max(FLOOR, second), n);
  }

  private static double[] ranked(double largest, double second, double next) {
    if (next > largest) {
      return new double[] {next, largest};
    }
    return new double[] {largest, Math.max(second, next)};
  }

  /** The noise width of the 3-reading median's changes: 1.4826 × their MAD. */
  private static double noise(float[] v) {
    double[] d = new double[Math.max(0, v.length - 3)];
    double prev = Double.NaN;
    int k = 0;
    for (int i = 2; i < v.length; i++) {
      double x3 = median3(v[i - 2], v[i - 1], v[i]);
      if (!Double.isNaN(prev)) {
        d[k++] = x3 - prev;
      }
      prev = x3;
    }
    return k == 0 ? Double.NaN : Robust.MAD_TO_SIGMA * mad(Arrays.copyOf(d, k));
  }

  private static double mad(double[] x) {
    double m = Robust.median(x);
    double[] dev = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      dev[i] = Math.abs(x[i] - m);
    }
    return Robust.medianSorting(dev, dev.length);
  }

  private static double median3(double a, double b, double c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }

  /**
   * The envelope of the newest readings and whether the oven cycles under it, over the last two
   * spans. Each reading costs a few steps, whatever the window and span: the window's top and the
   * span's largest jump are sliding maxima ({@link SlidingMax}), the rest ring buffers. Not
   * thread-safe.
   */
  static final class Envelope {
    private static final int KEEP = 2 * SPAN + 1;

    private final double noise;
    private final double heldAbove;
    private final double[] raw = new double[3];
    private final double[] changes = new double[WINDOW];
    private final double[] tops = new double[KEEP];
    private final boolean[] cycling = new boolean[KEEP];
    /** The highest of the last {@value EnvelopeCreepCheck#WINDOW} 3-reading medians: the envelope. */
    private final SlidingMax highest = new SlidingMax(WINDOW);
    /**
     * The largest {@value EnvelopeCreepCheck#JUMP_READINGS}-reading change of the envelope that ends
     * in the span's last {@code SPAN - JUMP_READINGS} readings: those the staircase rule looks at.
     */
    private final SlidingMax jumps = new SlidingMax(SPAN - JUMP_READINGS);
    private long count;
    private double median = Double.NaN;
    // where the newest value stands in raw, in changes and in tops/cycling: count - 1 and k modulo their lengths
    private int rawAt = -1;
    private int changeAt = -1;
    private int slot = -1;
    private int cyclingInSpan;
    private int cyclingInTwo;

    Envelope(double noise, double heldAbove) {
      this.noise = noise;
      this.heldAbove = heldAbove;
    }

    void push(double value) {
      rawAt = rawAt == 2 ? 0 : rawAt + 1;
      raw[rawAt] = value;
      count++;
      if (count < 3) {
        return;
      }
      long k = count - 3;  // index of this 3-reading median
      double x3 = median3(raw[0], raw[1], raw[2]);
      changeAt = changeAt == WINDOW - 1 ? 0 : changeAt + 1;
      changes[changeAt] = x3 - median;  // NaN for the first
      median = x3;
      highest.add(x3);
      slot = slot == KEEP - 1 ? 0 : slot + 1;
      if (k >= KEEP && cycling[slot]) {
        cyclingInTwo--;
      }
      if (k >= SPAN + 1 && cycling[back(SPAN + 1)]) {
        cyclingInSpan--;
      }
      double top = k >= WINDOW - 1 ? highest.max() : Double.NaN;
      // WINDOW medians and their WINDOW changes, under a top high enough
      boolean cycles = k >= WINDOW && top >= heldAbove && cycles();
      tops[slot] = top;
      cycling[slot] = cycles;
      jumps.add(k >= JUMP_READINGS ? Math.abs(top - tops[back(JUMP_READINGS)]) : Double.NaN);
      if (cycles) {
        cyclingInSpan++;
        cyclingInTwo++;
      }
    }

    /** Whether the window's medians both rose and fell, enough and alike. */
    private boolean cycles() {
      double rises = 0;
      double falls = 0;
      for (double c : changes) {
        if (c > 0) {
          rises += c;
        } else {
          falls -= c;
        }
      }
      double big = Math.max(rises, falls);
      double small = Math.min(rises, falls);
      return small >= CYCLE_RATIO * big && big >= CYCLE_WIDTHS * noise;
    }

    /**
     * The envelope's move over the last span when it counts, else NaN: with {@code all} every rule,
     * without only the cycling share of the span and the line.
     */
    double move(boolean all) {
      long k = count - 3;
      if (k < 2L * SPAN) {
        return Double.NaN;
      }
      double now = tops[slot];
      double then = tops[back(SPAN)];
      double move = now - then;
      if (Double.isNaN(move) || !cycling[slot] || cyclingInSpan < CYCLING_SHARE * (SPAN + 1)) {
        return Double.NaN;
      }
      double middle = tops[back(SPAN / 2)] - (now + then) / 2;
      if (Math.abs(middle) > LINE * Math.abs(move)) {
        return Double.NaN;
      }
      if (!all) {
        return move;
      }
      if (cyclingInTwo < CYCLING_SHARE * KEEP) {
        return Double.NaN;
      }
      double before = (then - tops[back(2 * SPAN)]) * Math.signum(move);
      if (!(before <= Math.abs(move)) || before < -BACK * Math.abs(move)) {
        return Double.NaN;
      }
      // every JUMP_READINGS-reading change of the span at most JUMP of the move (a NaN one fails)
      if (!(jumps.max() <= JUMP * Math.abs(move))) {
        return Double.NaN;
      }
      return move;
    }

    /** The slot of the median {@code readings} before the newest (at most {@code KEEP - 1}). */
    private int back(int readings) {
      return slot >= readings ? slot - readings : slot - readings + KEEP;
    }
  }
}
