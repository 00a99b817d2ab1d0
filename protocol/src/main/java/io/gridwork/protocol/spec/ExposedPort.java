package io.gridwork.protocol.spec;

/**
 * A TCP port a service listens on; {@code global} ports are reachable from the internet through the
 * provider, the others only from the provider host.
 */
public record ExposedPort(int port, boolean global) {}
