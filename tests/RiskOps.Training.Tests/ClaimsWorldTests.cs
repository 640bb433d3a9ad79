using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;
using RiskOps.Core.Modeling;
using RiskOps.Core.Storage;
using RiskOps.Features.Synthetic;
using RiskOps.Training.Modeling;
using RiskOps.Training.World;

namespace RiskOps.Training.Tests;

/// <summary>
/// The claim frequency and severity training sets of the built-in world, checked against brute-force
/// recounts in C# over the same gold files (claims deduplicated by their latest version, exposure and
/// features as of the right instants), and the oracle against a hand-computed ground truth.
/// </summary>
public sealed class ClaimsWorldTests
{
    private const int Customers = 120;
    private const int Days = 150;

    [Fact]
    public async Task BuildAsync_ClaimsFrequencyMatchesABruteForceRecount()
    {
        using var temp = new TempDirectory();
        var layout = DataLayout.Open(temp.Path);
        var ct = TestContext.Current.CancellationToken;
        await WriteWorldAsync(layout, ct);

        var built = await BuiltInWorld.BuildAsync(layout, BuiltInModel.ClaimsFrequency, ct);

        var data = built.Dataset.Data;
        Assert.Equal("claims_frequency", built.ModelName);
        Assert.Equal("claims_frequency", built.FeatureService);
        Assert.Equal(ModelTask.PoissonWithExposure, data.Task);
        Assert.Equal(built.Dataset.SourceRows, data.RowCount + built.Dataset.Quarantined.Count);
        Assert.Empty(built.Dataset.Quarantined);

        var claims = await LatestClaimsAsync(layout, ct);
        var driving = await DrivingAsync(layout, ct);
        var signups = await SignupsAsync(layout, ct);
        var period = TimeSpan.FromDays(BuiltInWorld.ClaimsFrequencyPeriodDays);
        var lastData = new[] { driving.Values.SelectMany(d => d).Max(d => d.At), claims.Values.Max(c => c.Reported) }.Max();
        var counted = new Dictionary<string, int>(StringComparer.Ordinal);
        var periodsByCustomer = new Dictionary<string, List<DateTime>>(StringComparer.Ordinal);
        for (var i = 0; i < data.RowCount; i++)
        {
            var customer = data.Ids![i]!.Split('@')[0];
            var t = new DateTime(data.Time![i], DateTimeKind.Utc);
            Assert.True(t + period + TimeSpan.FromDays(BuiltInWorld.ReportingLagMarginDays) <= lastData, $"period {t:u} ends inside the reporting-lag margin");
            (periodsByCustomer.TryGetValue(customer, out var list) ? list : periodsByCustomer[customer] = []).Add(t);

            // Label: claims whose incident (reported − delay, latest version) falls in (t, t + 30 days] (after signup).
            var from = signups[customer] > t ? signups[customer] : t;
            var inPeriod = claims.Where(c => c.Value.Customer == customer && c.Value.Incident > from && c.Value.Incident <= t + period).Select(c => c.Key).ToList();
            Assert.Equal(inPeriod.Count, data.Target[i]);
            foreach (var id in inPeriod)
            {
                counted[id] = counted.GetValueOrDefault(id) + 1;
            }

            // Exposure: contract years in the period, from signup (profile event_ts − tenure_days) or the period start.
            Assert.Equal((t + period - from).TotalDays / 365.25, data.Exposure![i], 9);
            Assert.True(data.Exposure[i] > 0);

            // Point in time: the driving feature is the value as of the period start, never one from inside the period.
            var feature = AsOf(driving[customer], t);
            Assert.Equal(feature?.Km30 ?? double.NaN, data.Numeric["km_30d"][i], 9);
        }
        Assert.All(counted, c => Assert.Equal(1, c.Value));
        // A period that ends before the customer signed up is not a row; one that ends after it is.
        var periodStarts = Enumerable.Range(0, data.RowCount).Select(i => new DateTime(data.Time![i], DateTimeKind.Utc)).Distinct().ToList();
        Assert.Equal(signups.Values.Sum(s => periodStarts.Count(t => s < t + period)), data.RowCount);
        Assert.Contains(data.Exposure!, e => e < 29 / 365.25);
        Assert.True(counted.Count > 50, $"only {counted.Count} claims fell in a period");
        foreach (var (customer, starts) in periodsByCustomer)
        {
            var ordered = starts.Order().ToList();
            Assert.All(ordered.Zip(ordered.Skip(1)), p => Assert.True(p.Second - p.First >= period, $"{customer}: overlapping periods"));
        }

        // Oracle: a constant hazard of 0.01 a day is 3.6525 expected incidents a year, × claims per incident (3 / 4).
        Assert.NotNull(data.Oracle);
        Assert.All(data.Oracle, o => Assert.Equal(0.01 * 365.25 * 0.75, o, 9));
    }

    [Fact]
    public async Task BuildAsync_ClaimsSeverityTakesTheLatestVersionOfEachPaidClaim()
    {
        using var temp = new TempDirectory();
        var layout = DataLayout.Open(temp.Path);
        var ct = TestContext.Current.CancellationToken;
        await WriteWorldAsync(layout, ct);

        var built = await BuiltInWorld.BuildAsync(layout, BuiltInModel.ClaimsSeverity, ct);

        var data = built.Dataset.Data;
        Assert.Equal("claims_severity", built.FeatureService);
        Assert.Equal(ModelTask.Regression, data.Task);
        Assert.Null(data.Oracle);
        Assert.DoesNotContain(data.Features, f => f.Name == "amount_eur");
        Assert.Contains(data.Features, f => f.Name == "claim_type");
        var claims = await LatestClaimsAsync(layout, ct);
        var paid = claims.Where(c => c.Value.Outcome == "paid" && c.Value.Paid > 0).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        Assert.Equal(paid.Keys.Order(StringComparer.Ordinal), data.Ids!.Select(id => id!).Order(StringComparer.Ordinal));
        for (var i = 0; i < data.RowCount; i++)
        {
            var claim = paid[data.Ids![i]!];
            Assert.Equal(claim.Paid, data.Target[i], 9);
            Assert.Equal(claim.Reported, new DateTime(data.Time![i], DateTimeKind.Utc));
        }
    }

    [Fact]
    public async Task Pipeline_TrainsFrequencyAndSeverityWithTheirFamilies()
    {
        using var temp = new TempDirectory();
        var layout = DataLayout.Open(temp.Path);
        var ct = TestContext.Current.CancellationToken;
        await WriteWorldAsync(layout, ct);

        var frequency = await BuiltInWorld.BuildAsync(layout, BuiltInModel.ClaimsFrequency, ct);
        var freqResult = new TrainingPipeline(new FakeTimeProvider()).Run(
            new TrainingRequest(frequency.ModelName, frequency.Dataset, frequency.Reference, layout.RunsDir, frequency.FeatureService, frequency.FeatureServiceVersion),
            new TrainingOptions { Trainers = [TrainerKind.Glm], Trials = 1, Folds = 2, DropDegenerateFeatures = true, LabelHorizon = BuiltInWorld.LabelHorizon(BuiltInModel.ClaimsFrequency) },
            null, ct);
        Assert.Equal(ModelTask.PoissonWithExposure, freqResult.Manifest.Signature.Task);
        Assert.Equal("claims_frequency", freqResult.Manifest.Signature.FeatureService);
        Assert.Contains("poisson_deviance", freqResult.Manifest.Metrics.Keys);
        Assert.Contains("oracle_d2", freqResult.Manifest.Metrics.Keys);

        var severity = await BuiltInWorld.BuildAsync(layout, BuiltInModel.ClaimsSeverity, ct);
        var sevResult = new TrainingPipeline(new FakeTimeProvider()).Run(
            new TrainingRequest(severity.ModelName, severity.Dataset, severity.Reference, layout.RunsDir, severity.FeatureService, severity.FeatureServiceVersion),
            new TrainingOptions { Trainers = [TrainerKind.Glm], Trials = 1, Folds = 2, GlmFamily = "gamma", DropDegenerateFeatures = true }, null, ct);
        Assert.Equal(ModelTask.Regression, sevResult.Manifest.Signature.Task);
        // A Gamma GLM predicts amounts (exp of the link), so its holdout MAE is on the euro scale of the labels.
        Assert.True(sevResult.Manifest.Metrics["mae"] < 0.75 * severity.Dataset.Data.Target.Average(), $"MAE {sevResult.Manifest.Metrics["mae"]}");
        Assert.True(sevResult.Manifest.Metrics.ContainsKey("gamma_deviance"));
    }

    /// <summary>
    /// Synthetic gold, with claims_enriched replaced by 400 claims of which the first 40 are corrected
    /// later (new report delay, outcome and paid amount under a later created_ts), and a ground truth
    /// of constant hazard with 3 claims per 4 incidents.
    /// </summary>
    private static async Task WriteWorldAsync(DataLayout layout, CancellationToken ct)
    {
        await SyntheticGold.WriteAsync(layout, Customers, Days, bays: 3, ct);
        var dir = layout.GoldTableDir("claims_enriched");
        File.Delete(Path.Combine(dir, "synthetic.parquet"));
        var start = "TIMESTAMP '2026-03-01 00:00:00'";
        string Version(int version, string where) => $"""
            SELECT 'K' || lpad(CAST(c AS VARCHAR), 7, '0') AS claim_id, 'C' || lpad(CAST(hash(c, 1) % {Customers} AS VARCHAR), 7, '0') AS customer_id,
                   {start} + to_seconds(CAST(hash(c, 2) % ({Days} * 86400) AS BIGINT)) AS event_ts,
                   {start} + to_seconds(CAST(hash(c, 2) % ({Days} * 86400) AS BIGINT)) + INTERVAL {1 + version * 48} HOUR AS created_ts,
                   ['collision', 'theft', 'vandalism', 'glass', 'injury'][CAST(1 + hash(c, 3) % 5 AS BIGINT)] AS claim_type,
                   100 + (hash(c, 4) % 500000) / 100.0 AS amount_eur, CAST(hash(c, 5) % 120 AS BIGINT) AS policy_tenure_months,
                   CAST(hash(c, 6) % 4 AS BIGINT) AS prior_claims, (hash(c, 7, {version}) % 2000) / 10.0 AS report_delay_hours,
                   CAST(hash(c, 8) % 400 AS BIGINT) AS description_length, CAST(hash(c, 9) % 3 AS BIGINT) AS description_flag_words,
                   CAST(hash(c, 10) % 24 AS BIGINT) AS incident_hour_local, CAST(hash(c, 11) % 2 AS BIGINT) AS incident_at_night,
                   ['paid', 'paid', 'rejected', 'fraud_confirmed', NULL][CAST(1 + hash(c, 12, {version}) % 5 AS BIGINT)] AS outcome,
                   (100 + (hash(c, 4) % 500000) / 100.0) * (0.5 + {version} * 0.25) AS paid_eur,
                   {start} + to_seconds(CAST(hash(c, 2) % ({Days} * 86400) AS BIGINT)) + INTERVAL 10 DAY AS outcome_ts
            FROM range(400) AS r(c) {where}
            """;
        await using (var connection = new DuckDBConnection("Data Source=:memory:"))
        {
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            // Outcome-dependent paid amounts: a rejected or open claim pays nothing.
            command.CommandText = $"""
                SET TimeZone = 'UTC';
                COPY (SELECT * REPLACE (CASE WHEN outcome = 'paid' THEN paid_eur ELSE 0 END AS paid_eur)
                      FROM ({Version(0, "")} UNION ALL {Version(1, "WHERE c < 40")}))
                TO '{Path.Combine(dir, "claims.parquet")}' (FORMAT parquet)
                """;
            await command.ExecuteNonQueryAsync(ct);

            // Late signups: every 7th customer joins 45 days in (part of a period), every 11th 100 days in (skips periods).
            var profileDir = layout.GoldTableDir("customer_profile");
            var late = "CASE WHEN CAST(substr(customer_id, 2) AS INTEGER) % 11 = 0 THEN 100 WHEN CAST(substr(customer_id, 2) AS INTEGER) % 7 = 0 THEN 45 END";
            command.CommandText = $"""
                COPY (SELECT * REPLACE (coalesce({start} + to_days(CAST({late} AS INTEGER)), event_ts) AS event_ts,
                                        coalesce({start} + to_days(CAST({late} AS INTEGER)), created_ts) AS created_ts,
                                        CASE WHEN {late} IS NULL THEN tenure_days ELSE 0 END AS tenure_days)
                      FROM read_parquet('{Path.Combine(profileDir, "synthetic.parquet")}'))
                TO '{Path.Combine(profileDir, "late.parquet")}' (FORMAT parquet)
                """;
            await command.ExecuteNonQueryAsync(ct);
            File.Delete(Path.Combine(profileDir, "synthetic.parquet"));
        }

        Directory.CreateDirectory(layout.GroundTruthDir);
        var hazard = new StringBuilder("customer_id,day,hazard\n");
        for (var c = 0; c < Customers; c++)
        {
            for (var d = -10; d < Days + 40; d++)
            {
                hazard.Append(CultureInfo.InvariantCulture, $"C{c:D7},{new DateOnly(2026, 3, 1).AddDays(d):yyyy-MM-dd},0.01\n");
            }
        }
        await File.WriteAllTextAsync(Path.Combine(layout.GroundTruthDir, "customer_daily_hazard.csv"), hazard.ToString(), ct);
        await File.WriteAllTextAsync(Path.Combine(layout.GroundTruthDir, "claims.csv"), "claim_id,is_fraud,true_severity_eur\nK1,false,10\nK2,false,20\nK3,true,0\n", ct);
        await File.WriteAllTextAsync(Path.Combine(layout.GroundTruthDir, "incidents.csv"), "incident_id,customer_id,trip_id,occurred_at,claim_id\nI1,C1,,2026-03-02T00:00:00Z,K1\nI2,C1,,2026-03-02T00:00:00Z,K2\nI3,C2,,2026-03-02T00:00:00Z,\nI4,C3,,2026-03-02T00:00:00Z,\n", ct);
    }

    private sealed record Claim(string Customer, DateTime Reported, DateTime Incident, string? Outcome, double Paid);

    private readonly record struct Driving(DateTime At, double Km30);

    /// <summary>Every claim's latest version (by created_ts), read without the code under test.</summary>
    private static async Task<Dictionary<string, Claim>> LatestClaimsAsync(DataLayout layout, CancellationToken ct)
    {
        var rows = new List<(string Id, DateTime Created, Claim Claim)>();
        await foreach (var r in ReadAsync(layout, "claims_enriched",
            "claim_id, customer_id, epoch_us(event_ts), epoch_us(created_ts), report_delay_hours, outcome, paid_eur", ct))
        {
            var reported = FromMicros(r.GetInt64(2));
            rows.Add((r.GetString(0), FromMicros(r.GetInt64(3)), new Claim(r.GetString(1), reported,
                reported - TimeSpan.FromHours(r.IsDBNull(4) ? 0 : r.GetDouble(4)), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? 0 : r.GetDouble(6))));
        }
        return rows.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Created).Claim, StringComparer.Ordinal);
    }

    private static async Task<Dictionary<string, List<Driving>>> DrivingAsync(DataLayout layout, CancellationToken ct)
    {
        var rows = new Dictionary<string, List<Driving>>(StringComparer.Ordinal);
        await foreach (var r in ReadAsync(layout, "customer_driving_behavior", "customer_id, epoch_us(event_ts), km_30d", ct))
        {
            var id = r.GetString(0);
            (rows.TryGetValue(id, out var list) ? list : rows[id] = []).Add(new Driving(FromMicros(r.GetInt64(1)), r.GetDouble(2)));
        }
        return rows;
    }

    /// <summary>Signup instant per customer: the earliest profile event_ts − tenure_days.</summary>
    private static async Task<Dictionary<string, DateTime>> SignupsAsync(DataLayout layout, CancellationToken ct)
    {
        var signups = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        await foreach (var r in ReadAsync(layout, "customer_profile", "customer_id, epoch_us(event_ts), tenure_days", ct))
        {
            var at = FromMicros(r.GetInt64(1)) - TimeSpan.FromDays(Convert.ToDouble(r.GetValue(2), CultureInfo.InvariantCulture));
            var id = r.GetString(0);
            signups[id] = signups.TryGetValue(id, out var known) && known < at ? known : at;
        }
        return signups;
    }

    private static Driving? AsOf(List<Driving> rows, DateTime at) =>
        rows.Where(d => d.At <= at).OrderBy(d => d.At).Select(d => (Driving?)d).LastOrDefault();

    private static DateTime FromMicros(long micros) => DateTime.UnixEpoch.AddTicks(micros * 10);

    private static async IAsyncEnumerable<DuckDBDataReader> ReadAsync(DataLayout layout, string table, string columns,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SET TimeZone = 'UTC'; SELECT {columns} FROM read_parquet('{layout.GoldTableGlob(table)}', union_by_name = true)";
        await using var reader = (DuckDBDataReader)await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return reader;
        }
    }
}
