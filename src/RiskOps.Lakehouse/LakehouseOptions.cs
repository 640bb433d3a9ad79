namespace RiskOps.Lakehouse;

/// <summary>How the lakehouse runs DuckDB. Bound from the <c>Lakehouse</c> configuration section.</summary>
public sealed class LakehouseOptions
{
    /// <summary>DuckDB worker threads. Default: the machine's processor count.</summary>
    public int Threads { get; set; } = Environment.ProcessorCount;

    /// <summary>DuckDB memory limit (DuckDB syntax, e.g. <c>4GB</c>); larger work spills to disk. Default: 4GB.</summary>
    public string MemoryLimit { get; set; } = "4GB";

    /// <summary>Record wall and CPU time per DuckDB statement (see <see cref="LakehousePipeline.StatementTimings"/>); for benchmarks. Default: false.</summary>
    public bool ProfileStatements { get; set; }
}
