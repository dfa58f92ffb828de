package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LogConfigurationTest {

  @Test
  void librariesReportOnlyWarningsOnStderrAndTheChattyOnesOnlyErrors() {
    LoggerContext context = new LoggerContext();
    LogConfiguration.apply(context);

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("org.postgresql.Driver").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("com.zaxxer.hikari.pool.HikariPool").getEffectiveLevel()).isEqualTo(Level.ERROR);
    assertThat(context.getLogger("org.flywaydb.core.internal.command.DbMigrate").getEffectiveLevel()).isEqualTo(Level.ERROR);
    assertThat(context.getLogger("org.flywaydb.core.internal.sqlscript.DefaultSqlScriptExecutor").getEffectiveLevel())
        .isEqualTo(Level.ERROR);
    assertThat(context.getLogger("org.flywaydb.core.Flyway").getEffectiveLevel()).isEqualTo(Level.WARN);
    // serve's '--port 8080 is in use on HOST ...' is the one line, without Javalin's own before it
    assertThat(context.getLogger("io.javalin.Javalin").getEffectiveLevel()).isEqualTo(Level.OFF);
    assertThat(context.getLogger("io.javalin.http.servlet.JavalinServlet").getEffectiveLevel()).isEqualTo(Level.WARN);
    ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("STDERR");
    assertThat(stderr.isStarted()).isTrue();
    assertThat(stderr.getTarget()).isEqualTo("System.err");
    assertThat(((PatternLayoutEncoder) stderr.getEncoder()).getPattern()).isEqualTo("%-5level %logger{20} - %msg%n");
  }

  @Test
  void isTheConfiguratorLogbackFindsAndLeavesTheTestsTheirOwnFile() {
    assertThat(ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream().<Class<?>>map(p -> p.type()))
        .contains(LogConfiguration.class);
    // The test classpath holds logback-test.xml: logback's own file configurator reads it, as before.
    assertThat(new LogConfiguration().configure(new LoggerContext())).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
  }
}
