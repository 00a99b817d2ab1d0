/** Running the long-lived processes of service leases and the ports they expose. */
package io.gridwork.agent.service;
