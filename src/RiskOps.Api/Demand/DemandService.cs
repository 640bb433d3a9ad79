using RiskOps.Api.Errors;

namespace RiskOps.Api.Demand;

/// <summary>Demand lookups against the current surge grid (a request never forecasts).</summary>
internal sealed class DemandService(SurgeGridHolder holder)
{
    public const double AlternativeRadiusKm = 3.0;

    public SurgeGrid Grid => holder.Current ?? throw new ServingException(StatusCodes.Status503ServiceUnavailable, "No surge grid",
        "The surge grid has not been computed yet; run `riskops surge` or wait for the 15-minute job.");

    public bool IsStale => holder.IsStale;

    /// <summary>The cell of a bay at an instant; null cell when the instant is outside the grid horizon.</summary>
    public (Seams.BayInfo Bay, SurgeCell? Cell) Lookup(SurgeGrid grid, string bayId, DateTimeOffset at)
    {
        if (!grid.Bays.TryGetValue(bayId, out var bay))
        {
            throw new ServingException(StatusCodes.Status404NotFound, "Unknown parking bay", $"No parking bay '{bayId}' in the surge grid.");
        }

        var index = grid.IndexOf(at);
        return (bay.Bay, index < 0 ? null : bay.Cells[index]);
    }

    public DemandResponse Describe(SurgeGrid grid, Seams.BayInfo bay, SurgeCell cell, int index)
    {
        var alternatives = new List<AlternativeBay>();
        foreach (var (other, cells) in grid.Bays.Values)
        {
            if (other.BayId == bay.BayId || other.City != bay.City)
            {
                continue;
            }

            var distance = Geo.HaversineKm(bay.Lat, bay.Lon, other.Lat, other.Lon);
            if (distance <= AlternativeRadiusKm && cells[index].SurgeFactor <= cell.SurgeFactor)
            {
                alternatives.Add(new AlternativeBay(other.BayId, Math.Round(distance, 2), cells[index].DemandLevel, cells[index].SurgeFactor));
            }
        }

        alternatives.Sort((a, b) => a.SurgeFactor != b.SurgeFactor ? a.SurgeFactor.CompareTo(b.SurgeFactor) : a.DistanceKm.CompareTo(b.DistanceKm));
        return new DemandResponse(bay.BayId, cell.BucketStart, cell.DemandLevel, cell.ExpectedBookings, cell.SurgeFactor, cell.PriceAdjustment,
            cell.Confidence, cell.Factors, alternatives.Take(3).ToList(), grid.ComputedAt, holder.IsStale, grid.Forecaster);
    }
}
