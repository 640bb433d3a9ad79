using System.Globalization;
using System.Text.Json;
using RiskOps.Simulator.Claims;
using RiskOps.Simulator.World;

namespace RiskOps.Simulator.Tests;

/// <summary>
/// Claims from many incidents at once (the real generator fed with a long list of incidents, so fraud
/// statistics are measurable without simulating years of driving).
/// </summary>
public sealed class ClaimsTests
{
    private static readonly Lazy<List<ClaimView>> s_claims = new(Generate);

    [Fact]
    public void Claims_FraudShareIsAboutFivePercent()
    {
        var share = s_claims.Value.Count(c => c.IsFraud) / (double)s_claims.Value.Count;
        Assert.InRange(share, 0.03, 0.09);
    }

    [Fact]
    public void Fraud_ReportedLaterFlaggedMoreAndInflated_ButNotDeterministically()
    {
        var fraud = s_claims.Value.Where(c => c.IsFraud).ToList();
        var honest = s_claims.Value.Where(c => !c.IsFraud).ToList();

        Assert.True(Median(fraud.Select(c => c.DelayHours)) > 2 * Median(honest.Select(c => c.DelayHours)));
        Assert.True(fraud.Average(c => c.FlagWords > 0 ? 1.0 : 0) > 3 * honest.Average(c => c.FlagWords > 0 ? 1.0 : 0));
        Assert.True(fraud.Where(c => c.TrueSeverity > 0).Average(c => c.Amount / c.TrueSeverity) > 1.3);
        Assert.True(honest.Average(c => Math.Abs((c.Amount / c.TrueSeverity) - 1)) < 0.15);

        // Correlated, never a rule: some honest claims carry flag words, some fraud has none.
        Assert.Contains(honest, c => c.FlagWords > 0);
        Assert.Contains(fraud, c => c.FlagWords == 0);
        Assert.Contains(honest, c => c.DelayHours > 240);
    }

    [Fact]
    public void ReportDelay_MostlyWithinTenDays()
    {
        var honest = s_claims.Value.Where(c => !c.IsFraud).ToList();
        var withinTenDays = honest.Count(c => c.DelayHours <= 240.5) / (double)honest.Count;
        Assert.InRange(withinTenDays, 0.9, 0.99);
        Assert.All(s_claims.Value, c => Assert.True(c.DelayHours > 0));
    }

    [Fact]
    public void Outcomes_AreNoisyWithRespectToFraud()
    {
        var decided = s_claims.Value.Where(c => c.Outcome is not null).ToList();
        var fraudConfirmed = decided.Where(c => c.Outcome == "fraud_confirmed").ToList();
        Assert.NotEmpty(fraudConfirmed);
        var precision = fraudConfirmed.Count(c => c.IsFraud) / (double)fraudConfirmed.Count;
        var recall = fraudConfirmed.Count(c => c.IsFraud) / (double)decided.Count(c => c.IsFraud);
        Assert.InRange(precision, 0.4, 0.95);
        Assert.InRange(recall, 0.35, 0.8);
        Assert.All(decided, c => Assert.True(c.DecidedAfterReport));
    }

    [Fact]
    public void Severity_GrowsWithSpeedForCollisions()
    {
        var collisions = s_claims.Value.Where(c => c.Type == "collision" && c.TrueSeverity > 0).ToList();
        var slow = collisions.Where(c => c.Speed < 30).Select(c => c.TrueSeverity);
        var fast = collisions.Where(c => c.Speed > 70).Select(c => c.TrueSeverity);
        Assert.True(Median(fast) > 1.5 * Median(slow));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static List<ClaimView> Generate()
    {
        var options = new SimulationOptions { Customers = 3_000, Vehicles = 200, Bays = 16, Days = 400, Seed = 11, MalformedRate = 0, DuplicateRate = 0, LateRate = 0 };
        var world = WorldBuilder.Build(options);
        var rng = Randomness.Rng.Create(99, Randomness.RngStream.Trips);
        var seeds = new List<IncidentSeed>();
        var speeds = new Dictionary<string, double>();
        for (var i = 0; i < 12_000; i++)
        {
            var customer = rng.NextInt(options.Customers);
            var day = rng.NextInt(options.Days - 60);
            // About the mix the trip generator produces: fabricated claims are ~3% of incidents.
            var cause = (IncidentCause)rng.Choose([0.87, 0.10, 0.03]);
            var trip = cause == IncidentCause.Driving ? $"T{i:D12}" : null;
            var speed = cause == IncidentCause.Driving ? rng.Uniform(5, 110) : 0;
            if (trip is not null)
            {
                speeds[trip] = speed;
            }

            seeds.Add(new IncidentSeed(customer, rng.NextInt(options.Vehicles), trip, (day * 86_400L) + rng.NextInt(86_400), speed, cause, day));
        }

        seeds.Sort((a, b) => a.LocalSec.CompareTo(b.LocalSec));
        var (batch, _, _) = ClaimGenerator.Generate(world, seeds);
        var truth = batch.GroundTruth[ClaimGenerator.ClaimsFile].ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(',')).ToDictionary(r => r[0], r => (Fraud: r[1] == "true", Severity: double.Parse(r[2], CultureInfo.InvariantCulture)));
        var outcomes = new Dictionary<string, (string Outcome, DateTimeOffset At)>();
        var claims = new List<ClaimView>();
        foreach (var ((source, _), chunk) in batch.Chunks)
        {
            foreach (var line in chunk.Text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (source == Output.RawSource.ClaimOutcomes.Ordinal)
                {
                    var f = line.Split(',');
                    outcomes[f[0]] = (f[2], DateTimeOffset.Parse(f[1], CultureInfo.InvariantCulture));
                }
                else if (source == Output.RawSource.Claims.Ordinal)
                {
                    var e = JsonDocument.Parse(line).RootElement;
                    var id = e.GetProperty("claim_id").GetString()!;
                    var incident = DateTimeOffset.Parse(e.GetProperty("incident_at").GetString()!, CultureInfo.InvariantCulture);
                    var reported = DateTimeOffset.Parse(e.GetProperty("reported_at").GetString()!, CultureInfo.InvariantCulture);
                    var description = e.GetProperty("description").GetString()!;
                    var tripId = e.GetProperty("trip_id");
                    claims.Add(new ClaimView(id, e.GetProperty("claim_type").GetString()!, truth[id].Fraud, truth[id].Severity,
                        e.GetProperty("amount_eur").GetDouble(), (reported - incident).TotalHours,
                        new[] { "cash", "urgent", "no witnesses", "immediately", "receipt lost" }.Count(w => description.Contains(w, StringComparison.OrdinalIgnoreCase)),
                        tripId.ValueKind == JsonValueKind.String ? speeds[tripId.GetString()!] : 0, null, true) { Reported = reported });
                }
            }
        }

        return [.. claims.Select(c => outcomes.TryGetValue(c.Id, out var o) ? c with { Outcome = o.Outcome, DecidedAfterReport = o.At > c.Reported } : c)];
    }

    private sealed record ClaimView(string Id, string Type, bool IsFraud, double TrueSeverity, double Amount, double DelayHours, int FlagWords,
        double Speed, string? Outcome, bool DecidedAfterReport)
    {
        public DateTimeOffset Reported { get; init; }
    }
}
