/**
 * What this provider asks for its GPUs: a price table, an electricity floor it never bids below,
 * and an optional operator script that prices each order.
 */
package io.gridwork.agent.pricing;
