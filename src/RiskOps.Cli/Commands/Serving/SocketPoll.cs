using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace RiskOps.Cli.Commands.Serving;

/// <summary>
/// Waits until one of a few sockets can be read (or written) or a sub-millisecond timeout passes. The open-loop
/// generator needs both in one call: its single thread must wake when the next batch is due and whenever an answer
/// arrives. .NET's <c>Socket.Select</c> truncates its timeout to whole milliseconds on Linux (it calls poll), which
/// would start batches up to a millisecond late (that lateness counts as latency) or spin, so Linux uses <c>ppoll</c>,
/// whose timeout is a timespec, through P/Invoke; other systems fall back to <c>Socket.Select</c>.
/// </summary>
internal sealed class SocketPoll
{
    private const short PollIn = 0x001;
    private const short PollOut = 0x004;
    private const short PollErr = 0x008;
    private const short PollHup = 0x010;
    private static readonly bool s_linux = OperatingSystem.IsLinux();

    private readonly Socket[] _sockets;
    private readonly PollFd[] _fds;
    private readonly List<Socket> _selectRead = [];
    private readonly List<Socket> _selectWrite = [];

    public SocketPoll(Socket[] sockets)
    {
        _sockets = sockets;
        _fds = [.. sockets.Select(s => new PollFd { Fd = (int)s.Handle })];
    }

    /// <summary>Whether socket <paramref name="index"/> takes part in the next wait, and for what.</summary>
    public void Watch(int index, bool read, bool write)
    {
        _fds[index].Fd = read || write ? (int)_sockets[index].Handle : -1; // poll skips negative descriptors
        _fds[index].Events = (short)((read ? PollIn : 0) | (write ? PollOut : 0));
        _fds[index].Returned = 0;
    }

    /// <summary>Waits at most <paramref name="stopwatchTicks"/> for any watched socket to be ready.</summary>
    public void Wait(long stopwatchTicks)
    {
        if (s_linux)
        {
            var nanoseconds = (long)(stopwatchTicks * (1_000_000_000.0 / Stopwatch.Frequency));
            var timeout = new Timespec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
            _ = PPoll(_fds, (nuint)_fds.Length, ref timeout, IntPtr.Zero); // EINTR just returns early: the caller loops
            return;
        }

        _selectRead.Clear();
        _selectWrite.Clear();
        for (var i = 0; i < _fds.Length; i++)
        {
            if ((_fds[i].Events & PollIn) != 0)
            {
                _selectRead.Add(_sockets[i]);
            }

            if ((_fds[i].Events & PollOut) != 0)
            {
                _selectWrite.Add(_sockets[i]);
            }
        }

        if (_selectRead.Count + _selectWrite.Count > 0)
        {
            Socket.Select(_selectRead, _selectWrite, null, (int)Math.Min(int.MaxValue, stopwatchTicks * 1_000_000 / Stopwatch.Frequency));
        }

        for (var i = 0; i < _fds.Length; i++)
        {
            _fds[i].Returned = (short)((_selectRead.Contains(_sockets[i]) ? PollIn : 0) | (_selectWrite.Contains(_sockets[i]) ? PollOut : 0));
        }
    }

    /// <summary>Whether the last wait found socket <paramref name="index"/> readable (or closed or failed, which a read then reports).</summary>
    public bool Readable(int index) => (_fds[index].Returned & (PollIn | PollErr | PollHup)) != 0;

    [DllImport("libc", EntryPoint = "ppoll")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int PPoll([In, Out] PollFd[] fds, nuint count, ref Timespec timeout, IntPtr signalMask);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Returned;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
