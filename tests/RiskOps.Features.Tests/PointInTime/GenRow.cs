namespace RiskOps.Features.Tests.PointInTime;

/// <summary>A generated gold row: key index, event and created slots, a numeric and a categorical value.</summary>
internal sealed record GenRow(int Key, int EventSlot, int CreatedSlot, double? Value, string? Category);
