package io.gridwork.protocol.event;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The wire name of an event kind, e.g. {@code lease_opened}; it never changes for a kind. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface EventType {
  String value();
}
