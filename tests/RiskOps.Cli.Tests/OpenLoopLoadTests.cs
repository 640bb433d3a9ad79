using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RiskOps.Cli.Commands.Serving;

namespace RiskOps.Cli.Tests;

/// <summary>
/// The open-loop generator against a scripted HTTP server whose answers and stalls are known: every answer is matched
/// to its request across pipelined connections, and a stall counts against every request scheduled during it, which
/// a closed-loop generator (wrk) would not see.
/// </summary>
public sealed class OpenLoopLoadTests
{
    [Fact]
    public async Task OpenLoop_ServerStall_CountsAgainstEveryRequestScheduledDuringIt()
    {
        var ct = TestContext.Current.CancellationToken;
        // 2,000 requests at 2,000 req/s; the server answers nothing between 400 and 500 ms after its first request.
        await using var server = new ScriptedServer(stall: (TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(100)), failEvery: 0);
        var requests = Enumerable.Range(0, 50).Select(i => OpenLoopLoad.Post(server.Endpoint, "/x", $"{{\"id\":{i}}}")).ToArray();

        var result = await OpenLoopLoad.RunAsync(server.Endpoint, i => requests[i % requests.Length], 2_000, TimeSpan.FromSeconds(1), 4, ct);

        Assert.Equal(2_000, result.Scheduled);
        Assert.Equal(2_000, result.Sent);
        Assert.Equal(2_000, result.Answered);
        Assert.Equal(0, result.Failed);
        // ~200 requests (10 %) were due during the stall, waiting 0–100 ms each: the slowest 1 % waited 90–100 ms.
        // A generator that waited for each answer before sending the next would have delayed only the 4 in flight.
        Assert.InRange(result.P99Ms, 70, 150);
        Assert.InRange(result.MaxMs, 95, 200);
        Assert.True(result.P50Ms < 20, $"p50 {result.P50Ms} ms");
    }

    [Fact]
    public async Task OpenLoop_PipelinedAnswers_AreMatchedToTheirRequests()
    {
        var ct = TestContext.Current.CancellationToken;
        // The server fails every request whose id is a multiple of 7, so the count of failures proves each answer was
        // parsed once, whatever the number of requests pipelined per connection and write.
        await using var server = new ScriptedServer(stall: null, failEvery: 7);
        var requests = Enumerable.Range(0, 3_000).Select(i => OpenLoopLoad.Post(server.Endpoint, "/x", $"{{\"id\":{i}}}")).ToArray();

        var result = await OpenLoopLoad.RunAsync(server.Endpoint, i => requests[i], 6_000, TimeSpan.FromSeconds(0.5), 3, ct);

        Assert.Equal(3_000, result.Answered);
        Assert.Equal(Enumerable.Range(0, 3_000).Count(i => i % 7 == 0), result.Failed);
        Assert.Equal(3_000, server.Requests);
    }

    /// <summary>A keep-alive HTTP/1.1 server on loopback that answers each request in order, with an optional stall.</summary>
    private sealed class ScriptedServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly (TimeSpan After, TimeSpan Length)? _stall;
        private readonly int _failEvery;
        private readonly List<Task> _connections = [];
        private readonly Task _accept;
        private long _firstRequest;
        private int _requests;

        public ScriptedServer((TimeSpan After, TimeSpan Length)? stall, int failEvery)
        {
            (_stall, _failEvery) = (stall, failEvery);
            _listener.Start();
            Endpoint = (IPEndPoint)_listener.LocalEndpoint;
            _accept = AcceptAsync();
        }

        public IPEndPoint Endpoint { get; }

        public int Requests => Volatile.Read(ref _requests);

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptSocketAsync(_stop.Token);
                    lock (_connections)
                    {
                        _connections.Add(ServeAsync(client));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private async Task ServeAsync(Socket client)
        {
            using var _ = client;
            var buffer = new byte[1 << 16];
            var filled = 0;
            try
            {
                while (true)
                {
                    var read = await client.ReceiveAsync(buffer.AsMemory(filled), _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                    var answers = new StringBuilder();
                    while (TryTakeRequest(buffer, ref filled, out var id))
                    {
                        Interlocked.Increment(ref _requests);
                        Interlocked.CompareExchange(ref _firstRequest, Stopwatch.GetTimestamp(), 0);
                        await StallAsync();
                        var status = _failEvery > 0 && id % _failEvery == 0 ? "503 Service Unavailable" : "200 OK";
                        answers.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status}\r\nContent-Length: 2\r\n\r\nok");
                    }

                    await client.SendAsync(Encoding.ASCII.GetBytes(answers.ToString()), _stop.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
            }
        }

        /// <summary>Holds an answer until the stall is over, if it falls inside it.</summary>
        private async Task StallAsync()
        {
            if (_stall is not var (after, length))
            {
                return;
            }

            var sinceFirst = Stopwatch.GetElapsedTime(Interlocked.Read(ref _firstRequest));
            if (sinceFirst >= after && sinceFirst < after + length)
            {
                await Task.Delay(after + length - sinceFirst, _stop.Token);
            }
        }

        /// <summary>Takes one whole request off the front of the buffer and reads the "id" of its JSON body.</summary>
        private static bool TryTakeRequest(byte[] buffer, ref int filled, out int id)
        {
            id = -1;
            var data = buffer.AsSpan(0, filled);
            var headerEnd = data.IndexOf("\r\n\r\n"u8);
            if (headerEnd < 0)
            {
                return false;
            }

            var head = Encoding.ASCII.GetString(data[..headerEnd]);
            var lengthLine = head.Split("\r\n").Single(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            var length = headerEnd + 4 + int.Parse(lengthLine["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
            if (filled < length)
            {
                return false;
            }

            var body = Encoding.ASCII.GetString(data[(headerEnd + 4)..length]);
            id = int.Parse(body[(body.IndexOf(':', StringComparison.Ordinal) + 1)..body.IndexOf('}', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            data[length..].CopyTo(buffer);
            filled -= length;
            return true;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accept;
            Task[] connections;
            lock (_connections)
            {
                connections = [.. _connections];
            }

            await Task.WhenAll(connections);
            _stop.Dispose();
        }
    }
}
