package io.gridwork.protocol.event;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.spec.SlaTier;

/** A lease broke its tier's promise and the provider's SLA stake paid the buyer. */
@EventType("sla_compensated")
public record SlaCompensated(
    Hash leaseId, Hash jobId, Address provider, Address buyer, SlaTier tier, long amount)
    implements LedgerEvent {}
