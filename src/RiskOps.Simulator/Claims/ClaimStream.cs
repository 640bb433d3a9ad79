using System.Globalization;
using RiskOps.Simulator.Output;
using RiskOps.Simulator.World;

namespace RiskOps.Simulator.Claims;

/// <summary>
/// Claims released as soon as their number is known. Claim ids and prior_claims follow reporting order over the
/// whole world, so a claim can only be numbered once no incident still to come can be reported before it: an
/// incident of day d or later is reported at local time ≥ d × 86,400 s, i.e. no earlier in UTC than that instant in
/// the city with the largest UTC offset. Releasing the sorted prefix before that bound gives exactly the order of a
/// global sort, day by day, with only the claims whose report is still ahead kept in memory.
/// </summary>
internal sealed class ClaimStream(WorldModel world)
{
    private readonly List<ClaimGenerator.Draft> _pending = [];
    private readonly List<string?> _incidentIds = [];
    private readonly List<IncidentSeed> _seeds = [];
    private readonly Dictionary<int, string> _claimIds = [];
    private readonly Dictionary<int, int> _priors = [];
    private int _numbered;

    public int IncidentCount { get; private set; }

    public int Frauds { get; private set; }

    /// <summary>The earliest local reporting day of a claim not yet released, or null when none is pending.</summary>
    public int? EarliestPendingReportedDay => _pending.Count == 0 ? null : _pending.Min(d => (int)(d.ReportedSec / 86_400));

    /// <summary>Adds the next incident, in generation order (its index is its position over the whole world).</summary>
    public void Add(IncidentSeed seed)
    {
        var j = _seeds.Count;
        _seeds.Add(seed);
        _incidentIds.Add(seed.Cause == IncidentCause.Fabricated ? null : $"I{++IncidentCount:D8}");
        if (ClaimGenerator.DraftFor(world, seed, j) is { } draft)
        {
            _pending.Add(draft);
        }
    }

    /// <summary>The first UTC instant at which an incident of local day <paramref name="day"/> or later can be reported.</summary>
    public DateTime EarliestReportOfDay(int day) => world.Cities.Min(c => world.UtcOf(c.Index, day * 86_400L));

    /// <summary>Numbers and writes the pending claims reported (UTC) before <paramref name="beforeUtc"/>, or all of them when null.</summary>
    public Batch Release(DateTime? beforeUtc)
    {
        var batch = new Batch(world.Options);
        _pending.Sort((a, b) => a.ReportedUtc != b.ReportedUtc ? a.ReportedUtc.CompareTo(b.ReportedUtc) : a.SeedIndex.CompareTo(b.SeedIndex));
        var take = beforeUtc is { } bound ? _pending.TakeWhile(d => d.ReportedUtc < bound).Count() : _pending.Count;
        for (var i = 0; i < take; i++)
        {
            var d = _pending[i];
            var customer = world.Customers[d.Seed.Customer];
            var n = _numbered++;
            _claimIds[d.SeedIndex] = ClaimGenerator.ClaimId(n);
            var prior = customer.PriorClaimsBefore + _priors.GetValueOrDefault(customer.Index);
            _priors[customer.Index] = _priors.GetValueOrDefault(customer.Index) + 1;
            Frauds += d.Fraud ? 1 : 0;
            ClaimGenerator.Emit(world, batch, d, n, prior);
        }

        _pending.RemoveRange(0, take);
        return batch;
    }

    /// <summary>The incidents ground truth (with the claim each became, if any); call after the last release.</summary>
    public void AppendIncidentsTruth(Batch batch)
    {
        var incidents = batch.Truth(ClaimGenerator.IncidentsFile);
        for (var j = 0; j < _seeds.Count; j++)
        {
            if (_incidentIds[j] is not { } incidentId)
            {
                continue;
            }

            var seed = _seeds[j];
            var customer = world.Customers[seed.Customer];
            incidents.Append(incidentId).Append(',').Append(customer.Id).Append(',').Append(seed.TripId).Append(',')
                .Append(CultureInfo.InvariantCulture, $"{world.UtcOf(customer.CityIndex, seed.LocalSec):yyyy-MM-dd'T'HH:mm:ss'Z'}")
                .Append(',').Append(_claimIds.GetValueOrDefault(j)).Append('\n');
        }
    }
}
