/** What the agent keeps across restarts in its work directory, and the status view read from it. */
package io.gridwork.agent.state;
