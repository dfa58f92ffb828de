package com.anomalywatcher.detect;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jol.info.GraphLayout;

/**
 * What the heap of restored detectors holds (issue 11): restores every model of a models directory
 * whose sensor id starts with a prefix, prints their bytes each (JOL's graph sizes; objects the
 * detectors share, such as the zone rules, counted once) and their footprint by class, then the
 * graph of the first one field by field down to {@code depth} (sizes there count shared objects in
 * each field). A tool, not a test:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:CLASSPATH com.anomalywatcher.detect.RestoredHeap MODELS_DIR oven- [4]
 * </pre>
 */
public final class RestoredHeap {
  private static final long SMALLEST_SHOWN = 300;

  private RestoredHeap() {}

  public static void main(String[] args) throws IllegalAccessException {
    if (args.length < 2) {
      System.err.println("usage: RestoredHeap MODELS_DIR SENSOR_ID_PREFIX [DEPTH]");
      System.exit(2);
    }
    ModelRepository repository = ModelRepository.at(Path.of(args[0]));
    int depth = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    List<SensorDetector> restored = new ArrayList<>();
    for (ModelRepository.StoredModel m : repository.list()) {
      if (m.metadata().sensorId().startsWith(args[1])) {
        repository.load(m.metadata().sensorId()).map(SensorDetector::restore).ifPresent(restored::add);
      }
    }
    if (restored.isEmpty()) {
      System.err.println("no model of a sensor id starting with " + args[1] + " in " + args[0]);
      System.exit(1);
    }
    GraphLayout all = GraphLayout.parseInstance(restored.toArray());
    System.out.printf("%d restored models: %,d B, %,d B each%n", restored.size(), all.totalSize(),
        all.totalSize() / restored.size());
    System.out.println(all.toFootprint());
    print("detector", restored.get(0), 0, depth);
  }

  private static void print(String name, Object o, int level, int depth) throws IllegalAccessException {
    if (o == null) {
      return;
    }
    long size = GraphLayout.parseInstance(o).totalSize();
    if (size < SMALLEST_SHOWN && level > 0) {
      return;
    }
    System.out.printf("%-48s %8d  %s%n", "  ".repeat(level) + name, size, o.getClass().getSimpleName());
    if (level >= depth) {
      return;
    }
    Class<?> c = o.getClass();
    if (c.isArray()) {
      for (int i = 0; !c.getComponentType().isPrimitive() && i < Array.getLength(o); i++) {
        print("[" + i + "]", Array.get(o, i), level + 1, depth);
      }
    } else if (c.getName().startsWith("java.")) {
      if (o instanceof Map<?, ?> m) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
          print("{" + e.getKey() + "}", e.getValue(), level + 1, depth);
        }
      } else if (o instanceof Collection<?> items) {
        int i = 0;
        for (Object item : items) {
          print("<" + i++ + ">", item, level + 1, depth);
        }
      }
    } else {
      for (Class<?> k = c; k != Object.class; k = k.getSuperclass()) {
        for (Field f : k.getDeclaredFields()) {
          if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()
              && !f.getType().getName().startsWith("java.time")) {
            f.setAccessible(true);
            print(f.getName(), f.get(o), level + 1, depth);
          }
        }
      }
    }
  }
}
