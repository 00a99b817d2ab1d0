package io.gridwork.protocol.tx;

/**
 * What a transaction asks the ledger to do. The set of kinds is closed: the codec and the block
 * executor switch over it exhaustively, so adding a kind is a compile error until both handle it.
 */
public sealed interface TxBody
    permits Transfer,
        RegisterProvider,
        BondStake,
        UnbondStake,
        CreateJob,
        PlaceBid,
        CloseJob,
        CloseLease,
        UnitResult,
        Heartbeat,
        DepositMore,
        AuditResult,
        Checkpoint {

  /** The stable one-byte tag of this kind in the binary encoding. */
  TxKind kind();
}
