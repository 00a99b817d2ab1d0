/**
 * What leases, services and audits share: the runtimes workloads run in, unit set-up, output
 * digests, kept logs, the transactions sent and the metrics.
 */
package io.gridwork.agent.work;
