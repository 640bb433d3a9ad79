using System.Text.Json;

namespace RiskOps.Api.Risk;

/// <summary>
/// One customer-risk answer as the scorer produced it: the cache entry plus what is per request. The endpoint writes it
/// straight to the response (<see cref="WriteJson"/>); <see cref="ToResponse"/> is the same answer as the documented
/// record, which the tests use as the oracle for the hand-written JSON.
/// </summary>
internal sealed class RiskAnswer(RiskCacheEntry entry, bool cacheHit, bool degraded, DateTimeOffset timestamp)
{
    private static readonly JsonEncodedText s_customerId = JsonEncodedText.Encode("customer_id");
    private static readonly JsonEncodedText s_riskScore = JsonEncodedText.Encode("risk_score");
    private static readonly JsonEncodedText s_riskMultiplier = JsonEncodedText.Encode("risk_multiplier");
    private static readonly JsonEncodedText s_riskBand = JsonEncodedText.Encode("risk_band");
    private static readonly JsonEncodedText s_model = JsonEncodedText.Encode("model");
    private static readonly JsonEncodedText s_name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText s_version = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText s_variant = JsonEncodedText.Encode("variant");
    private static readonly JsonEncodedText s_featuresUsed = JsonEncodedText.Encode("features_used");
    private static readonly JsonEncodedText s_topFactors = JsonEncodedText.Encode("top_factors");
    private static readonly JsonEncodedText s_feature = JsonEncodedText.Encode("feature");
    private static readonly JsonEncodedText s_value = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText s_contribution = JsonEncodedText.Encode("contribution");
    private static readonly JsonEncodedText s_cacheHit = JsonEncodedText.Encode("cache_hit");
    private static readonly JsonEncodedText s_degraded = JsonEncodedText.Encode("degraded");
    private static readonly JsonEncodedText s_scoredAt = JsonEncodedText.Encode("scored_at");
    private static readonly JsonEncodedText s_timestamp = JsonEncodedText.Encode("timestamp");

    public RiskCacheEntry Entry { get; } = entry;

    public bool CacheHit { get; } = cacheHit;

    public bool Degraded { get; } = degraded;

    public DateTimeOffset Timestamp { get; } = timestamp;

    public double Score => Entry.Score;

    public double Multiplier => RiskBands.Multiplier(Entry.Score);

    public string Band => RiskBands.Band(Entry.Score);

    public ModelRef Model => new(Entry.Model, Entry.Version);

    public CustomerRiskResponse ToResponse() =>
        new(Entry.CustomerId, Entry.Score, Multiplier, Band, Model, Entry.Variant, Entry.Layout.ToDisplay(Entry.Features),
            Factor.From(Entry.Factors ?? []), CacheHit, Degraded, Entry.ScoredAt, Timestamp);

    /// <summary>
    /// Writes what <see cref="ToResponse"/> serializes to (snake_case names, NaN and absent values as null) without
    /// building it: no dictionary of 60 boxed values and no per-value type lookup, which made up most of a cache hit's
    /// allocations. <paramref name="options"/> serializes a factor value of an unexpected type.
    /// </summary>
    public void WriteJson(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(s_customerId, Entry.CustomerId);
        writer.WriteNumber(s_riskScore, Entry.Score);
        writer.WriteNumber(s_riskMultiplier, Multiplier);
        writer.WriteString(s_riskBand, Band);
        writer.WriteStartObject(s_model);
        writer.WriteString(s_name, Entry.Model);
        writer.WriteNumber(s_version, Entry.Version);
        writer.WriteEndObject();
        writer.WriteString(s_variant, Entry.Variant);
        writer.WritePropertyName(s_featuresUsed);
        Entry.Layout.WriteDisplay(writer, Entry.Features);
        writer.WriteStartArray(s_topFactors);
        foreach (var factor in Entry.Factors ?? [])
        {
            writer.WriteStartObject();
            writer.WriteString(s_feature, factor.Feature);
            writer.WritePropertyName(s_value);
            WriteValue(writer, Factor.Shown(factor.Value), options);
            writer.WriteNumber(s_contribution, Factor.Shown(factor.Contribution));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteBoolean(s_cacheHit, CacheHit);
        writer.WriteBoolean(s_degraded, Degraded);
        writer.WriteString(s_scoredAt, Entry.ScoredAt);
        writer.WriteString(s_timestamp, Timestamp);
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            default:
                JsonSerializer.Serialize(writer, value, value.GetType(), options);
                break;
        }
    }
}
