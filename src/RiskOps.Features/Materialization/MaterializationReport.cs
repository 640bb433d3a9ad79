namespace RiskOps.Features.Materialization;

/// <summary>The outcome of a materialization run, per view.</summary>
public sealed record MaterializationReport(IReadOnlyList<ViewMaterialization> Views)
{
    /// <summary>Online rows changed across views.</summary>
    public long RowsWritten => Views.Sum(v => v.RowsWritten);
}
