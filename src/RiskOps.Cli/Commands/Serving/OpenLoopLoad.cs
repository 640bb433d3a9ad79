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
/// generator's CPU from 35–59 to 76–83 µs per request and the service's from 58–68 to 81–83 µs on two shared cores). The
/// sender sleeps until the next batch is due (<see cref="PreciseSleep"/>; a 1 ms <c>Thread.Sleep</c> started each batch
/// 0–1.1 ms late, and that lateness counted as latency) and then sends everything that is due; it never spins. Latency
/// runs from a request's scheduled time, not from when it actually left, so a stall of the service or of this process
/// counts against every request that should have been sent during it (no coordinated omission), and the result reports
/// how late the sends themselves were (p99 and max). It runs on dedicated threads (one sender, one receiver per
/// connection) and allocates only the request bytes.
/// </summary>
internal static class OpenLoopLoad
{
    private static readonly TimeSpan s_grace = TimeSpan.FromSeconds(5);

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
            }

            var run = new Run(sockets, request, rate, total);
            var receivers = new Thread[connections];
            for (var c = 0; c < connections; c++)
            {
                var connection = c;
                receivers[c] = new Thread(() => run.Receive(connection)) { IsBackground = true, Name = $"load-recv-{c}" };
                receivers[c].Start();
            }

            var sender = new Thread(() => run.Send(cancellationToken)) { IsBackground = true, Name = "load-send" };
            sender.Start();
            await Task.Run(sender.Join, CancellationToken.None);
            var deadline = Stopwatch.GetTimestamp() + (long)(s_grace.TotalSeconds * Stopwatch.Frequency);
            foreach (var receiver in receivers)
            {
                var left = TimeSpan.FromSeconds(Math.Max(0, (deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency));
                await Task.Run(() => receiver.Join(left), CancellationToken.None);
            }

            foreach (var socket in sockets)
            {
                socket.Dispose(); // unblocks a receiver still waiting for answers that will not come
            }

            foreach (var receiver in receivers)
            {
                await Task.Run(receiver.Join, CancellationToken.None);
            }

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
        private readonly long _start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 20); // 50 ms to get the threads going
        private readonly long[] _latency = new long[total]; // Stopwatch ticks from the scheduled time; 0 = no answer
        private readonly long[] _sendLag = new long[total]; // Stopwatch ticks from the scheduled time to the send call
        private int _sent;
        private int _failed;
        private long _maxSendLag;
        private long _lastAnswer;

        /// <summary>Request i is due at the start of millisecond floor(i × 1000 / rate).</summary>
        private long Scheduled(int i) => _start + ((long)Math.Floor(i * 1000.0 / rate) * Stopwatch.Frequency / 1000);

        public void Send(CancellationToken cancellationToken)
        {
            var next = 0;
            try
            {
                while (next < total && !cancellationToken.IsCancellationRequested)
                {
                    var now = Stopwatch.GetTimestamp();
                    if (Scheduled(next) > now)
                    {
                        PreciseSleep.For(Scheduled(next) - now);
                        continue;
                    }

                    _maxSendLag = Math.Max(_maxSendLag, now - Scheduled(next));
                    while (next < total && Scheduled(next) <= now)
                    {
                        _sendLag[next] = Stopwatch.GetTimestamp() - Scheduled(next);
                        sockets[next % sockets.Length].Send(request(next));
                        next++;
                    }
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // The service closed a connection: what was not sent is reported as not answered.
            }

            Volatile.Write(ref _sent, next);
        }

        public void Receive(int connection)
        {
            var buffer = new byte[1 << 16];
            int start = 0, end = 0;
            var socket = sockets[connection];
            // The k-th answer on connection c belongs to request c + k × connections (requests are dealt round-robin).
            var next = connection;
            try
            {
                while (next < total)
                {
                    var received = socket.Receive(buffer, end, buffer.Length - end, SocketFlags.None);
                    if (received == 0)
                    {
                        return;
                    }

                    end += received;
                    var now = Stopwatch.GetTimestamp();
                    while (next < total && HttpResponseParser.TryParse(buffer.AsSpan(start, end - start), out var consumed, out var status))
                    {
                        _latency[next] = Math.Max(1, now - Scheduled(next));
                        if (status is < 200 or > 299)
                        {
                            Interlocked.Increment(ref _failed);
                        }

                        start += consumed;
                        next += sockets.Length;
                    }

                    if (start > 0)
                    {
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        end -= start;
                        start = 0;
                    }

                    if (end == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    InterlockedMax(ref _lastAnswer, now);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Closed after the grace period: the rest is reported as not answered.
            }
        }

        public OpenLoopResult Result(TimeSpan duration)
        {
            var answered = _latency.Where(l => l > 0).Order().ToArray();
            double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
            double Pct(double p) => answered.Length == 0 ? double.NaN : Ms(answered[Math.Clamp((int)Math.Ceiling(p * answered.Length) - 1, 0, answered.Length - 1)]);
            var elapsed = Math.Max(duration.TotalSeconds, (_lastAnswer - _start) / (double)Stopwatch.Frequency);
            var sent = Volatile.Read(ref _sent);
            var lags = _sendLag.AsSpan(0, sent).ToArray();
            Array.Sort(lags);
            var lagP99 = sent == 0 ? double.NaN : Ms(lags[Math.Clamp((int)Math.Ceiling(0.99 * sent) - 1, 0, sent - 1)]);
            return new OpenLoopResult(total, sent, answered.Length, _failed, answered.Length / elapsed,
                Pct(0.50), Pct(0.90), Pct(0.99), Pct(0.999), answered.Length == 0 ? double.NaN : Ms(answered[^1]), Ms(_maxSendLag), lagP99);
        }

        private static void InterlockedMax(ref long target, long value)
        {
            var current = Volatile.Read(ref target);
            while (value > current)
            {
                var seen = Interlocked.CompareExchange(ref target, value, current);
                if (seen == current)
                {
                    return;
                }

                current = seen;
            }
        }
    }
}
