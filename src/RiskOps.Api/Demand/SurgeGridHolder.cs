using Microsoft.Extensions.Options;
using RiskOps.Api.Hosting;
using RiskOps.Api.Observability;

namespace RiskOps.Api.Demand;

/// <summary>The grid requests read; swapped atomically by the surge job or a reload of the persisted grid.</summary>
internal sealed class SurgeGridHolder
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _staleAfter;
    private SurgeGrid? _grid;

    public SurgeGridHolder(TimeProvider time, IOptions<ServingOptions> options, ServingMetrics metrics)
    {
        _time = time;
        _staleAfter = options.Value.SurgeGridStaleAfter;
        metrics.SurgeGridAgeSeconds = () => Age?.TotalSeconds ?? double.NaN;
        metrics.SurgeGridStale = () => IsStale;
    }

    public SurgeGrid? Current => Volatile.Read(ref _grid);

    public TimeSpan? Age => Current is { } grid ? _time.GetUtcNow() - grid.ComputedAt : null;

    /// <summary>True when there is no grid or it is older than the staleness limit (20 min by default).</summary>
    public bool IsStale => Age is not { } age || age > _staleAfter;

    /// <summary>Sets the grid unless a newer one is already in place.</summary>
    public void Set(SurgeGrid grid)
    {
        while (true)
        {
            var current = Volatile.Read(ref _grid);
            if (current is not null && current.ComputedAt > grid.ComputedAt)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _grid, grid, current) == current)
            {
                return;
            }
        }
    }
}
