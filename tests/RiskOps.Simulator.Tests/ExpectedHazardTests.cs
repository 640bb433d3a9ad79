using FsCheck;
using FsCheck.Xunit;
using RiskOps.Simulator.Driving;
using RiskOps.Simulator.World;

namespace RiskOps.Simulator.Tests;

/// <summary>
/// The ex-ante hazard (customer_expected_daily_hazard) is the simulator's own expectation before trips are drawn:
/// it must add up to what happened, track each customer's realized hazard, and rank who has incidents well but
/// below the clairvoyant realized hazard.
/// </summary>
[Collection(WorldCollection.Name)]
public sealed class ExpectedHazardTests(WorldFixture world)
{
    private string Truth => world.Layout.GroundTruthDir;

    [Fact]
    public void ExpectedHazard_CoversEveryCustomerDay()
    {
        var rows = RawFiles.Truth(Truth, ExpectedHazard.File);
        Assert.Equal(WorldFixture.Options.Customers * WorldFixture.Options.Days, rows.Count);
        Assert.All(rows, r =>
        {
            var hazard = RawFiles.D(r[2]);
            var claim = RawFiles.D(r[3]);
            Assert.InRange(hazard, TripGenerator.ParkedIncidentPerDay * 0.999, 1);
            Assert.InRange(claim, 0, 1);
        });
    }

    [Fact]
    public void ExpectedHazard_SumMatchesIncidentsAndTheRealizedHazard()
    {
        var expected = RawFiles.Truth(Truth, ExpectedHazard.File).Sum(r => RawFiles.D(r[2]));
        var realized = RawFiles.Truth(Truth, "customer_daily_hazard.csv").Sum(r => RawFiles.D(r[2]));
        var incidents = RawFiles.Truth(Truth, "incidents.csv").Count;

        // Incidents are Poisson-binomial around the expectation; the Monte Carlo estimate adds ~1% on the total.
        var sd = Math.Sqrt(expected);
        Assert.InRange(incidents, expected - (4 * sd) - (0.02 * expected), expected + (4 * sd) + (0.02 * expected));
        Assert.InRange(realized / expected, 0.93, 1.07);
    }

    [Fact]
    public void ClaimHazard_SumMatchesClaims()
    {
        // Every claim of an incident or fabricated in the window is in claims.csv (delivered or not).
        var expected = RawFiles.Truth(Truth, ExpectedHazard.File).Sum(r => RawFiles.D(r[3]));
        var claims = RawFiles.Truth(Truth, "claims.csv").Count;
        var sd = Math.Sqrt(expected);
        Assert.InRange(claims, expected - (4 * sd) - (0.02 * expected), expected + (4 * sd) + (0.02 * expected));
    }

    [Fact]
    public void RealizedClaimHazard_SumMatchesClaims()
    {
        var realized = RawFiles.Truth(Truth, "customer_daily_hazard.csv").Sum(r => RawFiles.D(r[3]));
        var claims = RawFiles.Truth(Truth, "claims.csv").Count;
        Assert.InRange(claims, realized - (4 * Math.Sqrt(realized)), realized + (4 * Math.Sqrt(realized)));
    }

    [Fact]
    public void ExAnteClaimOracle_RanksClaimantsBelowTheClairvoyantOne()
    {
        var expected = PerCustomer(ExpectedHazard.File, column: 3);
        var realized = PerCustomer("customer_daily_hazard.csv", column: 3);
        var claimants = RawFiles.Truth(Truth, "incidents.csv").Where(r => r[4].Length > 0).Select(r => r[1]).ToHashSet();
        var ids = expected.Keys.ToList();
        var labels = ids.Select(claimants.Contains).ToList();
        var exAnte = Stats.Auc([.. ids.Select(i => expected[i])], labels);
        var clairvoyant = Stats.Auc([.. ids.Select(i => realized[i])], labels);
        Assert.True(exAnte > 0.65 && exAnte < clairvoyant, $"ex-ante AUC {exAnte:F3}, clairvoyant {clairvoyant:F3}");
    }

    [Fact]
    public void ExpectedHazard_TracksEachCustomersRealizedHazard()
    {
        var expected = PerCustomer(ExpectedHazard.File);
        var realized = PerCustomer("customer_daily_hazard.csv");
        var ids = expected.Keys.ToList();
        var x = ids.Select(i => expected[i]).ToList();
        var y = ids.Select(i => realized[i]).ToList();

        // The realized hazard is the expected one plus the luck of the draw (which trips, how long, what weather).
        Assert.True(Stats.Pearson(x, y) > 0.85, $"correlation {Stats.Pearson(x, y):F3}");
        var slope = x.Zip(y, (a, b) => a * b).Sum() / x.Sum(a => a * a);
        Assert.InRange(slope, 0.9, 1.1);
    }

    [Fact]
    public void ExAnteOracle_RanksIncidentsBelowTheClairvoyantOne()
    {
        var expected = PerCustomer(ExpectedHazard.File);
        var realized = PerCustomer("customer_daily_hazard.csv");
        var hit = RawFiles.Truth(Truth, "incidents.csv").Select(r => r[1]).ToHashSet();
        var ids = expected.Keys.ToList();
        var labels = ids.Select(hit.Contains).ToList();
        var exAnte = Stats.Auc([.. ids.Select(i => expected[i])], labels);
        var clairvoyant = Stats.Auc([.. ids.Select(i => realized[i])], labels);

        Assert.True(exAnte > 0.65, $"ex-ante AUC {exAnte:F3}");
        Assert.True(exAnte < clairvoyant, $"ex-ante AUC {exAnte:F3} should be below the clairvoyant {clairvoyant:F3}");
    }

    [Property(MaxTest = 200)]
    public bool Combine_IsAProbabilityIncreasingInTripRisk(PositiveInt frequencyTenths, bool fraudProne, NormalFloat u)
    {
        var customer = Customer(frequencyTenths.Get % 140 / 10.0 + 0.1, fraudProne);
        var p = Math.Abs(u.Get) % 1.0 * 0.2;
        var (hazard, claim) = ExpectedHazard.Combine(customer, p);
        var (higher, higherClaim) = ExpectedHazard.Combine(customer, p + 0.01);
        return hazard is >= 0 and <= 1 && claim is >= 0 and <= 1 && higher > hazard && higherClaim > claim
               && hazard >= TripGenerator.ParkedIncidentPerDay - 1e-12;
    }

    [Fact]
    public void Combine_MatchesAHandComputedDay()
    {
        // One trip a day on average: P(N = n) = e^-1 / n!, capped at 6 trips.
        var customer = Customer(7, fraudProne: false);
        var p = 0.01;
        var survive = 0.0;
        double factorial = 1;
        for (var n = 0; n < 6; n++)
        {
            factorial *= Math.Max(1, n);
            survive += Math.Exp(-1) / factorial * Math.Pow(1 - p, n);
        }

        var tail = 1 - Enumerable.Range(0, 6).Sum(n => Math.Exp(-1) / Enumerable.Range(1, n).Aggregate(1.0, (a, k) => a * k));
        survive += tail * Math.Pow(1 - p, 6);
        var (hazard, _) = ExpectedHazard.Combine(customer, p);
        Assert.Equal(1 - (survive * (1 - TripGenerator.ParkedIncidentPerDay)), hazard, 12);
    }

    private Dictionary<string, double> PerCustomer(string file, int column = 2)
    {
        var total = new Dictionary<string, double>();
        foreach (var r in RawFiles.Truth(Truth, file))
        {
            total[r[0]] = total.GetValueOrDefault(r[0]) + RawFiles.D(r[column]);
        }

        return total;
    }

    private static Customer Customer(double tripsPerWeek, bool fraudProne) => new()
    {
        Index = 0, Id = "C000001", CityIndex = 0, BirthDate = new DateOnly(1990, 1, 1), LicenceDate = new DateOnly(2010, 1, 1),
        SignupDate = new DateOnly(2020, 1, 1), RentalFrequencyPerWeek = tripsPerWeek, Gender = "F", Region = "north", Propensity = 1,
        Erratic = false, Profile = DriveProfile.Daytime, ResidentialSpeedRatio = 1, ArterialSpeedRatio = 1, HighwaySpeedRatio = 1,
        HighwayAffinity = 0.5, PhoneHabit = 0.05, PriorClaimsBefore = 0, FraudProne = fraudProne,
    };
}
