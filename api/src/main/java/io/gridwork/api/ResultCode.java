package io.gridwork.api;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.gridwork.protocol.error.ErrorCode;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;

/**
 * Marks a transaction's result code, an {@code Optional<ErrorCode>} that is empty when the
 * transaction did what it asked for: written as the JSON field {@code code}, {@code OK} or the
 * error code's name, and read back into the code a client compares.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@JacksonAnnotationsInside
@JsonProperty("code")
@JsonSerialize(using = ResultCode.Writer.class)
@JsonDeserialize(using = ResultCode.Reader.class)
public @interface ResultCode {
  /** The wire names of result codes. */
  final class Names {
    /** The wire name of a successful result. */
    public static final String OK = "OK";

    private Names() {}

    /** The wire name of {@code error}: {@link #OK} or the error code's name. */
    public static String of(Optional<ErrorCode> error) {
      return error.map(ErrorCode::name).orElse(OK);
    }

    /**
     * The result named {@code name} on the wire; a code this build does not know is kept by name.
     */
    public static Optional<ErrorCode> parse(String name) {
      return OK.equals(name) ? Optional.empty() : Optional.of(ErrorCode.ofResult(name));
    }
  }

  /** Writes a result code as its wire name. */
  final class Writer extends JsonSerializer<Optional<ErrorCode>> {
    @Override
    public void serialize(Optional<ErrorCode> error, JsonGenerator g, SerializerProvider p)
        throws IOException {
      g.writeString(Names.of(error));
    }
  }

  /** Reads a result code from its wire name. */
  final class Reader extends JsonDeserializer<Optional<ErrorCode>> {
    @Override
    public Optional<ErrorCode> deserialize(JsonParser p, DeserializationContext c)
        throws IOException {
      return Names.parse(p.getValueAsString());
    }
  }
}
