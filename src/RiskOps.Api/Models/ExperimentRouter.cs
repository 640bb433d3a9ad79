namespace RiskOps.Api.Models;

/// <summary>Deterministic A/B assignment: an entity's bucket depends only on the experiment name and its id.</summary>
internal static class ExperimentRouter
{
    /// <summary>A value in [0, 1), uniform over ids and stable across processes and machines.</summary>
    public static double Bucket(string experiment, string entityId)
    {
        // string.GetHashCode is randomised per process, so assignment needs its own stable hash;
        // FNV-1a over the UTF-16 code units, then a splitmix64 finaliser to spread the bits evenly.
        var hash = 14695981039346656037UL;
        foreach (var c in experiment)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash = (hash ^ ':') * 1099511628211UL;
        foreach (var c in entityId)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash ^= hash >> 30;
        hash *= 0xbf58476d1ce4e5b9UL;
        hash ^= hash >> 27;
        hash *= 0x94d049bb133111ebUL;
        hash ^= hash >> 31;
        return (hash >> 11) * (1.0 / (1UL << 53));
    }

    public static bool IsChallenger(string experiment, string entityId, double share) => Bucket(experiment, entityId) < share;
}
