using RiskOps.Simulator.Claims;
using RiskOps.Simulator.Output;
using RiskOps.Simulator.Randomness;
using RiskOps.Simulator.World;

namespace RiskOps.Simulator.Driving;

/// <summary>
/// The ex-ante hazard: the probability the simulator's own model gives a customer's day <em>before</em> its trips are
/// drawn — knowing the customer's latent traits (propensity, erratic flag, speed ratios, phone habit, profile, rental
/// frequency, fraud-proneness) but not which trips, routes, events or weather that day will bring.
/// <para>The realized <c>customer_daily_hazard</c> is the probability of the trips that actually happened (their km,
/// phone episodes, harsh events, rain): it knows the future, so no predictor that sees only the past can match it.
/// This is the honest bound instead.</para>
/// <para>Estimated by Monte Carlo with the trip generator itself (dry runs on a stream of their own, so the raw output
/// does not change): per customer and kind of day (working day, or weekend/holiday) <see cref="SimulationOptions.ExpectedHazardTrips"/> trips
/// on days of that kind drawn from the simulated period (their real weather and traffic: the climate, not the
/// forecast), each with its start hour from the customer's profile; p̄ = their mean incident probability. With
/// N = min(6, Poisson(trips per week / 7)) trips a day, independent given the customer:
/// hazard = 1 − (1 − parked) · E[(1 − p̄)^N], and the claim hazard (an event that becomes a claim, which is what the
/// CRAI label sees) = 1 − (1 − 0.97 · parked) · (1 − fabricated) · E[(1 − 0.9 · p̄)^N].</para>
/// </summary>
internal sealed class ExpectedHazard
{
    public const string File = "customer_expected_daily_hazard.csv";
    public const string Header = "customer_id,day,hazard,claim_hazard";

    private readonly WorldModel _world;
    private readonly TripGenerator _trips;
    private readonly int[][] _daysByKind;

    public ExpectedHazard(WorldModel world)
    {
        _world = world;
        _trips = new TripGenerator(world);
        var days = Enumerable.Range(0, world.Options.Days).ToList();
        _daysByKind =
        [
            [.. days.Where(d => !TripGenerator.IsDayOff(world.DateOf(d)))],
            [.. days.Where(d => TripGenerator.IsDayOff(world.DateOf(d)))],
        ];
    }

    /// <summary>The expected (hazard, claim hazard) of one customer on a working day [0] and on a day off [1].</summary>
    public (double Hazard, double ClaimHazard)[] ForCustomer(Customer customer)
    {
        var rng = Rng.Create(_world.Options.Seed, RngStream.ExpectedHazard, customer.Index);
        var events = new List<DrivingEvent>(256);
        var segments = new List<Segment>(5);
        var result = new (double, double)[2];
        for (var kind = 0; kind < 2; kind++)
        {
            // A world too short to hold both kinds of day: the other kind's days stand in (only the profile differs).
            var days = _daysByKind[kind].Length > 0 ? _daysByKind[kind] : _daysByKind[1 - kind];
            var profile = TripGenerator.ProfileOn(customer, dayOff: kind == 1);
            // The estimate's relative standard error is about 1/√N of the trip-to-trip spread of p.
            var trips = _world.Options.ExpectedHazardTrips;
            var sum = 0.0;
            for (var m = 0; m < trips; m++)
            {
                var day = days[rng.NextInt(days.Length)];
                var start = (day * 86_400L) + TripGenerator.StartWithinDay(profile, rng);
                sum += _trips.GenerateTrip(null, customer, day, 0, start, rng, rng, events, segments).P;
            }

            result[kind] = Combine(customer, sum / trips);
        }

        return result;
    }

    /// <summary>Writes every customer × every day (day-major, like the realized hazard) from the per-customer values.</summary>
    public static Batch Rows(WorldModel world, int day, IReadOnlyList<(double Hazard, double ClaimHazard)[]> perCustomer)
    {
        var batch = new Batch(world.Options);
        var sb = batch.Truth(File);
        var date = world.DateOf(day);
        var kind = TripGenerator.IsDayOff(date) ? 1 : 0;
        var dateText = Fmt.Date(date);
        for (var i = 0; i < world.Customers.Count; i++)
        {
            var (hazard, claimHazard) = perCustomer[i][kind];
            sb.Append(world.Customers[i].Id).Append(',').Append(dateText).Append(',').Num(hazard, "0.#########").Append(',')
              .Num(claimHazard, "0.#########").Append('\n');
        }

        return batch;
    }

    /// <summary>Turns the mean trip probability into daily probabilities, integrating the trip count exactly.</summary>
    internal static (double Hazard, double ClaimHazard) Combine(Customer customer, double meanTripP)
    {
        var mu = customer.RentalFrequencyPerWeek / 7.0;
        double driveSurvive = 0, claimSurvive = 0, cumulative = 0;
        var pmf = Math.Exp(-mu);
        for (var n = 0; n <= TripGenerator.MaxTripsPerDay; n++)
        {
            // N = min(MaxTripsPerDay, Poisson(mu)): the cap takes the whole upper tail.
            var weight = n < TripGenerator.MaxTripsPerDay ? pmf : Math.Max(0, 1 - cumulative);
            driveSurvive += weight * Math.Pow(1 - meanTripP, n);
            claimSurvive += weight * Math.Pow(1 - (ClaimGenerator.DrivingClaimRate * meanTripP), n);
            cumulative += pmf;
            pmf *= mu / (n + 1);
        }

        var fabricated = customer.FraudProne ? TripGenerator.FabricatedPerDayFraudProne : TripGenerator.FabricatedPerDayOther;
        var hazard = 1 - (driveSurvive * (1 - TripGenerator.ParkedIncidentPerDay));
        var claimHazard = 1 - (claimSurvive * (1 - (ClaimGenerator.ParkedClaimRate * TripGenerator.ParkedIncidentPerDay)) * (1 - fabricated));
        return (hazard, claimHazard);
    }
}
