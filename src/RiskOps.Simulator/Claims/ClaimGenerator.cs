using System.Globalization;
using System.Text;
using RiskOps.Simulator.Output;
using RiskOps.Simulator.Randomness;
using RiskOps.Simulator.World;

namespace RiskOps.Simulator.Claims;

/// <summary>
/// Turns incidents into claims and outcomes. Fraud is by construction: fabricated claims (no incident, often at
/// night) and opportunistic ones (a real incident, inflated amount). Fraud goes with longer report delays, flag
/// words and inflated amounts — correlated, never deterministic. Outcomes are decided 2–30 days after reporting
/// and are noisy with respect to the true fraud flag. Only what is reported (decided) by the end of the window is delivered.
/// </summary>
internal static class ClaimGenerator
{
    public const string IncidentsFile = "incidents.csv";
    public const string ClaimsFile = "claims.csv";

    /// <summary>Share of driving and of parked-vehicle incidents that are claimed.</summary>
    public const double DrivingClaimRate = 0.9;
    public const double ParkedClaimRate = 0.97;

    private static readonly string[] s_typeNames = ["collision", "theft", "vandalism", "glass", "injury"];

    private static readonly string[] s_flagPhrases =
        ["paid in cash", "urgent payment needed", "no witnesses", "please process immediately", "receipt lost", "cash settlement preferred"];

    /// <summary>
    /// Claims of a whole world at once: the same rows, in the same order, as <see cref="ClaimStream"/> releases them day by day.
    /// </summary>
    public static (Batch Batch, int Incidents, int Frauds) Generate(WorldModel world, IReadOnlyList<IncidentSeed> seeds)
    {
        var stream = new ClaimStream(world);
        foreach (var seed in seeds)
        {
            stream.Add(seed);
        }

        var batch = stream.Release(null);
        stream.AppendIncidentsTruth(batch);
        return (batch, stream.IncidentCount, stream.Frauds);
    }

    /// <summary>The claim drawn for an incident (from the incident's own random stream), or null when it is not claimed.</summary>
    internal static Draft? DraftFor(WorldModel world, IncidentSeed seed, int j)
    {
        var options = world.Options;
        var rng = Rng.Create(options.Seed, RngStream.Claims, j);
        var customer = world.Customers[seed.Customer];
        var vehicle = world.Vehicles[seed.Vehicle];
        var fabricated = seed.Cause == IncidentCause.Fabricated;
        if (!fabricated && !rng.Bernoulli(seed.Cause == IncidentCause.Parked ? ParkedClaimRate : DrivingClaimRate))
        {
            return null;
        }

        var type = seed.Cause switch
        {
            IncidentCause.Driving => rng.Choose([0.65, 0, 0, 0.15, 0.2]),
            IncidentCause.Parked => rng.Choose([0, 0.45, 0.55, 0, 0]),
            _ => rng.Choose([0.25, 0.3, 0.15, 0, 0.3]),
        };
        var fraud = fabricated || rng.Bernoulli(customer.FraudProne ? 0.10 : 0.025);
        var speed = fabricated ? rng.Uniform(20, 60) : seed.SpeedKmh;
        var severity = type switch
        {
            0 => rng.LogNormal(1_500, 0.7) * Math.Pow(1 + (speed / 50), 1.3),
            1 => (vehicle.Type switch { VehicleType.Car => 9_000, VehicleType.Van => 14_000, VehicleType.Bike => 900, _ => 1_500 })
                 * (vehicle.Premium ? 1.8 : 1) * rng.LogNormal(1, 0.3),
            2 => rng.LogNormal(900, 0.6),
            3 => rng.LogNormal(450, 0.4),
            _ => rng.LogNormal(5_000, 0.8) * Math.Pow(1 + (speed / 40), 1.3),
        };
        var amount = fraud ? severity * rng.Uniform(1.4, 2.6) : severity * rng.LogNormal(1, 0.08);
        var trueSeverity = fabricated ? 0 : severity;
        var incidentSec = seed.LocalSec;
        if (fabricated && rng.Bernoulli(0.6))
        {
            incidentSec = (seed.Day * 86_400L) + ((22 + rng.NextInt(7)) % 24 * 3_600L) + rng.NextInt(3_600);
        }

        var lagHours = fraud
            ? (rng.Bernoulli(0.7) ? Math.Min(rng.Exponential(100), 240) : rng.Uniform(240, 1_000))
            : (rng.Bernoulli(0.95) ? Math.Min(rng.Exponential(30), 240) : rng.Uniform(240, 900));
        var reportedSec = incidentSec + 600 + (long)(lagHours * 3_600);
        return new Draft(j, seed, type, fraud, amount, trueSeverity, incidentSec, reportedSec,
            Describe(type, fraud, rng), world.UtcOf(customer.CityIndex, reportedSec), rng.Uniform(2, 30));
    }

    /// <summary>Writes claim number <paramref name="n"/> (0-based, in reporting order): its truth row, and its raw row and outcome if known within the window.</summary>
    internal static void Emit(WorldModel world, Batch batch, Draft d, int n, int prior)
    {
        var options = world.Options;
        var localMidnight = options.StartDate.ToDateTime(TimeOnly.MinValue);
        var customer = world.Customers[d.Seed.Customer];
        var city = world.Cities[customer.CityIndex];
        var claimId = ClaimId(n);
        batch.Truth(ClaimsFile).Append(claimId).Append(',').Append(d.Fraud ? "true" : "false").Append(',').Num(d.TrueSeverity, "0.00").Append('\n');

        var reportedDay = (int)(d.ReportedSec / 86_400);
        if (reportedDay >= options.Days)
        {
            return; // reported after the window: not yet known to the platform
        }

        var defects = Rng.Create(options.Seed, RngStream.ClaimDefects, n);
        var incidentDate = DateOnly.FromDateTime(localMidnight.AddSeconds(d.IncidentSec));
        var tenureMonths = Math.Max(0, (int)((incidentDate.DayNumber - customer.SignupDate.DayNumber) / 30.44));
        batch.EmitJson(RawSource.Claims, reportedDay, claimId,
        [
            Fmt.Json(claimId), Fmt.Json(customer.Id), Fmt.Json(world.Vehicles[d.Seed.Vehicle].Id),
            d.Seed.TripId is null ? "null" : Fmt.Json(d.Seed.TripId),
            Fmt.Json(Fmt.Ts(localMidnight, d.IncidentSec, city.OffsetText)), Fmt.Json(Fmt.Ts(localMidnight, d.ReportedSec, city.OffsetText)),
            Fmt.Json(s_typeNames[d.Type]), Fmt.Num(d.Amount, "0.00"), tenureMonths.ToString(CultureInfo.InvariantCulture),
            prior.ToString(CultureInfo.InvariantCulture), Fmt.Json(d.Description),
        ], defects);

        var decidedSec = d.ReportedSec + (long)(d.DecisionDays * 86_400);
        var decidedDay = (int)(decidedSec / 86_400);
        if (decidedDay >= options.Days)
        {
            return;
        }

        var u = defects.NextDouble();
        var outcome = d.Fraud
            ? (u < 0.55 ? "fraud_confirmed" : u < 0.75 ? "rejected" : "paid")
            : (u < 0.9 ? "paid" : u < 0.98 ? "rejected" : "fraud_confirmed");
        var paid = outcome == "paid" ? d.Amount * (d.Fraud ? defects.Uniform(0.6, 1.0) : defects.Uniform(0.85, 1.0)) : 0;
        batch.Row.Append(claimId).Append(',').Ts(localMidnight, decidedSec, city.OffsetText).Append(',').Append(outcome).Append(',').Num(paid, "0.00");
        batch.EmitCsv(RawSource.ClaimOutcomes, decidedDay, claimId, defects);
    }

    internal static string ClaimId(int n) => $"K{n + 1:D8}";

    private static string Describe(int type, bool fraud, Rng rng)
    {
        string Pick(params string[] options) => options[rng.NextInt(options.Length)];
        var sb = new StringBuilder();
        switch (type)
        {
            case 0:
                sb.Append("Collided with ").Append(Pick("a parked car", "another vehicle", "a cyclist", "a pole", "a wall"))
                  .Append(" at ").Append(Pick("a junction", "a roundabout", "the car park", "a residential street", "the highway exit"))
                  .Append(" while ").Append(Pick("turning left", "reversing", "braking", "changing lanes", "pulling out")).Append('.');
                break;
            case 1:
                sb.Append("Vehicle ").Append(Pick("and belongings", "keys and vehicle", "")).Append(" stolen from ")
                  .Append(Pick("the street", "a parking bay", "outside my home", "the station car park")).Append('.');
                break;
            case 2:
                sb.Append(Pick("Scratched paint", "Broken mirror", "Slashed tyres", "Smashed window")).Append(" found on return to ")
                  .Append(Pick("the bay", "the street", "the car park")).Append('.');
                break;
            case 3:
                sb.Append("Windscreen cracked by ").Append(Pick("a stone", "debris", "hail", "a falling branch")).Append(" on ")
                  .Append(Pick("the highway", "an arterial road", "a residential street")).Append('.');
                break;
            default:
                sb.Append(Pick("Driver", "Passenger", "Pedestrian", "Cyclist")).Append(" injured after ")
                  .Append(Pick("a rear-end collision", "a sudden stop", "a side impact", "a fall")).Append("; treated at ")
                  .Append(Pick("hospital", "a clinic", "the scene")).Append('.');
                break;
        }

        var flags = fraud ? (rng.Bernoulli(0.65) ? 1 + rng.NextInt(2) : 0) : (rng.Bernoulli(0.12) ? 1 : 0);
        for (var f = 0; f < flags; f++)
        {
            var phrase = s_flagPhrases[rng.NextInt(s_flagPhrases.Length)];
            sb.Append(' ').Append(char.ToUpperInvariant(phrase[0])).Append(phrase.AsSpan(1)).Append('.');
        }

        return sb.Replace("  ", " ").ToString();
    }

    internal sealed record Draft(int SeedIndex, IncidentSeed Seed, int Type, bool Fraud, double Amount, double TrueSeverity,
        long IncidentSec, long ReportedSec, string Description, DateTime ReportedUtc, double DecisionDays);
}
