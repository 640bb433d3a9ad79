using System.Runtime.InteropServices;

namespace RiskOps.Cli.Commands.Serving;

/// <summary>
/// Asks Linux to wake the calling thread promptly. Since 6.12 the EEVDF scheduler takes a per-thread slice
/// (<c>sched_setattr</c> with <c>SCHED_OTHER</c> and <c>sched_runtime</c>): a thread that runs in short bursts and asks
/// for a short slice gets an earlier deadline, so when it wakes it preempts a thread in the middle of a long slice
/// instead of waiting for that slice to end (up to a few ms on two busy cores). Its share of the CPU (nice, weight)
/// does not change. .NET has no API for it and glibc 2.36 no wrapper, hence the raw system call.
/// </summary>
internal static class ThreadLatency
{
    private const long SysSchedSetattr = 314; // x86-64
    private const uint SchedOther = 0;

    /// <summary>Requests a slice of <paramref name="slice"/> for the calling thread; false where the kernel refuses (older than 6.12, not x86-64 Linux).</summary>
    public static bool RequestShortSlice(TimeSpan slice) => Set(new SchedAttr
    {
        Size = (uint)Marshal.SizeOf<SchedAttr>(),
        Policy = SchedOther,
        Runtime = (ulong)(slice.Ticks * 100),
    });

    private static bool Set(SchedAttr attr)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return false;
        }

        return Syscall(SysSchedSetattr, 0, ref attr, 0) == 0; // pid 0 = the calling thread
    }

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern long Syscall(long number, int pid, ref SchedAttr attr, uint flags);

    /// <summary>struct sched_attr (SCHED_ATTR_SIZE_VER1, 56 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct SchedAttr
    {
        public uint Size;
        public uint Policy;
        public ulong Flags;
        public int Nice;
        public uint Priority;
        public ulong Runtime;
        public ulong Deadline;
        public ulong Period;
        public uint UtilMin;
        public uint UtilMax;
    }
}
