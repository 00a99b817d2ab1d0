/** Re-executing the units the ledger names this provider the auditor of. */
package io.gridwork.agent.audit;
