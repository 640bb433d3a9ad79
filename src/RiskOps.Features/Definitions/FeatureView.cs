using RiskOps.Core.Lakehouse;

namespace RiskOps.Features.Definitions;

/// <summary>
/// A declarative feature view: typed features of one entity, read from a gold table, valid for
/// <see cref="Ttl"/> after their event timestamp. Retrieval never serves a value older than the TTL,
/// offline or online.
/// </summary>
/// <param name="Name">Unique view name.</param>
/// <param name="Entity">The join key column (customer_id, parking_bay_id, claim_id, city …).</param>
/// <param name="Ttl">How long after its event timestamp a row stays valid.</param>
/// <param name="Schema">The features, typed.</param>
/// <param name="Source">The gold table or derived query.</param>
/// <param name="Owner">Who answers for the view.</param>
/// <param name="Description">What the view holds.</param>
/// <param name="Online">Whether materialization copies it to the online store.</param>
/// <param name="EventTimestampField">Column holding the instant the values are valid as of.</param>
/// <param name="CreatedTimestampField">Column holding when the row was written; breaks ties between corrections.</param>
public sealed record FeatureView(
    string Name,
    string Entity,
    TimeSpan Ttl,
    IReadOnlyList<FeatureField> Schema,
    FeatureSource Source,
    string Owner,
    string Description,
    bool Online = true,
    string EventTimestampField = GoldTables.EventTimestamp,
    string CreatedTimestampField = GoldTables.CreatedTimestamp)
{
    /// <summary>The field named <paramref name="name"/>, or null.</summary>
    public FeatureField? Field(string name) => Schema.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
