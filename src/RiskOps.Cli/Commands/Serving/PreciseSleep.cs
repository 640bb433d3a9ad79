using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RiskOps.Cli.Commands.Serving;

/// <summary>
/// Sleeps for sub-millisecond spans. <see cref="Thread.Sleep(int)"/> and timers have a 1 ms resolution, which made the
/// open-loop generator send in 1 ms batches and start every batch up to a millisecond after it was due (that lateness
/// counted as latency, correctly, but it was the generator's, not the service's). Spinning instead would burn one of the
/// two cores the service needs. Linux's <c>clock_nanosleep</c> sleeps in the kernel and wakes within the timer slack
/// (50 µs by default); .NET has no managed equivalent, hence the P/Invoke. Elsewhere it falls back to a 1 ms sleep.
/// </summary>
internal static class PreciseSleep
{
    private const int ClockMonotonic = 1;
    private static readonly bool s_linux = OperatingSystem.IsLinux();

    /// <summary>Sleeps about <paramref name="stopwatchTicks"/> (at least the timer slack on Linux).</summary>
    public static void For(long stopwatchTicks)
    {
        if (!s_linux)
        {
            Thread.Sleep(1);
            return;
        }

        var nanoseconds = (long)(stopwatchTicks * (1_000_000_000.0 / Stopwatch.Frequency));
        var request = new Timespec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
        _ = ClockNanosleep(ClockMonotonic, 0, ref request, IntPtr.Zero); // an interrupted sleep (EINTR) just returns early
    }

    [DllImport("libc", EntryPoint = "clock_nanosleep")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ClockNanosleep(int clock, int flags, ref Timespec request, IntPtr remaining);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
