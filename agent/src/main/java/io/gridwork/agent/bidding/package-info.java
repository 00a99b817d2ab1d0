/**
 * Deciding which open jobs to bid on and at what price, and the bids placed but not yet settled.
 */
package io.gridwork.agent.bidding;
