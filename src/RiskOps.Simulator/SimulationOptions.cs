namespace RiskOps.Simulator;

/// <summary>
/// The knobs of one synthetic world. The same options (seed included) always produce byte-identical files.
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>Seed of every random stream. Default: 42.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>Number of customers (drivers). Default: 1,000.</summary>
    public int Customers { get; init; } = 1_000;

    /// <summary>Number of vehicles. Default: 150.</summary>
    public int Vehicles { get; init; } = 150;

    /// <summary>Number of parking bays; the number of cities grows with it (2 to 8). Default: 30.</summary>
    public int Bays { get; init; } = 30;

    /// <summary>
    /// Number of simulated days. Default: 270 — CRAI's observations need 30 days of history, a 30-day label
    /// window and a reporting-lag margin, and purged time-series validation needs about 250 days in all.
    /// </summary>
    public int Days { get; init; } = 270;

    /// <summary>First simulated day (local calendar date in every city). Default: 2026-01-05.</summary>
    public DateOnly StartDate { get; init; } = new(2026, 1, 5);

    /// <summary>Share of event rows delivered 1–3 days late, in a later delivery. Default: 0.02.</summary>
    public double LateRate { get; init; } = 0.02;

    /// <summary>Share of event rows delivered twice (same id). Default: 0.005.</summary>
    public double DuplicateRate { get; init; } = 0.005;

    /// <summary>Share of event rows that are malformed. Default: 0.003.</summary>
    public double MalformedRate { get; init; } = 0.003;

    /// <summary>Share of trips that also get a per-second trace. Default: 0.05.</summary>
    public double TraceRate { get; init; } = 0.05;

    /// <summary>Share of drivers with an erratic style (bursts in the order of events). Default: 0.08.</summary>
    public double ErraticRate { get; init; } = 0.08;

    /// <summary>
    /// Dry-run trips per customer and kind of day behind the ex-ante hazard (customer_expected_daily_hazard.csv); 0 skips
    /// that file. Its cost is per customer, not per day (about 4 CPU-seconds per 1,000 customers at 400), so very large
    /// benchmark worlds may turn it off; CRAI then scores against the realized hazard. Default: 400.
    /// </summary>
    public int ExpectedHazardTrips { get; init; } = 400;

    /// <summary>Worker threads generating blocks of entities; the output does not depend on it. Default: processor count.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Replace an existing raw and ground-truth folder instead of refusing. Default: false.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Throws <see cref="SimulationException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        Require(Customers >= 1, $"{nameof(Customers)} must be at least 1 (got {Customers})");
        Require(Vehicles >= 1, $"{nameof(Vehicles)} must be at least 1 (got {Vehicles})");
        Require(Bays >= 1, $"{nameof(Bays)} must be at least 1 (got {Bays})");
        Require(Days is >= 1 and <= 3_660, $"{nameof(Days)} must be between 1 and 3660 (got {Days})");
        Require(Customers <= 20_000_000, $"{nameof(Customers)} must be at most 20,000,000 (got {Customers})");
        Require(Vehicles <= 9_999_999 && Bays <= 999_999, $"{nameof(Vehicles)} ≤ 9,999,999 and {nameof(Bays)} ≤ 999,999");
        Require(MaxDegreeOfParallelism >= 1, $"{nameof(MaxDegreeOfParallelism)} must be at least 1");
        Require(ExpectedHazardTrips is >= 0 and <= 100_000, $"{nameof(ExpectedHazardTrips)} must be between 0 and 100000 (got {ExpectedHazardTrips})");
        foreach (var (name, value, max) in new[]
        {
            (nameof(LateRate), LateRate, 0.2), (nameof(DuplicateRate), DuplicateRate, 0.2),
            (nameof(MalformedRate), MalformedRate, 0.2), (nameof(TraceRate), TraceRate, 1.0),
            (nameof(ErraticRate), ErraticRate, 1.0),
        })
        {
            Require(value >= 0 && value <= max, $"{name} must be between 0 and {max} (got {value})");
        }

        Require(LateRate + DuplicateRate + MalformedRate <= 0.5, "late + duplicate + malformed rates must not exceed 0.5");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new SimulationException(message);
        }
    }
}
