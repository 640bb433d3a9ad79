namespace RiskOps.Api.Seams;

/// <summary>One entity's feature values by feature name: <see cref="double"/> (NaN = missing) or <see cref="string"/>.</summary>
/// <param name="EntityId">The entity id (customer, bay, claim).</param>
/// <param name="Values">Feature values by name.</param>
/// <param name="AsOf">When the freshest value was valid as of, if known.</param>
public sealed record EntityFeatures(string EntityId, IReadOnlyDictionary<string, object?> Values, DateTimeOffset? AsOf);
