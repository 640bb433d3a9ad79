namespace RiskOps.Core.Storage;

/// <summary>
/// Where every part of the embedded deployment keeps its files, all under one data directory
/// (the CLI's <c>--data-dir</c>, default <c>./data</c>). Parts never invent paths of their own:
/// they ask the layout, so a newcomer can find any artifact from this one type.
/// </summary>
/// <param name="Root">The data directory.</param>
public sealed record DataLayout(string Root)
{
    /// <summary>Raw source files as delivered (the simulator writes here; ingestion reads here).</summary>
    public string RawDir => Path.Combine(Root, "raw");

    /// <summary>The simulator's ground truth. Only evaluation reads it, never training or serving.</summary>
    public string GroundTruthDir => Path.Combine(Root, "ground_truth");

    /// <summary>Root of the medallion lakehouse (Parquet files).</summary>
    public string LakehouseDir => Path.Combine(Root, "lakehouse");

    /// <summary>Append-only raw records with source, batch id and ingestion time.</summary>
    public string BronzeDir => Path.Combine(LakehouseDir, "bronze");

    /// <summary>Cleaned, deduplicated, validated records.</summary>
    public string SilverDir => Path.Combine(LakehouseDir, "silver");

    /// <summary>Feature-ready tables; each row carries the time it is valid as of.</summary>
    public string GoldDir => Path.Combine(LakehouseDir, "gold");

    /// <summary>Rejected rows with their reason.</summary>
    public string QuarantineDir => Path.Combine(LakehouseDir, "quarantine");

    /// <summary>SQLite database holding the lakehouse catalog: batches, quality reports, watermarks.</summary>
    public string LakehouseCatalogPath => Path.Combine(LakehouseDir, "catalog.sqlite");

    /// <summary>Feature store: registry, statistics and the online store snapshot.</summary>
    public string FeatureStoreDir => Path.Combine(Root, "features");

    /// <summary>Model registry: metadata database and artifact directories.</summary>
    public string RegistryDir => Path.Combine(Root, "registry");

    /// <summary>Training runs: reports, search logs and candidate artifacts before registration.</summary>
    public string RunsDir => Path.Combine(Root, "runs");

    /// <summary>Serving state: prediction log, risk cache snapshot, surge grid, pricing decisions.</summary>
    public string ServingDir => Path.Combine(Root, "serving");

    /// <summary>The directory of one gold table; its Parquet files may be partitioned below it.</summary>
    public string GoldTableDir(string table) => Path.Combine(GoldDir, table);

    /// <summary>A DuckDB glob that reads every Parquet file of one gold table.</summary>
    public string GoldTableGlob(string table) => Path.Combine(GoldTableDir(table), "**", "*.parquet");

    /// <summary>Creates the root and returns the layout with an absolute root path.</summary>
    public static DataLayout Open(string root)
    {
        var full = Path.GetFullPath(root);
        Directory.CreateDirectory(full);
        return new DataLayout(full);
    }
}
