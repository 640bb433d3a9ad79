namespace RiskOps.Registry.Audit;

/// <summary>A stored audit entry with its place in the hash chain.</summary>
/// <param name="Sequence">Position in the log, from 1, without gaps.</param>
/// <param name="At">When it was appended.</param>
/// <param name="Actor">Who.</param>
/// <param name="Action">What kind of change.</param>
/// <param name="Subject">What it changed.</param>
/// <param name="PreviousValue">Value before.</param>
/// <param name="NewValue">Value after.</param>
/// <param name="Reason">Why, if given.</param>
/// <param name="PreviousHash">Hash of the entry before (64 zeros for the first).</param>
/// <param name="Hash">SHA-256 (hex) of the previous hash and this entry's content.</param>
public sealed record AuditRecord(
    long Sequence,
    DateTimeOffset At,
    string Actor,
    string Action,
    string Subject,
    string? PreviousValue,
    string? NewValue,
    string? Reason,
    string PreviousHash,
    string Hash);
