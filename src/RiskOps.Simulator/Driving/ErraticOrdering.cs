namespace RiskOps.Simulator.Driving;

/// <summary>
/// The erratic style: the same harsh brakes and accelerations, re-timed into bursts of three within a few
/// seconds and alternated (brake–accelerate–brake), so counts are unchanged and only the order reveals it.
/// </summary>
internal static class ErraticOrdering
{
    public static void Apply(List<DrivingEvent> events, Randomness.Rng rng, double tripSeconds)
    {
        var harsh = new List<int>();
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Kind is FlagKind.HarshBrake or FlagKind.HarshAccel)
            {
                harsh.Add(i);
            }
        }

        harsh.Sort((a, b) => events[a].T.CompareTo(events[b].T));
        for (var g = 0; g + 1 < harsh.Count; g += 3)
        {
            var group = harsh.GetRange(g, Math.Min(3, harsh.Count - g));
            var brakes = group.Count(i => events[i].Kind == FlagKind.HarshBrake);
            var accels = group.Count - brakes;
            var next = brakes >= accels ? FlagKind.HarshBrake : FlagKind.HarshAccel;
            var t = Math.Min(events[group[0]].T, Math.Max(0, tripSeconds - 12));
            foreach (var index in group)
            {
                var kind = next;
                if ((kind == FlagKind.HarshBrake && brakes == 0) || (kind == FlagKind.HarshAccel && accels == 0))
                {
                    kind = kind == FlagKind.HarshBrake ? FlagKind.HarshAccel : FlagKind.HarshBrake;
                }

                if (kind == FlagKind.HarshBrake)
                {
                    brakes--;
                }
                else
                {
                    accels--;
                }

                var e = events[index];
                if (e.Kind != kind)
                {
                    e.AccelLongG = -e.AccelLongG;
                    e.Kind = kind;
                }

                e.T = t;
                events[index] = e;
                t += rng.Uniform(1.5, 4.0);
                next = kind == FlagKind.HarshBrake ? FlagKind.HarshAccel : FlagKind.HarshBrake;
            }
        }
    }
}
