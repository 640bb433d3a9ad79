namespace RiskOps.Registry.Audit;

/// <summary>The result of checking the audit log's hash chain.</summary>
/// <param name="IsIntact">True when every entry is present, unedited and chained to the one before.</param>
/// <param name="EntriesChecked">How many entries were read.</param>
/// <param name="FirstBrokenSequence">The first entry where the chain breaks, if it does.</param>
/// <param name="Message">One line: what is wrong, or that the chain is intact.</param>
/// <param name="HeadSequence">Sequence of the last entry (0 when empty); keep it with <paramref name="HeadHash"/> outside the database to detect truncation later.</param>
/// <param name="HeadHash">Hash of the last entry.</param>
public sealed record AuditVerification(bool IsIntact, long EntriesChecked, long? FirstBrokenSequence, string Message, long HeadSequence, string HeadHash);
