/**
 * The provider daemon as a whole: its settings, how it starts and registers, and the wiring that
 * turns the ledger's blocks into bids, leases and audits.
 */
package io.gridwork.agent.daemon;
