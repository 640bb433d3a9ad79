using RiskOps.Core.Modeling;

namespace RiskOps.Features.Online;

/// <summary>
/// Features of many entities for one service, row-major: entity <c>r</c>'s feature <c>f</c> is at
/// <c>r * Features.Count + f</c> in each array. For very large re-scoring jobs read in chunks
/// (e.g. 10,000 entities at a time) to bound memory.
/// </summary>
public sealed class OnlineFeatureBatch
{
    /// <summary>An empty batch, one row per entity id.</summary>
    public OnlineFeatureBatch(IReadOnlyList<FeatureRef> features, IReadOnlyList<string> entityIds)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(entityIds);
        Features = features;
        EntityIds = entityIds;
        var cells = features.Count * entityIds.Count;
        Numeric = new double[cells];
        Categorical = new string?[cells];
        Status = new FeatureStatus[cells];
        EventTicks = new long[cells];
    }

    /// <summary>The served features, in order.</summary>
    public IReadOnlyList<FeatureRef> Features { get; }

    /// <summary>The entities, in request order.</summary>
    public IReadOnlyList<string> EntityIds { get; }

    /// <summary>Rows.</summary>
    public int Count => EntityIds.Count;

    /// <summary>Numeric values, row-major (NaN when unavailable or categorical).</summary>
    public double[] Numeric { get; }

    /// <summary>Categorical values, row-major.</summary>
    public string?[] Categorical { get; }

    /// <summary>Status per cell.</summary>
    public FeatureStatus[] Status { get; }

    /// <summary>Event timestamp per cell (UTC ticks; 0 when missing).</summary>
    public long[] EventTicks { get; }

    /// <summary>When the read happened.</summary>
    public DateTimeOffset ReadAt { get; internal set; }

    /// <summary>Where the values came from.</summary>
    public FeatureReadSource Source { get; internal set; }

    /// <summary>Value of a cell: double, string, or null when unavailable.</summary>
    public object? Value(int row, int feature)
    {
        var i = row * Features.Count + feature;
        return Status[i] != FeatureStatus.Present ? null
            : Features[feature].Kind == FeatureKind.Numeric ? Numeric[i] : Categorical[i];
    }

    /// <summary>Row <paramref name="row"/> as <see cref="IPredictor"/> takes it.</summary>
    public IReadOnlyDictionary<string, object?> ToRow(int row)
    {
        var result = new Dictionary<string, object?>(Features.Count, StringComparer.Ordinal);
        for (var f = 0; f < Features.Count; f++)
        {
            result[Features[f].Name] = Value(row, f) ?? (Features[f].Kind == FeatureKind.Numeric ? double.NaN : null);
        }
        return result;
    }
}
