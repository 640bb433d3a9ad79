namespace RiskOps.Features.Definitions;

/// <summary>
/// Where a view's rows come from: one gold table read as is, or a DuckDB query over gold tables
/// (for features the store derives itself, such as demand lags). In <see cref="Query"/>, a gold
/// table is written <c>{table_name}</c> and replaced by a reader of its Parquet files.
/// </summary>
/// <param name="Table">The gold table the view reads (for a derived view, the main one).</param>
/// <param name="Query">A SELECT producing the entity column, the two timestamps and every declared field; null to read <paramref name="Table"/> directly.</param>
public sealed record FeatureSource(string Table, string? Query = null)
{
    /// <summary>The gold tables the source reads.</summary>
    public IReadOnlyList<string> Tables => Query is null ? [Table] : SourceSql.PlaceholderTables(Query);
}
