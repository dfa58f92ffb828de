package com.anomalywatcher.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The program's logging, set up in code rather than by a {@code logback.xml}: the CLI's own output
 * goes to its streams, libraries (HikariCP, Flyway, the embedded server) only report warnings, on
 * stderr. Parsing an XML configuration loaded about 600 classes (Joran, the XML parser) at every
 * start. Public only because logback finds it through {@code META-INF/services}; it steps aside
 * for a {@code logback.configurationFile} given on the command line and for the tests'
 * {@code logback-test.xml}, which logback then reads as before.
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {
  private static final String PATTERN = "%-5level %logger{20} - %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || LogConfiguration.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    apply(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Sets up {@code context} as the program runs: warnings of libraries on stderr. */
  static void apply(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    // Warns on every migrate that outOfOrder is on; it is on by design (see Schema).
    context.getLogger("org.flywaydb.core.internal.command.DbMigrate").setLevel(Level.ERROR);
    // Relays the server's notices during migrations, e.g. TimescaleDB's advice on the compression
    // settings of sensors_data, which are chosen on purpose (see V4).
    context.getLogger("org.flywaydb.core.internal.sqlscript.DefaultSqlScriptExecutor").setLevel(Level.ERROR);
    // A connection lost to an outage or a refused CREATE EXTENSION would print a stack trace per
    // pooled connection; the commands report database failures themselves, on one line.
    context.getLogger("com.zaxxer.hikari").setLevel(Level.ERROR);
    // 'Failed to start Javalin' came before serve's own one-line error ('cannot serve on 127.0.0.1:8080:
    // Address already in use'); this logger says nothing else above INFO (start and stop banners).
    context.getLogger("io.javalin.Javalin").setLevel(Level.OFF);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
  }
}
