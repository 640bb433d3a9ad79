using RiskOps.Core.Modeling;

namespace RiskOps.Features.Online;

/// <summary>
/// One entity's features for a service: values, status and event timestamp per feature. Reusable:
/// a caller that keeps one per thread reads without allocating.
/// </summary>
public sealed class OnlineFeatureVector
{
    /// <summary>An empty vector for <paramref name="features"/>.</summary>
    public OnlineFeatureVector(IReadOnlyList<FeatureRef> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        Features = features;
        Numeric = new double[features.Count];
        Categorical = new string?[features.Count];
        Status = new FeatureStatus[features.Count];
        EventTicks = new long[features.Count];
    }

    /// <summary>The served features, in order.</summary>
    public IReadOnlyList<FeatureRef> Features { get; }

    /// <summary>Numeric values (NaN when missing, expired, null or categorical).</summary>
    public double[] Numeric { get; }

    /// <summary>Categorical values (null when missing, expired, null or numeric).</summary>
    public string?[] Categorical { get; }

    /// <summary>Per feature: present, missing or expired.</summary>
    public FeatureStatus[] Status { get; }

    /// <summary>Per feature: the event timestamp of the value (UTC ticks; 0 when missing).</summary>
    public long[] EventTicks { get; }

    /// <summary>When the read happened.</summary>
    public DateTimeOffset ReadAt { get; internal set; }

    /// <summary>Where the values came from.</summary>
    public FeatureReadSource Source { get; internal set; }

    /// <summary>Age of feature <paramref name="index"/>'s value at read time, or null when missing.</summary>
    public TimeSpan? Freshness(int index) => EventTicks[index] == 0 ? null : TimeSpan.FromTicks(ReadAt.UtcTicks - EventTicks[index]);

    /// <summary>Number of features that are missing or expired.</summary>
    public int UnavailableCount => Status.Count(s => s != FeatureStatus.Present);

    /// <summary>The value of feature <paramref name="index"/>: a double, a string, or null when unavailable.</summary>
    public object? Value(int index) =>
        Status[index] != FeatureStatus.Present ? null
        : Features[index].Kind == FeatureKind.Numeric ? Numeric[index] : Categorical[index];

    /// <summary>The row as <see cref="IPredictor"/> takes it (allocates; the hot path reads the arrays).</summary>
    public IReadOnlyDictionary<string, object?> ToRow()
    {
        var row = new Dictionary<string, object?>(Features.Count, StringComparer.Ordinal);
        for (var i = 0; i < Features.Count; i++)
        {
            row[Features[i].Name] = Value(i) ?? (Features[i].Kind == FeatureKind.Numeric ? double.NaN : null);
        }
        return row;
    }
}
