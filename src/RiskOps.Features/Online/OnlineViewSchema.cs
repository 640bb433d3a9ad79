namespace RiskOps.Features.Online;

/// <summary>The online layout of one view: its TTL and its numeric and categorical columns, in order.</summary>
/// <param name="View">View name.</param>
/// <param name="Ttl">Values older than this at read time are withheld and flagged expired.</param>
/// <param name="NumericFeatures">Numeric columns (served as doubles).</param>
/// <param name="CategoricalFeatures">Categorical columns (served as strings).</param>
public sealed record OnlineViewSchema(string View, TimeSpan Ttl, IReadOnlyList<string> NumericFeatures, IReadOnlyList<string> CategoricalFeatures)
{
    /// <summary>True if both schemas have the same TTL and columns in the same order.</summary>
    public bool SameLayout(OnlineViewSchema other) =>
        other.View == View && other.Ttl == Ttl
        && other.NumericFeatures.SequenceEqual(NumericFeatures, StringComparer.Ordinal)
        && other.CategoricalFeatures.SequenceEqual(CategoricalFeatures, StringComparer.Ordinal);
}
