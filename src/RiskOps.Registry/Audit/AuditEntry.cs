namespace RiskOps.Registry.Audit;

/// <summary>One administrative change to append to the audit log.</summary>
/// <param name="Actor">Who made the change.</param>
/// <param name="Action">What kind of change, e.g. <c>register</c>, <c>promote</c>, <c>rollback</c>, <c>alias</c>, <c>stage</c>.</param>
/// <param name="Subject">What it changed, e.g. <c>model/crai/3</c> or <c>model/crai/alias/challenger</c>.</param>
/// <param name="PreviousValue">The value before the change, if any.</param>
/// <param name="NewValue">The value after the change, if any.</param>
/// <param name="Reason">Why, when given (required for forced promotions).</param>
public sealed record AuditEntry(string Actor, string Action, string Subject, string? PreviousValue, string? NewValue, string? Reason = null);
