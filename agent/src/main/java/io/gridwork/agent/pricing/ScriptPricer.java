package io.gridwork.agent.pricing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwork.agent.runtime.CommandResult;
import io.gridwork.agent.runtime.CommandRunner;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/** Asks the operator's price script for a price and judges its answer. */
final class ScriptPricer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int OUTPUT_CAP_BYTES = 64 * 1024;

  /** Either the script's price or why it could not be used. */
  sealed interface Answer {
    record Price(long price) implements Answer {}

    record Problem(String reason) implements Answer {}
  }

  private final PriceScript script;
  private final CommandRunner runner = new CommandRunner(OUTPUT_CAP_BYTES);

  ScriptPricer(PriceScript script) {
    this.script = script;
  }

  Answer price(Order order, long floor, OptionalLong tablePrice) {
    String program = script.command().getFirst();
    return switch (runner.run(
        script.command(), json(order, floor, tablePrice), script.timeLimit())) {
      case CommandResult.NotStarted notStarted ->
          new Answer.Problem(
              "price script " + program + " could not start: " + notStarted.reason());
      case CommandResult.TimedOut timedOut ->
          new Answer.Problem(
              "price script "
                  + program
                  + " did not answer within "
                  + timedOut.limit().toMillis()
                  + " ms and was killed");
      case CommandResult.Exited exited when exited.exitCode() != 0 ->
          new Answer.Problem(
              "price script "
                  + program
                  + " exited with status "
                  + exited.exitCode()
                  + firstLine(exited.stderr()));
      case CommandResult.Exited exited -> parse(program, exited.stdout().strip());
    };
  }

  private static Answer parse(String program, String output) {
    long price;
    try {
      price = Long.parseLong(output);
    } catch (NumberFormatException e) {
      return new Answer.Problem(
          "price script "
              + program
              + " printed '"
              + abbreviate(output)
              + "', not a whole number of ugrid");
    }
    if (price <= 0) {
      return new Answer.Problem(
          "price script " + program + " printed " + price + "; a price must be positive");
    }
    return new Answer.Price(price);
  }

  /**
   * The order with the figures the script may want to price against. Field names are part of the
   * script contract, so they are spelled out here rather than derived from the records.
   */
  private static byte[] json(Order order, long floor, OptionalLong tablePrice) {
    Map<String, Object> fields = new LinkedHashMap<>();
    switch (order) {
      case Order.Service service -> {
        fields.put("kind", "service");
        fields.put("jobId", service.jobId());
        fields.put("gpuModel", service.gpuModel());
        fields.put("gpus", service.gpus());
        fields.put("maxPricePerGpuHour", service.maxPricePerGpuHour());
        fields.put("priceUnit", "ugrid per GPU-hour");
      }
      case Order.Batch batch -> {
        fields.put("kind", "batch");
        fields.put("jobId", batch.jobId());
        fields.put("gpuModel", batch.gpuModel());
        fields.put("gpus", batch.gpus());
        fields.put("units", batch.units());
        fields.put("estimatedUnitSeconds", batch.estimatedUnitSeconds());
        fields.put("maxPricePerUnit", batch.maxPricePerUnit());
        fields.put("priceUnit", "ugrid per unit");
      }
    }
    fields.put("floor", floor);
    fields.put("tablePrice", tablePrice.isPresent() ? tablePrice.getAsLong() : null);
    try {
      return JSON.writeValueAsBytes(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings and numbers always serializes", e);
    }
  }

  private static String firstLine(String stderr) {
    return stderr.strip().lines().findFirst().map(line -> ": " + line).orElse("");
  }

  private static String abbreviate(String output) {
    return output.length() <= 80 ? output : output.substring(0, 80) + "...";
  }
}
