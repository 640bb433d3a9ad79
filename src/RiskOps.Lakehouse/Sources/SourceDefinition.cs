namespace RiskOps.Lakehouse.Sources;

/// <summary>
/// A raw source of the data contract: its format, columns, identity, and the rules silver enforces.
/// </summary>
internal sealed record SourceDefinition(string Name, SourceFormat Format, bool IsReference, IReadOnlyList<ColumnSpec> Columns, IReadOnlyList<string> Key)
{
    public IReadOnlyList<ForeignKey> ForeignKeys { get; init; } = [];

    public IReadOnlyList<RowCheck> Checks { get; init; } = [];

    /// <summary>Extra silver columns derived from typed ones (name, SQL over <c>t</c>), e.g. SI units.</summary>
    public IReadOnlyList<(string Name, string Expr)> Derived { get; init; } = [];

    /// <summary>The event time used for freshness and, if <see cref="MonthPartitioned"/>, for the month partition.</summary>
    public string? EventTimeColumn { get; init; }

    /// <summary>Silver files are hive-partitioned by <c>month=yyyy-MM</c> of <see cref="EventTimeColumn"/>.</summary>
    public bool MonthPartitioned { get; init; }

    public IEnumerable<string> ColumnNames => Columns.Select(c => c.Name);

    public string FileExtension => Format == SourceFormat.Csv ? ".csv" : ".jsonl";
}
