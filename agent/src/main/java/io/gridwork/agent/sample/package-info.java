/**
 * The sample render workload: a small path tracer whose PNG output is byte-for-byte identical on
 * every machine, so that an auditor re-rendering a frame can compare output hashes, and a tiny HTTP
 * endpoint serving the same frames, the sample service.
 *
 * <p>Rules that keep the bytes identical across CPUs, operating systems and JDKs 21 and later:
 *
 * <ul>
 *   <li>Double arithmetic uses only {@code + - * /} and {@code Math.sqrt}, which Java defines as
 *       correctly rounded IEEE-754 operations, and never fuses into FMA. Anything else (powers,
 *       trigonometry, floor) goes through {@link java.lang.StrictMath}, whose results are specified
 *       bit for bit.
 *   <li>Random numbers come from a counter-based generator seeded by (frame, pixel, sample), never
 *       from {@code java.util.Random}; a pixel's value therefore does not depend on which thread
 *       renders it or in what order.
 *   <li>Each pixel sums its samples in sample order, and the PNG is written with stored
 *       (uncompressed) deflate blocks, because a compressor's output differs between zlib builds.
 * </ul>
 */
package io.gridwork.agent.sample;
