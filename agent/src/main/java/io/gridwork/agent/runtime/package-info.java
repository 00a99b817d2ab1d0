/**
 * Runs work units as sandboxed child processes (bubblewrap plus resource limits) and runs the short
 * helper commands the agent needs (nvidia-smi, price scripts) with a time limit.
 */
package io.gridwork.agent.runtime;
