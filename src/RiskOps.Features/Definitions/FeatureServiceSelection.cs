namespace RiskOps.Features.Definitions;

/// <summary>Features taken from one view by a feature service; null <paramref name="Features"/> takes them all.</summary>
/// <param name="View">The view name.</param>
/// <param name="Features">Feature names, in the order the service serves them; null for every field of the view.</param>
public sealed record FeatureServiceSelection(string View, IReadOnlyList<string>? Features = null);
