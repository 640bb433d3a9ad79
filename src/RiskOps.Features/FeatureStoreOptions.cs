namespace RiskOps.Features;

/// <summary>Tuning of the embedded feature store.</summary>
public sealed class FeatureStoreOptions
{
    /// <summary>DuckDB memory cap for retrieval and materialization; beyond it DuckDB spills to disk. Default: 3GB.</summary>
    public string DuckDbMemoryLimit { get; set; } = "3GB";

    /// <summary>Rows per materialization chunk (one durable checkpoint per chunk). Default: 50,000.</summary>
    public int MaterializationChunkRows { get; set; } = 50_000;

    /// <summary>Histogram bins in view statistics. Default: 20.</summary>
    public int HistogramBins { get; set; } = 20;
}
