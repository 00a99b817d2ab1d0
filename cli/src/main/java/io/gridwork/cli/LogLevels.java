package io.gridwork.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises logging for the long-running commands: a node's own INFO lines are useful on a terminal,
 * while one-shot commands keep stderr for warnings. Jetty and Javalin stay at WARN in both cases.
 */
final class LogLevels {
  private LogLevels() {}

  static void longRunningProcess() {
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(Level.INFO);
    }
  }
}
