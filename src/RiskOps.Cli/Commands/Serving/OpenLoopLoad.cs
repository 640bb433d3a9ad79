using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RiskOps.Cli.Commands.Serving;

/// <summary>
/// An open-loop HTTP/1.1 load generator: requests leave on a fixed schedule whether or not earlier answers came back,
/// round-robin over pipelined keep-alive loopback connections. Hand-written because wrk is closed-loop (its p99 is a
/// saturation figure) and wrk2 is not packaged in Debian. The schedule is a batch of rate/1000 requests due at the start
/// of every millisecond, burstier than evenly spaced arrivals (those were measured: one wake-up per request raised the
/// generator's CPU from 35–59 to 76–83 µs per request and the service's from 58–68 to 81–83 µs on two shared cores).
/// Latency runs from a request's scheduled time, not from when it actually left, so a stall of the service or of this
/// process counts against every request that should have been sent during it (no coordinated omission), and the result
/// reports how late the sends themselves were (p99 and max).
/// <para>
/// One thread does everything, as wrk's event loop does: it sends what is due (one write per connection per batch),
/// then waits in <see cref="SocketPoll"/> until the next batch is due or an answer arrives, and reads every connection
/// that has one. A thread per connection (the previous design) cost a wake-up and a context switch per answer on two
/// cores the service shares, and its own scheduling delays showed up as send lag. The thread asks the kernel for a short
/// scheduler slice (<see cref="ThreadLatency"/>), so it is woken on time without taking a larger share of the CPU. It
/// allocates only the request bytes.
/// </para>
/// </summary>
internal static class OpenLoopLoad
{
    private static readonly TimeSpan s_grace = TimeSpan.FromSeconds(5);

    /// <summary>The scheduler slice the loop asks for: a batch's writes and reads take tens of microseconds.</summary>
    private static readonly TimeSpan s_slice = TimeSpan.FromMicroseconds(100);

    /// <summary>An HTTP/1.1 POST of a JSON body, ready to write to a socket.</summary>
    public static byte[] Post(IPEndPoint endpoint, string path, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"POST {path} HTTP/1.1\r\nHost: {endpoint}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n"));
        return [.. head, .. body];
    }

    public static async Task<OpenLoopResult> RunAsync(IPEndPoint endpoint, Func<int, byte[]> request, double rate, TimeSpan duration, int connections,
        CancellationToken cancellationToken)
    {
        var total = (int)Math.Round(rate * duration.TotalSeconds);
        var sockets = new Socket[connections];
        try
        {
            for (var c = 0; c < connections; c++)
            {
                sockets[c] = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await sockets[c].ConnectAsync(endpoint, cancellationToken);
                sockets[c].Blocking = false;
            }

            var run = new Run(sockets, request, rate, total);
            var loop = new Thread(() => run.Loop(cancellationToken)) { IsBackground = true, Name = "load-loop" };
            loop.Start();
            await Task.Run(loop.Join, CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return run.Result(duration);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket?.Dispose();
            }
        }
    }

    private sealed class Run(Socket[] sockets, Func<int, byte[]> request, double rate, int total)
    {
        private readonly long _start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 20); // 50 ms to get the thread going
        private readonly long[] _latency = new long[total]; // Stopwatch ticks from the scheduled time; 0 = no answer
        private readonly long[] _sendLag = new long[total]; // Stopwatch ticks from the scheduled time to the write that sent it
        private readonly SocketPoll _poll = new(sockets);
        private readonly Connection[] _connections = [.. sockets.Select((s, c) => new Connection(s, c))];
        private int _next; // the next request to schedule
        private int _answered;
        private int _failed;
        private long _lastAnswer;
        private bool _shortSlice;

        /// <summary>Request i is due at the start of millisecond floor(i × 1000 / rate).</summary>
        private long Scheduled(int i) => _start + ((long)Math.Floor(i * 1000.0 / rate) * Stopwatch.Frequency / 1000);

        public void Loop(CancellationToken cancellationToken)
        {
            // Without it, the loop woke up to 2–5 ms late while service threads held both cores (measured: send lag max
            // 3.5–5 ms, p99 0.4–0.5 ms), and that lateness counted as the service's latency.
            _shortSlice = ThreadLatency.RequestShortSlice(s_slice);
            var graceEnd = long.MaxValue;
            while (_answered < total && !cancellationToken.IsCancellationRequested)
            {
                var now = Stopwatch.GetTimestamp();
                if (_next < total && Scheduled(_next) <= now)
                {
                    Queue(now);
                }

                var open = false;
                foreach (var connection in _connections)
                {
                    if (connection.Open && connection.Pending > 0)
                    {
                        Flush(connection);
                    }

                    open |= connection.Open;
                }

                if (!open)
                {
                    return; // the service closed every connection: what was not answered is reported as not answered
                }

                if (_next == total && graceEnd == long.MaxValue)
                {
                    graceEnd = Stopwatch.GetTimestamp() + (long)(s_grace.TotalSeconds * Stopwatch.Frequency);
                }

                var wakeAt = _next < total ? Scheduled(_next) : graceEnd;
                now = Stopwatch.GetTimestamp();
                if (now >= graceEnd)
                {
                    return;
                }

                for (var c = 0; c < _connections.Length; c++)
                {
                    _poll.Watch(c, _connections[c].Open, _connections[c].Pending > 0);
                }

                _poll.Wait(Math.Max(0, wakeAt - now));
                for (var c = 0; c < _connections.Length; c++)
                {
                    if (_poll.Readable(c))
                    {
                        Receive(_connections[c]);
                    }
                }
            }
        }

        /// <summary>Appends every request due by <paramref name="now"/> to its connection's outgoing bytes.</summary>
        private void Queue(long now)
        {
            while (_next < total && Scheduled(_next) <= now)
            {
                _connections[_next % _connections.Length].Append(request(_next));
                _next++;
            }
        }

        /// <summary>Writes what the connection has queued, as much as the socket takes without blocking.</summary>
        private void Flush(Connection connection)
        {
            var written = connection.Socket.Send(connection.Out.AsSpan(0, connection.Pending), SocketFlags.None, out var error);
            if (error is not (SocketError.Success or SocketError.WouldBlock))
            {
                connection.Open = false; // the service closed it: its requests are reported as not answered
                return;
            }

            connection.Consume(written);
            if (connection.Pending == 0)
            {
                // Everything queued on this connection left with this write: that is when those requests were sent.
                var sentAt = Stopwatch.GetTimestamp();
                for (var i = connection.FirstUnsent; i < _next; i += _connections.Length)
                {
                    _sendLag[i] = sentAt - Scheduled(i);
                }

                connection.FirstUnsent = NextOn(connection.Index, _next);
            }
        }

        /// <summary>The first request at or after <paramref name="i"/> that is dealt to connection <paramref name="c"/>.</summary>
        private int NextOn(int c, int i) => i + ((c - (i % _connections.Length) + _connections.Length) % _connections.Length);

        private void Receive(Connection connection)
        {
            while (true)
            {
                if (connection.InEnd == connection.In.Length)
                {
                    connection.GrowIn();
                }

                var received = connection.Socket.Receive(connection.In.AsSpan(connection.InEnd), SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    return;
                }

                if (error != SocketError.Success || received == 0)
                {
                    connection.Open = false;
                    return;
                }

                connection.InEnd += received;
                var now = Stopwatch.GetTimestamp();
                var start = 0;
                // The k-th answer on connection c belongs to request c + k × connections (requests are dealt round-robin).
                while (connection.NextAnswer < total
                    && HttpResponseParser.TryParse(connection.In.AsSpan(start, connection.InEnd - start), out var consumed, out var status))
                {
                    _latency[connection.NextAnswer] = Math.Max(1, now - Scheduled(connection.NextAnswer));
                    _failed += status is < 200 or > 299 ? 1 : 0;
                    _answered++;
                    start += consumed;
                    connection.NextAnswer += _connections.Length;
                }

                if (start > 0)
                {
                    connection.In.AsSpan(start, connection.InEnd - start).CopyTo(connection.In);
                    connection.InEnd -= start;
                    _lastAnswer = now;
                }
            }
        }

        public OpenLoopResult Result(TimeSpan duration)
        {
            var answered = _latency.Where(l => l > 0).Order().ToArray();
            double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
            double Pct(double p) => answered.Length == 0 ? double.NaN : Ms(answered[Math.Clamp((int)Math.Ceiling(p * answered.Length) - 1, 0, answered.Length - 1)]);
            var elapsed = Math.Max(duration.TotalSeconds, (_lastAnswer - _start) / (double)Stopwatch.Frequency);
            var sent = _connections.Sum(c => (c.FirstUnsent - c.Index + _connections.Length - 1) / _connections.Length);
            var lags = _sendLag.Where((_, i) => i < _connections[i % _connections.Length].FirstUnsent).Order().ToArray();
            var lagP99 = lags.Length == 0 ? double.NaN : Ms(lags[Math.Clamp((int)Math.Ceiling(0.99 * lags.Length) - 1, 0, lags.Length - 1)]);
            return new OpenLoopResult(total, sent, answered.Length, _failed, answered.Length / elapsed,
                Pct(0.50), Pct(0.90), Pct(0.99), Pct(0.999), answered.Length == 0 ? double.NaN : Ms(answered[^1]),
                lags.Length == 0 ? double.NaN : Ms(lags[^1]), lagP99, _shortSlice);
        }
    }

    /// <summary>One keep-alive connection: the bytes queued to send, and the bytes received but not yet parsed.</summary>
    private sealed class Connection(Socket socket, int index)
    {
        public Socket Socket { get; } = socket;
        public int Index { get; } = index;
        public bool Open { get; set; } = true;
        public byte[] Out { get; private set; } = new byte[1 << 14];
        public int Pending { get; private set; }
        public int FirstUnsent { get; set; } = index; // the first request on this connection not yet fully written
        public int NextAnswer { get; set; } = index;  // the request the next answer on this connection belongs to
        public byte[] In { get; private set; } = new byte[1 << 16];
        public int InEnd { get; set; }

        public void GrowIn()
        {
            var grown = new byte[In.Length * 2];
            In.CopyTo(grown, 0);
            In = grown;
        }

        public void Append(byte[] request)
        {
            if (Pending + request.Length > Out.Length)
            {
                var grown = new byte[Math.Max(Out.Length * 2, Pending + request.Length)];
                Out.AsSpan(0, Pending).CopyTo(grown);
                Out = grown;
            }

            request.CopyTo(Out, Pending);
            Pending += request.Length;
        }

        public void Consume(int written)
        {
            Out.AsSpan(written, Pending - written).CopyTo(Out);
            Pending -= written;
        }
    }
}
