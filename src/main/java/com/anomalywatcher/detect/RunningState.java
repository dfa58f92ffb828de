package com.anomalywatcher.detect;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.InflaterInputStream;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Detectors as they stand while running, as bytes: every field of the object graph (a
 * {@link SensorDetector} with its learned profiles and its running context: last values, holds,
 * recent windows, warm-up counts), so that a restarted monitor continues exactly where the stopped
 * one was. The saved model ({@link SensorDetectorState}) keeps only what was learned and is a
 * stable file format; this is not: it is Kryo's field-by-field binary form, deflated, valid only
 * for the same {@link #format} (the classes' fields), and a reader of another format falls back to
 * the model and a replay. Thread-safe (one Kryo per thread).
 */
public final class RunningState {
  private static final ThreadLocal<Codec> CODEC = ThreadLocal.withInitial(Codec::new);

  private RunningState() {}

  /**
   * The layout of {@code root}'s running state: a digest of the names and types of every field
   * reachable from it in this program's classes. Another build with other fields gives another
   * format, and its saved states are not read.
   */
  public static String format(Class<?> root) {
    StringBuilder layout = new StringBuilder("kryo5;");
    describe(root, new LinkedHashSet<>(), layout);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(layout.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The running state of {@code value} (any object graph of detectors, records and arrays), deflated. */
  public static byte[] encode(Object value) {
    Codec c = CODEC.get();
    c.out.reset();
    c.kryo.writeObject(c.out, value);
    c.deflater.reset();
    c.deflater.setInput(c.out.getBuffer(), 0, c.out.position());
    c.deflater.finish();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(c.out.position() / 4 + 64);
    while (!c.deflater.finished()) {
      int n = c.deflater.deflate(c.chunk);
      bytes.write(c.chunk, 0, n);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads back what {@link #encode} wrote, as a {@code type}.
   *
   * @throws IllegalArgumentException when the bytes are not a running state of that type
   */
  public static <T> T decode(byte[] bytes, Class<T> type) {
    Codec c = CODEC.get();
    try (Input in = new Input(new InflaterInputStream(new ByteArrayInputStream(bytes)), 64 * 1024)) {
      return c.kryo.readObject(in, type);
    } catch (KryoException | ClassCastException e) {
      throw new IllegalArgumentException("saved running state unreadable as " + type.getSimpleName() + ": "
          + e.getMessage(), e);
    }
  }

  /** One thread's Kryo, buffer and deflater. */
  private static final class Codec {
    final Kryo kryo = new Kryo();
    final Output out = new Output(64 * 1024, -1);
    final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    final byte[] chunk = new byte[16 * 1024];

    Codec() {
      kryo.setRegistrationRequired(false); // the format digest, not registration, guards the layout
      kryo.setReferences(true); // a check's profiles share its DayClock
      kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
      kryo.addDefaultSerializer(DayClock.class, new DayClockSerializer());
      kryo.addDefaultSerializer(StreamingDetector.class, new StreamingDetectorSerializer());
    }
  }

  /** A day clock is its zone: the zone rules inside the JDK are not ours to take apart, and its cache refills. */
  private static final class DayClockSerializer extends Serializer<DayClock> {
    @Override
    public void write(Kryo kryo, Output output, DayClock clock) {
      output.writeString(clock.zone().getId());
    }

    @Override
    public DayClock read(Kryo kryo, Input input, Class<? extends DayClock> type) {
      return new DayClock(ZoneId.of(input.readString()));
    }
  }

  /** The forest goes through its library's own complete state ({@link StreamingDetector#state()}). */
  private static final class StreamingDetectorSerializer extends Serializer<StreamingDetector> {
    @Override
    public void write(Kryo kryo, Output output, StreamingDetector detector) {
      kryo.writeObject(output, detector.state());
    }

    @Override
    public StreamingDetector read(Kryo kryo, Input input, Class<? extends StreamingDetector> type) {
      return StreamingDetector.restore(kryo.readObject(input, StreamingDetectorState.class));
    }
  }

  private static void describe(Type type, Set<Class<?>> seen, StringBuilder layout) {
    if (type instanceof ParameterizedType p) {
      describe(p.getRawType(), seen, layout);
      for (Type arg : p.getActualTypeArguments()) {
        describe(arg, seen, layout);
      }
      return;
    }
    if (!(type instanceof Class<?> c)) {
      return;
    }
    if (c.isArray()) {
      describe(c.getComponentType(), seen, layout);
      return;
    }
    if (c.getName().startsWith("com.amazon.randomcutforest")) {
      layout.append(c.getName()).append('@').append(c.getPackage().getImplementationVersion()).append(';');
    }
    if (!c.getName().startsWith("com.anomalywatcher.") || !seen.add(c)) {
      return;
    }
    layout.append(c.getName()).append('{');
    if (c == DayClock.class) {
      layout.append("zone}");
      return;
    }
    if (c == StreamingDetector.class) {
      layout.append("state}");
      describe(StreamingDetectorState.class, seen, layout);
      return;
    }
    if (c.isSealed()) { // the fields behind a sealed type are those of the classes it permits
      layout.append('}');
      for (Class<?> k : c.getPermittedSubclasses()) {
        describe(k, seen, layout);
      }
      return;
    }
    if (c.isRecord()) {
      for (RecordComponent rc : c.getRecordComponents()) {
        layout.append(rc.getName()).append(':').append(rc.getGenericType().getTypeName()).append(';');
      }
      layout.append('}');
      for (RecordComponent rc : c.getRecordComponents()) {
        describe(rc.getGenericType(), seen, layout);
      }
      return;
    }
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
          layout.append(f.getName()).append(':').append(f.getGenericType().getTypeName()).append(';');
        }
      }
    }
    layout.append('}');
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
          describe(f.getGenericType(), seen, layout);
        }
      }
    }
  }
}
