/** Running the units of the batch leases this provider won, and the registry of all leases. */
package io.gridwork.agent.lease;
