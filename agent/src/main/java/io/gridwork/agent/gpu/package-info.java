/**
 * What GPUs this machine can offer: real cards read from nvidia-smi, or simulated cards for a
 * devnet, grouped into the inventory a provider registers.
 */
package io.gridwork.agent.gpu;
