package io.gridwork.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/**
 * A command's result in both of its forms, built together so that the text a person reads and the
 * JSON a script parses never drift apart. In JSON, amounts are integers of ugrid.
 */
record Report(String text, JsonNode json) {

  void print(OutputFormat format, PrintWriter out) {
    switch (format) {
      case TEXT -> out.print(text);
      case JSON -> {
        try {
          out.println(Json.MAPPER.writeValueAsString(json));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("a tree of JSON nodes always serializes", e);
        }
      }
    }
    out.flush();
  }
}
