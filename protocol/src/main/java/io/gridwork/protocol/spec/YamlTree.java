package io.gridwork.protocol.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The one place YAML text becomes a tree and back. Duplicate keys are refused rather than letting
 * the last one win silently, and documents are capped in size before parsing.
 */
final class YamlTree {
  static final int MAX_DOCUMENT_CHARS = 1 << 20;

  private static final ObjectMapper READER =
      new ObjectMapper(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private static final YAMLMapper WRITER =
      new YAMLMapper(
          YAMLFactory.builder()
              .stringQuotingChecker(new NumberLikeQuoting())
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .build());

  /**
   * Quotes what Jackson's default leaves bare but a YAML reader takes for a number ({@code 0x1f},
   * {@code 1_000}, {@code .inf}), so that strings written come back as the same strings.
   */
  private static final class NumberLikeQuoting extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;
    private static final Pattern NUMBER_LIKE =
        Pattern.compile(
            "[-+]?(0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+"
                + "|[0-9][0-9_]*(\\.[0-9_]*)?([eE][-+]?[0-9]+)?"
                + "|\\.[0-9_]+([eE][-+]?[0-9]+)?"
                + "|[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?"
                + "|\\.(inf|Inf|INF|nan|NaN|NAN))");

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || NUMBER_LIKE.matcher(value).matches();
    }
  }

  private YamlTree() {}

  /** The parsed tree, or the problem with the text (size, syntax, duplicate key) as an error. */
  static Parsed parse(String yaml) {
    if (yaml == null || yaml.isBlank()) {
      return new Parsed(null, Optional.of("the document is empty"));
    }
    if (yaml.length() > MAX_DOCUMENT_CHARS) {
      return new Parsed(
          null,
          Optional.of(
              "the document is " + yaml.length() + " characters, at most " + MAX_DOCUMENT_CHARS));
    }
    try {
      JsonNode root = READER.readTree(yaml);
      if (root == null || root.isMissingNode() || root.isNull()) {
        return new Parsed(null, Optional.of("the document is empty"));
      }
      return new Parsed(root, Optional.empty());
    } catch (JsonProcessingException e) {
      return new Parsed(null, Optional.of(describe(e)));
    }
  }

  /**
   * One line naming where the YAML broke: the parser's own marks when it has them (the problem,
   * then the construct it was reading), else the reader's location.
   */
  private static String describe(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      StringBuilder line =
          new StringBuilder("not valid YAML at ")
              .append(at(marked.getProblemMark()))
              .append(": ")
              .append(oneLine(marked.getProblem()));
      if (marked.getContext() != null && marked.getContextMark() != null) {
        line.append(" (")
            .append(oneLine(marked.getContext()))
            .append(" that starts at ")
            .append(at(marked.getContextMark()))
            .append(')');
      }
      return line.toString();
    }
    String where =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    return "not valid YAML" + where + ": " + oneLine(e.getOriginalMessage());
  }

  private static String at(Mark mark) {
    return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  static String write(JsonNode tree) {
    try {
      return WRITER.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree built in memory always serialises", e);
    }
  }

  /** Either a tree or the reason there is none. */
  record Parsed(JsonNode root, Optional<String> problem) {}
}
