namespace RiskOps.Api.Models;

/// <summary>Holds the current version of one model (or of one experiment's challenger) and swaps it atomically.</summary>
internal sealed class ModelSlot
{
    private LoadedModel? _current;

    public LoadedModel? Current => Volatile.Read(ref _current);

    /// <summary>Version whose load failed last, so a broken artifact is not retried on every poll.</summary>
    public int? FailedVersion { get; set; }

    public string? LastError { get; set; }

    public bool TryAcquire(out LoadedModel model)
    {
        while (true)
        {
            var current = Volatile.Read(ref _current);
            if (current is null)
            {
                model = null!;
                return false;
            }

            if (current.TryAcquire())
            {
                model = current;
                return true;
            }
            // Released between the read and the acquire: a swap happened, read the new one.
        }
    }

    public void Swap(LoadedModel next)
    {
        var previous = Interlocked.Exchange(ref _current, next);
        previous?.Release();
    }

    public void Clear()
    {
        var previous = Interlocked.Exchange(ref _current, null);
        previous?.Release();
    }
}
