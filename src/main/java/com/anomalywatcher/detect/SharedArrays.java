package com.anomalywatcher.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The learned arrays of one detector's restored profiles, each content held once: profiles learned
 * from the same readings count them alike (the one-step residuals, the held steps and the settled
 * steps of an oven count the same readings in each slot), and a particulate sensor's sharp and risen
 * plateau checks learn the same typical day. A restored profile only reads them, and copies them
 * before it learns (see {@link ToleranceProfile}). Lives for one restore; not thread-safe.
 */
final class SharedArrays {
  private final List<Object> held = new ArrayList<>();
  private final List<Integer> hashes = new ArrayList<>();

  /** An array equal to {@code a} that this restore already holds, or a copy of {@code a} that it now holds. */
  float[] share(float[] a) {
    int hash = Arrays.hashCode(a);
    for (int i = 0; i < held.size(); i++) {
      if (hashes.get(i) == hash && held.get(i) instanceof float[] f && Arrays.equals(f, a)) {
        return f;
      }
    }
    return hold(a.clone(), hash);
  }

  /** An array equal to {@code a} that this restore already holds, or a copy of {@code a} that it now holds. */
  int[] share(int[] a) {
    int hash = Arrays.hashCode(a);
    for (int i = 0; i < held.size(); i++) {
      if (hashes.get(i) == hash && held.get(i) instanceof int[] f && Arrays.equals(f, a)) {
        return f;
      }
    }
    return hold(a.clone(), hash);
  }

  /** A window equal to {@code w} that this restore already holds, or {@code w} (null stays null). */
  CountWindow share(CountWindow w) {
    if (w == null) {
      return null;
    }
    int hash = w.hashCode();
    for (int i = 0; i < held.size(); i++) {
      if (hashes.get(i) == hash && held.get(i) instanceof CountWindow f && f.equals(w)) {
        return f;
      }
    }
    return hold(w, hash);
  }

  private <T> T hold(T value, int hash) {
    held.add(value);
    hashes.add(hash);
    return value;
  }
}
