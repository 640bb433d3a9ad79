using System.Buffers;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RiskOps.Api.Logging;
using RiskOps.Api.Models;
using RiskOps.Api.Risk;
using RiskOps.Core.Modeling;
using RiskOps.Core.Storage;

namespace RiskOps.Api.Tests;

/// <summary>
/// The hand-written customer-risk JSON (and the prediction log's feature JSON) against the oracle: System.Text.Json
/// serializing the documented records with the service's own options, byte for byte, over generated answers
/// (NaN/∞/extreme numbers, nulls, strings that need escaping, any number of features and factors).
/// </summary>
public sealed class RiskAnswerJsonTests
{
    private static readonly Lazy<JsonSerializerOptions> s_serviceOptions = new(ServiceJsonOptions);

    private static readonly Gen<double> s_number = Gen.OneOf(
        ArbMap.Default.GeneratorFor<double>(),
        Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.MinValue, double.Epsilon, -0.0, 0.1, 1e-300));

    private static readonly Gen<string> s_text =
        from length in Gen.Choose(0, 10)
        from chars in Gen.ArrayOf(Gen.Elements('a', 'Z', '0', '_', ' ', '"', '\\', '/', '<', '>', '&', '\'', '+', '\n', '\t', '\u0001', 'é', 'ß', '中', '\u2028', '€'), length)
        select new string(chars);

    private static readonly Gen<Case> s_case =
        from n in Gen.Choose(0, 12)
        from kinds in Gen.ArrayOf(Gen.Elements(FeatureKind.Numeric, FeatureKind.Categorical), n)
        from suffixes in Gen.ArrayOf(s_text, n)
        from numbers in Gen.ArrayOf(s_number, n)
        from texts in Gen.ArrayOf(Gen.OneOf(Gen.Constant<string?>(null), s_text.Select(t => (string?)t)), n)
        from contributions in Gen.ArrayOf(s_number, n)
        from top in Gen.Choose(0, 6)
        from withFactors in Gen.Elements(true, false)
        from score in Gen.Choose(0, 1_000_000)
        from flags in Gen.Choose(0, 3)
        from variant in s_text
        from offsetMinutes in Gen.Choose(-600, 600)
        select new Case(kinds, suffixes, numbers, texts, contributions, withFactors ? top : -1, score / 1_000_000.0, (flags & 1) != 0, (flags & 2) != 0,
            variant, TimeSpan.FromMinutes(offsetMinutes));

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property WriteJson_MatchesSerializedResponse() =>
        Prop.ForAll(s_case.ToArbitrary(), c =>
        {
            var answer = c.Answer();
            var expected = JsonSerializer.Serialize(answer.ToResponse(), s_serviceOptions.Value);
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = s_serviceOptions.Value.Encoder }))
            {
                answer.WriteJson(writer, s_serviceOptions.Value);
            }

            var actual = Encoding.UTF8.GetString(buffer.WrittenSpan);
            return (expected == actual).Label($"expected {expected}, wrote {actual}");
        });

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property LoggedFeatures_MatchSerializedDisplayDictionary() =>
        Prop.ForAll(s_case.ToArbitrary(), c =>
        {
            var entry = c.Answer().Entry;
            // What the log stored before it took vectors: the display dictionary through JsonSerializer.
            var expected = JsonSerializer.Serialize(entry.Layout.ToDisplay(entry.Features),
                new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
            var buffer = new ArrayBufferWriter<byte>();
            using var writer = new Utf8JsonWriter(buffer);
            var actual = Encoding.UTF8.GetString(new LoggedFeatures(entry.Layout, entry.Features).ToUtf8Json(buffer, writer));
            return (expected == actual).Label($"expected {expected}, wrote {actual}");
        });

    [Fact]
    public void WriteJson_HandBuiltAnswer_HasEveryField()
    {
        var layout = new FeatureLayout([new FeatureRef("speeding_share_30d", FeatureKind.Numeric), new FeatureRef("region", FeatureKind.Categorical),
            new FeatureRef("night_share_30d", FeatureKind.Numeric)]);
        var at = new DateTimeOffset(2026, 11, 23, 1, 30, 0, TimeSpan.Zero);
        var entry = new RiskCacheEntry("C0000007", 0.75, "crai", 3, "champion", layout, new FeatureVector([0.7, double.NaN], ["south"]),
            [new FeatureContribution("speeding_share_30d", 0.7, 2.1)], at, at.AddHours(24));
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            new RiskAnswer(entry, cacheHit: true, degraded: false, at.AddMinutes(1)).WriteJson(writer, s_serviceOptions.Value);
        }

        Assert.Equal(
            """
            {"customer_id":"C0000007","risk_score":0.75,"risk_multiplier":1.25,"risk_band":"high","model":{"name":"crai","version":3},
            "variant":"champion","features_used":{"speeding_share_30d":0.7,"region":"south","night_share_30d":null},
            "top_factors":[{"feature":"speeding_share_30d","value":0.7,"contribution":2.1}],"cache_hit":true,"degraded":false,
            "scored_at":"2026-11-23T01:30:00+00:00","timestamp":"2026-11-23T01:31:00+00:00"}
            """.ReplaceLineEndings(""),
            Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>The JSON options the running service uses (from its own DI container, not a copy).</summary>
    private static JsonSerializerOptions ServiceJsonOptions()
    {
        var root = Path.Combine(Path.GetTempPath(), "riskops-api-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var app = RiskOpsApi.Build(["--RiskOps:Serving:RunScheduler=false"], DataLayout.Open(root));
            var options = app.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            ((IDisposable)app).Dispose();
            return options;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    public sealed record Case(FeatureKind[] Kinds, string[] Suffixes, double[] Numbers, string?[] Texts, double[] Contributions, int Top,
        double Score, bool CacheHit, bool Degraded, string Variant, TimeSpan Offset)
    {
        internal RiskAnswer Answer()
        {
            // ':' is not in the suffix alphabet, so names stay unique (feature 1 + "0" and feature 10 once collided as "10").
            var inputs = Kinds.Select((k, i) => new FeatureRef($"{i}:{Suffixes[i]}", k)).ToArray();
            var layout = new FeatureLayout(inputs);
            var numeric = new double[layout.NumericCount];
            var categorical = new string?[layout.CategoricalCount];
            for (var i = 0; i < inputs.Length; i++)
            {
                if (Kinds[i] == FeatureKind.Numeric)
                {
                    numeric[layout.Slots[i]] = Numbers[i];
                }
                else
                {
                    categorical[layout.Slots[i]] = Texts[i];
                }
            }

            // Factors as the predictor reports them: the row's raw value (a NaN stays a double) and any contribution.
            IReadOnlyList<FeatureContribution>? factors = Top < 0 ? null
                : [.. inputs.Take(Top).Select((f, i) => new FeatureContribution(f.Name, Kinds[i] == FeatureKind.Numeric ? Numbers[i] : Texts[i], Contributions[i]))];
            var scoredAt = new DateTimeOffset(2026, 11, 23, 0, 0, 0, Offset);
            var entry = new RiskCacheEntry("C" + Suffixes.Length, Score, "crai", 1 + Suffixes.Length, Variant, layout, new FeatureVector(numeric, categorical),
                factors, scoredAt, scoredAt.AddHours(24));
            return new RiskAnswer(entry, CacheHit, Degraded, scoredAt.AddSeconds(1.2345678));
        }
    }
}
