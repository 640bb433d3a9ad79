namespace RiskOps.Lakehouse.Sources;

/// <summary>
/// A column that must name an existing row of another source (checked against silver). When the
/// target is an event source, its rows may arrive late (up to <see cref="LateDays"/> deliveries later),
/// so an unresolved row is parked and retried rather than quarantined until that grace has passed.
/// </summary>
internal sealed record ForeignKey(string Column, string Source, string KeyColumn)
{
    /// <summary>Days of later deliveries to wait for the target row before quarantining.</summary>
    public const int LateDays = 3;

    /// <summary>Optional: this row's time must lie within the target's [start, end] (e.g. a reading within its trip).</summary>
    public (string Time, string Start, string End)? Within { get; init; }
}
