using System.Threading.Channels;
using RiskOps.Core.Storage;
using RiskOps.Simulator.Bookings;
using RiskOps.Simulator.Claims;
using RiskOps.Simulator.Driving;
using RiskOps.Simulator.Output;
using RiskOps.Simulator.World;

namespace RiskOps.Simulator;

/// <summary>
/// Generates a synthetic world: raw source files in the formats of docs/data-contract.md under
/// <see cref="DataLayout.RawDir"/> and the ground truth under <see cref="DataLayout.GroundTruthDir"/>.
/// Output is byte-identical for the same options whatever the parallelism; memory stays bounded because the world is
/// generated day by day, blocks of entities in parallel, streamed to disk in order.
/// </summary>
public static class WorldSimulator
{
    private const int CustomersPerBlock = 1_024;
    private const int BaysPerBlock = 16;

    /// <summary>
    /// Runs the simulation. Files are written to a staging folder and moved into place at the end, so a failed or
    /// cancelled run leaves the previous raw and ground-truth folders untouched.
    /// </summary>
    /// <param name="options">World size, seed and defect rates.</param>
    /// <param name="layout">Where raw/ and ground_truth/ go.</param>
    /// <param name="progress">Optional progress per stage.</param>
    /// <param name="cancellationToken">Stops generation; nothing is moved into place.</param>
    /// <exception cref="SimulationException">Invalid options, or existing output without <see cref="SimulationOptions.Overwrite"/>.</exception>
    public static Task<SimulationSummary> RunAsync(
        SimulationOptions options, DataLayout layout, IProgress<SimulationProgress>? progress, CancellationToken cancellationToken) =>
        RunCoreAsync(options, layout, null, progress, cancellationToken);

    /// <summary>
    /// Runs the simulation day by day and hands over each delivery day's raw files as soon as no later day can add to
    /// them, so a consumer can ingest day d while later days are still to come and disk stays bounded. The files are the
    /// same bytes as those of <see cref="RunAsync"/> with the same options. Raw files are not moved into raw/: the handler
    /// may move or copy them, and whatever it leaves is deleted once it returns. Ground truth is moved into place at the end.
    /// </summary>
    /// <param name="options">World size, seed and defect rates.</param>
    /// <param name="layout">Where ground_truth/ goes (raw/ is not touched).</param>
    /// <param name="onDelivery">Called once per delivery day, in date order, on the simulating thread.</param>
    /// <param name="progress">Optional progress per stage.</param>
    /// <param name="cancellationToken">Stops generation.</param>
    /// <exception cref="SimulationException">Invalid options, or existing ground truth without <see cref="SimulationOptions.Overwrite"/>.</exception>
    public static Task<SimulationSummary> StreamAsync(
        SimulationOptions options, DataLayout layout, Func<SimulatedDelivery, CancellationToken, Task> onDelivery,
        IProgress<SimulationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onDelivery);
        return RunCoreAsync(options, layout, onDelivery, progress, cancellationToken);
    }

    private static async Task<SimulationSummary> RunCoreAsync(
        SimulationOptions options, DataLayout layout, Func<SimulatedDelivery, CancellationToken, Task>? onDelivery,
        IProgress<SimulationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(layout);
        options.Validate();
        var started = TimeProvider.System.GetTimestamp();
        foreach (var dir in onDelivery is null ? new[] { layout.RawDir, layout.GroundTruthDir } : [layout.GroundTruthDir])
        {
            if (!options.Overwrite && Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
            {
                throw new SimulationException($"{dir} already holds data; pass --overwrite to replace it");
            }
        }

        var staging = Path.Combine(layout.Root, ".simulate-staging");
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true); // left over from an interrupted run
        }

        var stagingRaw = Path.Combine(staging, "raw");
        var stagingTruth = Path.Combine(staging, "ground_truth");
        try
        {
            progress?.Report(new SimulationProgress("reference", 0, 1));
            var world = WorldBuilder.Build(options);
            SimulationSummary summary;
            using (var sink = new OutputSink(stagingRaw, stagingTruth, options.StartDate))
            {
                ReferenceWriter.WriteReference(world, sink);
                progress?.Report(new SimulationProgress("reference", 1, 1));

                var claims = new ClaimStream(world);
                var trips = new TripGenerator(world);
                var bookings = new BookingGenerator(world);
                sink.StartTruth(TripGenerator.HazardFile, TripGenerator.HazardHeader);
                sink.StartTruth(BookingGenerator.RateFile, "parking_bay_id,bucket_start,expected_bookings");
                sink.StartTruth(ClaimGenerator.ClaimsFile, "claim_id,is_fraud,true_severity_eur");
                sink.StartTruth(ClaimGenerator.IncidentsFile, "incident_id,customer_id,trip_id,occurred_at,claim_id");
                RawSource[] daySources =
                    [RawSource.Weather, RawSource.Traffic, RawSource.PublicEvents, RawSource.Trips, RawSource.Telematics, RawSource.Traces, RawSource.Bookings];
                RawSource[] claimSources = [RawSource.Claims, RawSource.ClaimOutcomes];
                var handedOver = -1;
                // Day-major: every source of day d is generated before day d + 1, so a day's deliveries are complete
                // (late rows go to later dates only) once the day and the claims reported in it are written.
                for (var day = 0; day < options.Days; day++)
                {
                    ReferenceWriter.WriteContextDay(world, sink, day);
                    progress?.Report(new SimulationProgress("context", day + 1, options.Days));
                    await RunBlocksAsync("trips", options, day, options.Customers, CustomersPerBlock, trips.Generate, sink,
                        b => b.Incidents.ForEach(claims.Add), progress, cancellationToken);
                    await RunBlocksAsync("bookings", options, day, options.Bays, BaysPerBlock, bookings.Generate, sink,
                        null, progress, cancellationToken);
                    var last = day == options.Days - 1;
                    sink.Append(claims.Release(last ? null : claims.EarliestReportOfDay(day + 1)));
                    progress?.Report(new SimulationProgress("claims", day + 1, options.Days));
                    sink.CloseThrough(daySources, day);
                    // Claims reported on a day whose claims are still unnumbered hold back that day's delivery.
                    var ready = Math.Min(day, (claims.EarliestPendingReportedDay ?? int.MaxValue) - 1);
                    sink.CloseThrough(claimSources, ready);
                    if (onDelivery is not null)
                    {
                        for (; handedOver < ready; handedOver++)
                        {
                            await HandOverAsync(sink, handedOver + 1, stagingRaw, options, onDelivery, cancellationToken);
                        }
                    }
                }

                sink.CloseTruth(TripGenerator.HazardFile);
                sink.CloseTruth(BookingGenerator.RateFile);
                var incidentsTruth = new Batch(options);
                claims.AppendIncidentsTruth(incidentsTruth);
                sink.Append(incidentsTruth);
                sink.CloseTruth(ClaimGenerator.ClaimsFile);
                sink.CloseTruth(ClaimGenerator.IncidentsFile);
                await WriteExpectedHazardAsync(world, sink, progress, cancellationToken);
                sink.CloseThrough(RawSource.All, int.MaxValue - 1);
                if (onDelivery is not null)
                {
                    foreach (var date in sink.PendingDates.ToList())
                    {
                        await HandOverAsync(sink, date, stagingRaw, options, onDelivery, cancellationToken);
                    }
                }

                summary = new SimulationSummary(
                    new Dictionary<string, long>(sink.RowsBySource), new Dictionary<string, long>(sink.DefectsByKind),
                    claims.IncidentCount, claims.Frauds, TimeProvider.System.GetElapsedTime(started));
            }

            cancellationToken.ThrowIfCancellationRequested();
            var moves = onDelivery is null ? new[] { (stagingRaw, layout.RawDir), (stagingTruth, layout.GroundTruthDir) } : [(stagingTruth, layout.GroundTruthDir)];
            foreach (var (from, to) in moves)
            {
                if (Directory.Exists(to))
                {
                    Directory.Delete(to, recursive: true);
                }

                Directory.Move(from, to);
            }

            Directory.Delete(staging, recursive: true);
            return summary with { Elapsed = TimeProvider.System.GetElapsedTime(started) };
        }
        catch
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            throw;
        }
    }

    private static async Task HandOverAsync(
        OutputSink sink, int date, string rawRoot, SimulationOptions options, Func<SimulatedDelivery, CancellationToken, Task> onDelivery,
        CancellationToken cancellationToken)
    {
        var files = sink.TakeDelivery(date);
        if (files.Count == 0)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        await onDelivery(new SimulatedDelivery(options.StartDate.AddDays(date), rawRoot, files), cancellationToken);
        foreach (var file in files)
        {
            File.Delete(Path.Combine(rawRoot, file));
        }
    }

    /// <summary>
    /// The ex-ante hazard (<see cref="ExpectedHazard"/>): per customer in parallel (each from its own random stream, so
    /// the result does not depend on scheduling), then written day by day.
    /// </summary>
    private static async Task WriteExpectedHazardAsync(WorldModel world, OutputSink sink, IProgress<SimulationProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new SimulationProgress("expected hazard", 0, 1));
        if (world.Options.ExpectedHazardTrips == 0)
        {
            progress?.Report(new SimulationProgress("expected hazard", 1, 1));
            return;
        }

        var expected = new ExpectedHazard(world);
        var perCustomer = new (double Hazard, double ClaimHazard)[world.Customers.Count][];
        await Parallel.ForAsync(0, world.Customers.Count,
            new ParallelOptions { MaxDegreeOfParallelism = world.Options.MaxDegreeOfParallelism, CancellationToken = cancellationToken },
            (i, _) =>
            {
                perCustomer[i] = expected.ForCustomer(world.Customers[i]);
                return ValueTask.CompletedTask;
            });
        sink.StartTruth(ExpectedHazard.File, ExpectedHazard.Header);
        for (var day = 0; day < world.Options.Days; day++)
        {
            sink.Append(ExpectedHazard.Rows(world, day, perCustomer));
        }

        sink.CloseTruth(ExpectedHazard.File);
        progress?.Report(new SimulationProgress("expected hazard", 1, 1));
    }

    /// <summary>
    /// Generates the entity blocks of one day on worker threads and appends them in order. The bounded channel of
    /// pending tasks caps the batches held in memory.
    /// </summary>
    private static async Task RunBlocksAsync(
        string stage, SimulationOptions options, int day, int entities, int blockSize, Func<int, int, int, Batch> generate, OutputSink sink,
        Action<Batch>? onBatch, IProgress<SimulationProgress>? progress, CancellationToken cancellationToken)
    {
        var blocksPerDay = (entities + blockSize - 1) / blockSize;
        var total = (long)blocksPerDay * options.Days;
        using var gate = new SemaphoreSlim(options.MaxDegreeOfParallelism);
        var channel = Channel.CreateBounded<Task<Batch>>(new BoundedChannelOptions(options.MaxDegreeOfParallelism * 2) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                for (var block = 0; block < blocksPerDay; block++)
                {
                    var (from, to) = (block * blockSize, Math.Min(entities, (block + 1) * blockSize));
                    await gate.WaitAsync(cancellationToken);
                    var task = Task.Run(() =>
                    {
                        try
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            return generate(day, from, to);
                        }
                        finally
                        {
                            gate.Release();
                        }
                    }, cancellationToken);
                    await channel.Writer.WriteAsync(task, cancellationToken);
                }
            }
            finally
            {
                channel.Writer.Complete();
            }
        }, cancellationToken);

        await foreach (var task in channel.Reader.ReadAllAsync(cancellationToken))
        {
            var batch = await task;
            sink.Append(batch);
            onBatch?.Invoke(batch);
        }

        await producer;
        progress?.Report(new SimulationProgress(stage, (long)blocksPerDay * (day + 1), total));
    }
}
